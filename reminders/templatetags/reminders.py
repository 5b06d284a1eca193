from django import template

from ..selectors import latest_open

register = template.Library()


@register.inclusion_tag("reminders/notice.html", takes_context=True)
def reminder_notice(context):
    """The person's open reminder, at the top of the page: one query for a logged-in person,
    none for a visitor (whose pages are cached alike for everyone)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"reminder": None}
    return {"reminder": latest_open(user=user), "next": request.get_full_path()}
