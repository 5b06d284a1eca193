"""The words people type for the same thing, and the one way text is compared.

Learners type without diacritics, in abbreviations and in everyday words ("CCCD", "bhyt",
"o tro"); the lessons are written in full, accented Vietnamese. Both sides are compared
after ``normalise``; a query naming any term of a group also looks for the others.
"""

import re

from base.text import without_accents

_NOT_A_LETTER = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Without accents and in lower case (``base.text``), punctuation read as spaces."""
    return " ".join(_NOT_A_LETTER.sub(" ", without_accents(text)).split())


def words(text: str) -> list[str]:
    return normalise(text).split()


# Each group: terms meaning the same thing to a learner, written as people write them.
GROUPS: list[list[str]] = [
    ["CCCD", "căn cước công dân", "căn cước", "thẻ căn cước", "CMND", "chứng minh nhân dân"],
    ["BHYT", "bảo hiểm y tế", "thẻ bảo hiểm"],
    ["BHXH", "bảo hiểm xã hội", "sổ bảo hiểm"],
    ["DVC", "dịch vụ công", "cổng dịch vụ công", "dichvucong"],
    ["tạm trú", "lưu trú", "ở trọ", "nhà trọ", "thuê nhà"],
    ["thường trú", "hộ khẩu", "sổ hộ khẩu", "nhập khẩu"],
    ["cư trú", "nơi ở"],
    ["khai sinh", "đăng ký khai sinh", "giấy khai sinh", "giấy chứng sinh"],
    ["VNeID", "định danh điện tử", "tài khoản định danh", "app công an"],
    ["OTP", "mã xác thực", "mã xác nhận"],
    ["lừa đảo", "lừa gạt", "bị lừa", "giả mạo"],
    ["ứng dụng", "app", "phần mềm"],
    ["cài ứng dụng", "tải ứng dụng", "cài app", "tải app", "cài đặt"],
    ["đăng nhập", "login", "vào tài khoản"],
    ["mật khẩu", "password", "pass"],
    ["gia hạn", "mua tiếp", "đóng tiếp"],
    ["hồ sơ", "giấy tờ"],
    ["tra cứu", "kiểm tra"],
    ["người lớn tuổi", "người già", "ông bà", "bố mẹ"],
    ["điện thoại", "đt", "smartphone"],
]

_NORMALISED = [sorted({normalise(term) for term in group}) for group in GROUPS]
# Words of the table: known even where no lesson uses them, so never "corrected" away.
VOCABULARY = {word for group in _NORMALISED for term in group for word in term.split()}


def expansions(query: str) -> list[list[str]]:
    """For each group one of whose terms the query contains (as whole words), its other terms,
    normalised: "bhyt" gives ["bao hiem y te", "the bao hiem"]."""
    padded = f" {normalise(query)} "
    found = []
    for group in _NORMALISED:
        if any(f" {term} " in padded for term in group):
            others = [term for term in group if f" {term} " not in padded]
            if others:
                found.append(others)
    return found
