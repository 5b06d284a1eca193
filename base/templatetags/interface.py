"""``lang`` attributes that tell the truth (see base/languages.py)."""

from django import template

from base import languages

register = template.Library()


@register.simple_tag
def interface_language() -> str:
    return languages.interface_language()


@register.simple_tag
def language_of(message: str) -> str:
    """The language ``message`` is shown in; pass the msgid exactly as translated."""
    return languages.language_of(message)


@register.filter
def content_language(page) -> str:
    return languages.content_language(page)
