from django import template

register = template.Library()


@register.inclusion_tag("media/listen.html")
def listen(narration, key, label=""):
    """A listen control for the block ``key`` when it has playable narration; else nothing."""
    return {"clip": (narration or {}).get(str(key)), "label": label}
