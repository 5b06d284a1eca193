from django import template

from households.models import Level

register = template.Library()


@register.filter
def level_label(level, empty="–"):
    """A member's or household's annotated best level, in words."""
    return Level(level).label if level else empty
