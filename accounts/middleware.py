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
