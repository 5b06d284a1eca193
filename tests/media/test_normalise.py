import pytest

from media.models import clip_key
from media.normalise import normalise, number_vi


@pytest.mark.parametrize(
    "n, spoken",
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1005, "một nghìn không trăm linh năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (50000, "năm mươi nghìn"),
        (1234567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
    ],
)
def test_vietnamese_numbers(n, spoken):
    assert number_vi(n) == spoken


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("Mang CCCD và thẻ BHYT", "Mang căn cước công dân và thẻ bảo hiểm y tế"),
        ("Đăng nhập VNeID bằng mã OTP", "Đăng nhập Vê Nê Ai Đi bằng mã Ô Tê Pê"),
        ("Tra cứu BHXH trên VssID", "Tra cứu bảo hiểm xã hội trên Vê ét ét Ai Đi"),
        (
            "Hạn chót 1/7/2025.",
            "Hạn chót ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm.",
        ),
        ("ngày 15/03/2026", "ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu"),
        ("Phí 50.000 đồng, giảm 30%", "Phí năm mươi nghìn đồng, giảm ba mươi phần trăm"),
        ("Gọi 0912 345 678", "Gọi không chín một hai ba bốn năm sáu bảy tám"),
        ("Nhập 12 số định danh", "Nhập mười hai số định danh"),
        ("Vào dichvucong.gov.vn", "Vào dichvucong chấm gốp chấm vê en"),
        ("<p>Bấm <b>Đăng nhập</b>&nbsp;ngay</p>", "Bấm Đăng nhập ngay"),
    ],
)
def test_text_is_normalised_as_it_is_said(text, spoken):
    assert normalise(text, "vi") == spoken


def test_other_languages_only_lose_markup():
    assert normalise("<p>Open   VNeID, 12 steps</p>", "en") == "Open VNeID, 12 steps"


def test_cache_key_changes_with_what_is_heard_and_only_that():
    base = clip_key(normalise("<p>Mở VNeID</p>", "vi"), "vi", "vi", "espeak-ng")
    assert base == clip_key(normalise("Mở  <em>VNeID</em>", "vi"), "vi", "vi", "espeak-ng")
    assert base != clip_key(normalise("Mở VNeID ngay", "vi"), "vi", "vi", "espeak-ng")
    assert base != clip_key(normalise("<p>Mở VNeID</p>", "vi"), "vi", "vi", "gtts")
    assert base != clip_key(normalise("<p>Mở VNeID</p>", "vi"), "vi", "vi-vn-x-south", "espeak-ng")
