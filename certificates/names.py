"""A holder's name as the public verification page shows it: enough to match the person in
front of you, not enough to find them.

The family name (the first word) is kept whole, since a few family names are shared by most
people (Nguyễn, Trần, Lê…); every other word is cut to its first letter: "Nguyễn Văn An" →
"Nguyễn V. A.". A one-word name is cut to its first letter too.
"""

import unicodedata


def mask_name(name: str) -> str:
    # NFC first: a letter typed as a base and a combining accent stays one letter.
    words = unicodedata.normalize("NFC", name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0].upper()}."
    family, *others = words
    return " ".join([family, *(f"{word[0].upper()}." for word in others)])
