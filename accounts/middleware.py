from allauth.core import ratelimit
from allauth.core.exceptions import RateLimited
from django.http import JsonResponse
from django.utils.translation import gettext as _


class OutboxOwnerMiddleware:
    """Refuses a request kept on a phone while offline if someone else is logged in now.

    A family shares one phone: what the mother did offline must not be recorded as her son's
    because he logged in before the connection came back. The browser's outbox names the
    account it was made under (``X-Outbox-User``) and keeps the request after a 409.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        owner = request.headers.get("X-Outbox-User")
        if owner and str(request.user.pk) != owner:
            return JsonResponse(
                {"error": _("This was done under another account; log in as that person.")},
                status=409,
            )
        return self.get_response(request)


class RateLimitedMiddleware:
    """A limit reached deep inside allauth (an SMS code at signup) is a 429 page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return ratelimit.respond_429(request)
        return None
