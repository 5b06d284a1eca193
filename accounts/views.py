from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base.audit import audit

from . import selectors, services
from .forms import AssignTrainerForm, LanguageForm
from .roles import Role, role_required
from .services import set_preferred_language, user_for_login_token

# Who assigns trainers to communes (each within their own scope: selectors.communes_whose_trainers).
_ASSIGNERS = (Role.COMMUNE_OFFICIAL, Role.PROVINCE_ADMIN)


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


@role_required(*_ASSIGNERS)
def trainer_communes(request):
    """Where an official or a province administrator starts: the communes whose trainers they
    assign; an official, who has one, goes straight to it."""
    communes = selectors.communes_whose_trainers(request.user).select_related("province")
    communes = list(communes.order_by("province__name", "name"))
    if len(communes) == 1:
        return redirect("accounts:commune_trainers", code=communes[0].code)
    counts = selectors.trainer_counts(communes=communes)
    for commune in communes:
        commune.trainer_count = counts.get(commune.pk, 0)
    return render(request, "accounts/trainer_communes.html", {"communes": communes})


def _commune_for_assigner(request, code):
    """A commune whose trainers the user assigns; 404 for any other, so a code reveals nothing."""
    return get_object_or_404(
        selectors.communes_whose_trainers(request.user).select_related("province"), code=code
    )


@role_required(*_ASSIGNERS)
def commune_trainers(request, code):
    """The trainers serving a commune; add one by username or verified phone number."""
    commune = _commune_for_assigner(request, code)
    form = AssignTrainerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trainer = form.cleaned_data["trainer"]
        services.assign_trainer(by=request.user, trainer=trainer, commune=commune)
        messages.success(
            request,
            _("%(name)s now serves %(commune)s.")
            % {"name": trainer.display_name, "commune": commune.name},
        )
        return redirect("accounts:commune_trainers", code=commune.code)
    assignments = list(selectors.trainers_serving(commune=commune))
    return render(
        request,
        "accounts/commune_trainers.html",
        {
            "commune": commune,
            "assignments": assignments,
            "carried_over": any(a.assigned_by_id is None for a in assignments),
            "form": form,
            "several_communes": selectors.communes_whose_trainers(request.user)[:2].count() > 1,
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@role_required(*_ASSIGNERS)
def commune_trainer_remove(request, code, user_id):
    commune = _commune_for_assigner(request, code)
    assignment = get_object_or_404(selectors.trainers_serving(commune=commune), trainer_id=user_id)
    services.remove_trainer(by=request.user, trainer=assignment.trainer, commune=commune)
    messages.success(
        request,
        _("%(name)s no longer serves %(commune)s.")
        % {"name": assignment.trainer.display_name, "commune": commune.name},
    )
    return redirect("accounts:commune_trainers", code=commune.code)
