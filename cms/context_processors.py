from django.conf import settings
from django.shortcuts import resolve_url


def learner_home(request):
    """Where "My learning" is, for pages of apps that sit below the one that draws it
    (a quiz's result, the password form): the site decides, as it does after login."""
    return {"learner_home_url": resolve_url(settings.LOGIN_REDIRECT_URL)}
