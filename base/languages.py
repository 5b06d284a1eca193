"""Which language a piece of the page is really in, so ``lang`` attributes tell the truth.

The interface is translated into Vietnamese and English. A minority language's catalogue
holds only what its translators wrote (the short interface: menus, buttons, the fallback
note); every other string falls back to Vietnamese (Django's fallback to LANGUAGE_CODE). So a
reader of H'Mông mostly reads Vietnamese, and a screen reader or a browser's read-aloud must
be told so, part by part.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real


def interface_language() -> str:
    """The language the page frame is written in for the active reader: theirs where the
    whole interface is translated, otherwise Vietnamese."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in settings.UI_TRANSLATED_LANGUAGES else settings.LANGUAGE_CODE


def language_of(message: str) -> str:
    """The language ``gettext(message)`` comes out in for the active reader: theirs where
    their catalogue translates it (a translator wrote it), else the interface language."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    if active in settings.UI_TRANSLATED_LANGUAGES:
        return active
    # The catalogue's own entries, without the Vietnamese fallback behind it.
    own = trans_real.translation(active)._catalog
    return active if message in own else settings.LANGUAGE_CODE


def content_language(page) -> str:
    """The language a page's own text is in: an alias standing in for a missing translation
    shows its original's text."""
    source = page.alias_of if getattr(page, "alias_of_id", None) else page
    return source.locale.language_code
