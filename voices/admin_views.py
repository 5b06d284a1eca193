"""Editors' pages in the Wagtail admin: review recorded voices, and see how far each language
is voiced. Editors (Wagtail's "Editors" group) and superusers only, checked here on every
request and again in the services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import RejectForm
from .models import Recording


def _editor_only(request) -> None:
    if not services.may_review(request.user):
        raise PermissionDenied


def review(request):
    _editor_only(request)
    language = request.GET.get("language", "")
    if language and language not in dict(settings.LANGUAGES):
        raise Http404
    return render(
        request,
        "voices/admin/review.html",
        {
            "takes": selectors.waiting_for_review(language=language),
            "language": language,
            "languages": settings.LANGUAGES,
            "reject_form": RejectForm(),
        },
    )


def _back(request):
    url, language = reverse("voices_review"), request.POST.get("language", "")
    return redirect(f"{url}?language={language}" if language in dict(settings.LANGUAGES) else url)


@require_POST
def approve(request, pk: int):
    _editor_only(request)
    take = get_object_or_404(Recording, pk=pk)
    try:
        services.approve_recording(recording=take, editor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Approved: readers in %(language)s now hear this recording.")
            % {"language": dict(settings.LANGUAGES)[take.language]},
        )
    return _back(request)


@require_POST
def reject(request, pk: int):
    _editor_only(request)
    take = get_object_or_404(Recording, pk=pk)
    form = RejectForm(request.POST)
    try:
        services.reject_recording(
            recording=take,
            editor=request.user,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rejected. The contributor sees your reason."))
    return _back(request)


def progress(request):
    _editor_only(request)
    return render(
        request,
        "voices/admin/progress.html",
        {"languages": selectors.progress_by_language()},
    )


def language_progress(request, language: str):
    _editor_only(request)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    return render(
        request,
        "voices/admin/language_progress.html",
        {"progress": selectors.language_progress(language=language)},
    )
