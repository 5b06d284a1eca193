"""Icons drawn as inline SVG, always beside words.

Emoji and symbol characters (🔊, ⏸, 📥, ✓, ←) show as empty boxes on phones whose fonts lack
them; a few SVG paths draw the same on every phone, cost nothing to download and take the
text colour. The icon is decoration (``aria-hidden``): the words next to it say what it means.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_STROKE = (
    'fill="none" stroke="currentColor" stroke-width="2.5" '
    'stroke-linecap="round" stroke-linejoin="round"'
)
_FILL = 'fill="currentColor"'

ICONS = {
    "listen": f'<path d="M3 9h4l5-4v14l-5-4H3z" {_FILL}/>'
    f'<path d="M16 9a4 4 0 0 1 0 6M18.5 6a8 8 0 0 1 0 12" {_STROKE}/>',
    "pause": f'<path d="M6 5h4v14H6zM14 5h4v14h-4z" {_FILL}/>',
    "play": f'<path d="M7 4l13 8-13 8z" {_FILL}/>',
    "save": f'<path d="M12 3v12M7 10l5 5 5-5M4 20h16" {_STROKE}/>',
    "check": f'<path d="M4 12l5 5L20 6" {_STROKE}/>',
    "cross": f'<path d="M6 6l12 12M18 6L6 18" {_STROKE}/>',
    "back": f'<path d="M15 5l-7 7 7 7" {_STROKE}/>',
    "next": f'<path d="M9 5l7 7-7 7" {_STROKE}/>',
    "external": f'<path d="M14 4h6v6M20 4l-9 9M18 14v6H4V6h6" {_STROKE}/>',
    "phone": '<path d="M6 3h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 4 5'
    f'a2 2 0 0 1 2-2z" {_FILL}/>',
    "mic": '<path d="M12 15a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v7a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5'
    f'a7 7 0 0 0 6 6.9V22h2v-3.1A7 7 0 0 0 19 12Z" {_FILL}/>',
    "up": f'<path d="M12 19V5M6 11l6-6 6 6" {_STROKE}/>',
    "down": f'<path d="M12 5v14M6 13l6 6 6-6" {_STROKE}/>',
}


@register.simple_tag
def icon(name: str) -> str:
    """``{% icon "listen" %}``: the icon's SVG, sized to the text beside it."""
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
        'focusable="false">{}</svg>',
        mark_safe(ICONS[name]),
    )
