"""Vietnamese text as people type it into a search box: without accents, in any case."""

import unicodedata


def without_accents(text) -> str:
    """``"  Nguyễn  Văn Đức "`` → ``"nguyen van duc"``: no diacritics, "đ" as "d", lower case,
    single spaces."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())
