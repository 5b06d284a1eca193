"""The voice contributor's pages, on a phone: lessons to record, then one part at a time."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role, role_required
from media.audio import max_recording_seconds

from . import selectors, services
from .forms import SendForm


def _language(code: str) -> str:
    if code not in dict(settings.LANGUAGES):
        raise Http404
    return code


def _lesson(lesson_id: int):
    return get_object_or_404(selectors.source_lessons(), pk=lesson_id)


def _part_url(lesson, language: str, block_id: str | None = None) -> str:
    url = reverse("voices:lesson", args=[lesson.pk, language])
    return f"{url}?phan={block_id}" if block_id else url


@role_required(Role.VOICE_CONTRIBUTOR)
def lessons(request):
    language = request.GET.get("language") or selectors.default_language(request.user)
    language = _language(language)
    return render(
        request,
        "voices/lessons.html",
        {
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "languages": selectors.content_languages(),
            "lessons": selectors.lessons_for(language=language),
        },
    )


def _chosen(states, wanted: str | None):
    """The part asked for, else the first that needs a voice, else the first."""
    by_id = {state.block_id: state for state in states}
    if wanted in by_id:
        return by_id[wanted]
    return next((state for state in states if state.needs_recording), states[0])


@role_required(Role.VOICE_CONTRIBUTOR)
def lesson(request, lesson_id: int, language: str):
    language, page = _language(language), _lesson(lesson_id)
    states = selectors.block_states(lesson=page, language=language)
    if not states:
        raise Http404
    part = _chosen(states, request.GET.get("phan"))
    position = states.index(part)
    following = states[position + 1] if position + 1 < len(states) else None
    return render(
        request,
        "voices/lesson.html",
        {
            "lesson": page,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "states": states,
            "part": part,
            "number": position + 1,
            "previous_url": _part_url(page, language, states[position - 1].block_id)
            if position
            else "",
            "next_url": _part_url(page, language, following.block_id) if following else "",
            "form": SendForm(initial={"block_id": part.block_id, "client_id": uuid.uuid4()}),
            "max_seconds": int(max_recording_seconds()),
            "max_bytes": services.max_upload_bytes(),
        },
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@role_required(Role.VOICE_CONTRIBUTOR)
def send(request, lesson_id: int, language: str):
    """Receive one take: JSON for the recorder script, a redirect for the plain form."""
    language, page = _language(language), _lesson(lesson_id)
    form = SendForm(request.POST, request.FILES)
    if not form.is_valid():
        problem = _("Record the part, or choose an audio file, then send it.")
        if _wants_json(request):
            return JsonResponse({"error": problem}, status=400)
        messages.error(request, problem)
        return redirect(_part_url(page, language, request.POST.get("block_id")))
    block_id = form.cleaned_data["block_id"]
    try:
        services.submit_recording(
            contributor=request.user,
            lesson=page,
            block_id=block_id,
            language=language,
            upload=form.cleaned_data["audio"],
            client_id=form.cleaned_data["client_id"],
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.messages[0]}, status=400)
        messages.error(request, error.messages[0])
        return redirect(_part_url(page, language, block_id))
    states = selectors.block_states(lesson=page, language=language)
    ids = [state.block_id for state in states]
    after = ids[ids.index(block_id) + 1 :] if block_id in ids else []
    following = next(
        (state.block_id for state in states if state.block_id in after and state.needs_recording),
        after[0] if after else None,
    )
    messages.success(request, _("Sent. An editor will listen to it soon. Thank you!"))
    next_url = (
        _part_url(page, language, following)
        if following
        else f"{reverse('voices:lessons')}?language={language}"
    )
    if _wants_json(request):
        return JsonResponse({"ok": True, "next": next_url})
    return redirect(next_url)
