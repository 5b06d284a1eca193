"""Finding households by what officials type: names and codes, with or without Vietnamese
diacritics, in any case.

Each household stores its ``search_text``: its code, its head's name and its members' names,
lower-cased, accents stripped and "đ" written "d". A search normalises what was typed the same
way and looks for it inside that column, so it works alike on SQLite and PostgreSQL, with no
database extension. Pure functions: the data migration uses them too.
"""

from collections.abc import Iterable

from base.text import without_accents as normalise

# Between the parts, so that a search never matches across two names.
SEPARATOR = " | "


def search_text(code: str, head_name: str, member_names: Iterable[str] = ()) -> str:
    """What a household is found by, each part normalised, duplicates once."""
    parts = []
    for part in (code, head_name, *member_names):
        key = normalise(part)
        if key and key not in parts:
            parts.append(key)
    return SEPARATOR.join(parts)
