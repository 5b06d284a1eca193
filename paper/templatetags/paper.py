from django import template
from django.utils.safestring import mark_safe

from base.qr import qr_svg

register = template.Library()


@register.simple_tag
def qr(url: str) -> str:
    """The QR code of ``url`` as inline SVG, sized by the stylesheet."""
    return mark_safe(qr_svg(url, scalable=True))  # segno's own markup, no user text
