"""A newcomer signs up with a phone on a small phone: few rules, a number pad for the code,
one obvious button, their number as they know it, and somewhere to start."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts import sms
from tests.factories import course_with_lessons

SHOTS = Path("var/screenshots/signup")


@pytest.fixture
def site(transactional_db):
    course = course_with_lessons(title="Tài khoản định danh VNeID", slug="vneid", lessons=2)
    course.is_essential = True
    course.save_revision().publish()
    return course


def primary_buttons(page):
    return page.get_by_role("main").locator("button.primary, .button.primary")


def test_a_newcomer_signs_up_by_phone_and_finds_where_to_start(live_server, page, site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_label("Số điện thoại")).to_be_visible()
    page.screenshot(path=SHOTS / "1-signup.png", full_page=True)
    assert primary_buttons(page).filter(visible=True).count() == 1
    # The username is optional and says why one would want it.
    expect(page.get_by_role("main")).to_contain_text("không bắt buộc")

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Họ và tên").fill("Lò Thị Xuân")
    page.locator("#id_password1").fill("xuan2026")  # short and simple is allowed: 8 characters
    page.locator("#id_password2").fill("xuan2026")
    page.get_by_role("main").get_by_role("button", name="Đăng ký").click()

    code_box = page.locator("input[name=code]")
    expect(code_box).to_be_visible()
    assert code_box.get_attribute("inputmode") == "numeric"
    assert code_box.get_attribute("autocomplete") == "one-time-code"
    main = page.get_by_role("main").inner_text()
    assert "0912 345 678" in main and "+84" not in main
    assert primary_buttons(page).filter(visible=True).count() == 1
    page.screenshot(path=SHOTS / "2-code.png", full_page=True)

    code = re.search(r"(\d{6})", sms.outbox[-1]["message"]).group(1)
    code_box.fill(code)
    primary_buttons(page).click()
    page.goto(live_server.url + "/hoc-tap/")
    cards = page.get_by_test_id("start-here").get_by_test_id("course-card")
    expect(cards.first).to_contain_text("Tài khoản định danh VNeID")
    page.screenshot(path=SHOTS / "3-my-learning-empty.png", full_page=True)
