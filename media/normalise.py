"""Text as it should be read aloud. Vietnamese: numbers, dates, percentages, phone and ID
numbers, web addresses and the abbreviations our lessons use, spelled as a person says them.
Synthesis and the narration cache key both use this form, so a change that does not change
what is heard (markup, spacing) does not make narration stale."""

import html
import re
import unicodedata

from django.utils.html import strip_tags

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

# Said the way a Vietnamese trainer says them to a learner.
ABBREVIATIONS_VI = {
    "VNeID": "Vê Nê Ai Đi",
    "VssID": "Vê ét ét Ai Đi",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "UBND": "ủy ban nhân dân",
    "OTP": "Ô Tê Pê",
    "SMS": "ét em ét",
    "QR": "kiu a",
    "CH Play": "Xê Hát Plây",
    "App Store": "Áp Xto",
    "iPhone": "ai phôn",
    "Wi-Fi": "oai phai",
    "Zalo": "Da lô",
}
DOMAIN_PARTS_VI = {"gov": "gốp", "vn": "vê en", "com": "com", "www": "vê kép vê kép vê kép"}


def _three(n: int, leading: bool) -> str:
    """Read 0..999; ``leading`` is False for groups after the first (1.005 = một nghìn
    không trăm linh năm)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens > 1:
            words.append("mốt")
        elif units == 4 and tens > 1:
            words.append("tư")
        elif units == 5 and tens > 0:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return " ".join(words)


def number_vi(n: int) -> str:
    if n == 0:
        return "không"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    units = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        leading = index == len(groups) - 1
        words.append(_three(group, leading))
        if units[index]:
            words.append(units[index])
    return " ".join(words)


def _digits_vi(text: str) -> str:
    return " ".join(DIGITS[int(d)] for d in text if d.isdigit())


def _domain_vi(match: re.Match) -> str:
    parts = match.group(0).split(".")
    return " chấm ".join(DOMAIN_PARTS_VI.get(part.lower(), part) for part in parts)


def _number_token_vi(match: re.Match) -> str:
    token = match.group(0)
    plain = token.replace(".", "").replace(" ", "")
    # Phone, ID-card and code numbers are read digit by digit.
    if plain.startswith(("0", "+")) and len(plain) >= 4 or len(plain) >= 9:
        return _digits_vi(plain)
    if "," in plain:  # decimal comma: 2,5 = hai phẩy năm
        whole, _, fraction = plain.partition(",")
        spoken = _digits_vi(fraction) if fraction.startswith("0") else number_vi(int(fraction))
        return f"{number_vi(int(whole))} phẩy {spoken}"
    return number_vi(int(plain))


def plain_text(value: str) -> str:
    text = html.unescape(strip_tags(str(value)))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def normalise(value: str, language: str) -> str:
    text = plain_text(value)
    if language != "vi":
        return text
    for short, spoken in sorted(ABBREVIATIONS_VI.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", spoken, text)
    text = re.sub(
        r"\b(?:[a-z0-9-]+\.)+(?:gov|vn|com)(?:\.vn)?\b", _domain_vi, text, flags=re.IGNORECASE
    )
    text = re.sub(
        r"(?:ngày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b",
        lambda m: (
            f"ngày {number_vi(int(m[1]))} tháng {number_vi(int(m[2]))} năm {number_vi(int(m[3]))}"
        ),
        text,
    )
    text = re.sub(r"(\d+)\s?%", lambda m: f"{number_vi(int(m[1]))} phần trăm", text)
    text = re.sub(r"\+?\d+(?:[.\s]\d{3})+(?!\d)|\+?\d+(?:,\d+)?", _number_token_vi, text)
    return re.sub(r"\s+", " ", text).strip()
