from django.conf import settings
from django.contrib.auth import login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.audit import audit

from .forms import LanguageForm
from .services import set_preferred_language, user_for_login_token


def qr_login(request, token):
    """Log in from the QR code on a printed sheet; a POST, so link previews cannot log anyone in."""
    user = user_for_login_token(token)
    if user is None:
        return render(
            request,
            "accounts/qr_login.html",
            {"error": _("This login code is no longer valid. Ask your trainer for a new sheet.")},
            status=400,
        )
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        audit(user=user, action="account.qr_login", target=f"user:{user.pk}")
        return HttpResponseRedirect(
            translate_url(reverse("lessons:my_learning"), user.preferred_language)
        )
    return render(request, "accounts/qr_login.html", {"login_user": user})


@require_POST
def choose_language(request):
    """Switch the interface language and remember it on the account."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    if not form.is_valid():
        return HttpResponseRedirect(next_url)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=language)
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response
