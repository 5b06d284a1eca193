import json
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Locale, Page

from accounts.roles import Role, role_required
from courses.models import CoursePage
from courses.selectors import (
    cohort_for_trainer,
    cohort_members,
    essential_courses,
    open_invitations,
)
from quizzes.selectors import activity_report, quiz_report

from .blocks import caption_tracks
from .models import LessonPage, LessonVideo
from .selectors import (
    course_h5p_activities,
    course_quizzes,
    learner_courses,
    lesson_page_state,
    offline_pack,
)
from .services import record_practice_run, record_progress


class ProgressForm(forms.Form):
    client_id = forms.UUIDField()


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@login_required
def lesson_progress(request, lesson_id):
    """Mark a lesson done. Works as a plain form post and as a fetch() returning JSON."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    form = ProgressForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("This request could not be read. Reload the page and try again.")
    else:
        try:
            record_progress(
                user=request.user, lesson=lesson, client_id=form.cleaned_data["client_id"]
            )
        except ValidationError as exc:
            error = exc.messages[0]
    state = lesson_page_state(user=request.user, lesson=lesson)
    if _wants_json(request):
        progress = state["progress"]
        body = {
            "lesson_done": state["is_done"],
            "done": progress.done,
            "total": progress.total,
            "percent": progress.percent,
            "progress_text": _("%(done)s of %(total)s lessons done")
            % {"done": progress.done, "total": progress.total},
            "next_url": state["next_lesson"].url if state["next_lesson"] else None,
        }
        if error:
            return JsonResponse({**body, "error": error}, status=400)
        return JsonResponse(body)
    if error:
        messages.error(request, error)
        return redirect(lesson.url)
    messages.success(request, _("Lesson done. Well done!"))
    following = state["next_lesson"]
    return redirect(following.url if following else state["course"].url)


def _practice_message(run) -> str:
    if not run.completed:
        return _("Practice saved: %(right)s of %(screens)s screens.") % {
            "right": run.right_taps,
            "screens": run.screens,
        }
    if run.without_help:
        return _("Practice saved: done without help.")
    return ngettext(
        "Practice saved: done with %(hints)s hint.",
        "Practice saved: done with %(hints)s hints.",
        run.hints_shown,
    ) % {"hints": run.hints_shown}


@require_POST
@login_required
def practice_run(request, lesson_id):
    """A run of a lesson's practice step, sent as JSON by lessons/static/lessons/practice.js
    (through the outbox: ``{"client_id", "block_id", "taps"}``); scored by the server."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        body = json.loads(request.body or b"{}")
        client_id = UUID(str(body["client_id"]))
        block_id = body["block_id"]
        if not isinstance(block_id, str) or not 0 < len(block_id) <= 64:
            raise ValueError(block_id)
        taps = body["taps"]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: nested JSON
        return JsonResponse(
            {"error": _("This request could not be read. Reload the page and try again.")},
            status=400,
        )
    try:
        run, _created = record_practice_run(
            user=request.user, lesson=lesson, block_id=block_id, client_id=client_id, taps=taps
        )
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    return JsonResponse(
        {
            "recorded": True,
            "completed": run.completed,
            "without_help": run.without_help,
            "screens": run.screens,
            "right_taps": run.right_taps,
            "wrong_taps": run.wrong_taps,
            "message": _practice_message(run),
        }
    )


@role_required(Role.TRAINER)
def cohort_quiz_report(request, cohort_id):
    """Attempts, scores and the questions most often missed, for one of the trainer's cohorts."""
    cohort = cohort_for_trainer(user=request.user, cohort_id=cohort_id)
    member_ids = list(cohort_members(cohort=cohort).values_list("pk", flat=True))
    reports = [
        quiz_report(quiz=quiz, user_ids=member_ids) for quiz in course_quizzes(course=cohort.course)
    ] + [
        activity_report(activity=activity, user_ids=member_ids)
        for activity in course_h5p_activities(course=cohort.course)
    ]
    return render(
        request,
        "lessons/cohort_quiz_report.html",
        {"cohort": cohort, "reports": reports, "member_count": len(member_ids)},
    )


@login_required
def my_learning(request):
    locale = Locale.get_active()
    courses = learner_courses(user=request.user, locale=locale)
    return render(
        request,
        "lessons/my_learning.html",
        {
            "courses": courses,
            "invitations": open_invitations(user=request.user),
            # Somewhere to start for a learner with no course yet: the essential ones.
            "start_here": [] if courses else essential_courses(locale=locale),
        },
    )


def captions(request, page_id, block_id, index):
    """One caption track of a lesson video, as text/vtt for the <track> element."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    tracks = caption_tracks(lesson.body, block_id)
    if index >= len(tracks):
        raise Http404
    return HttpResponse(tracks[index], content_type="text/vtt; charset=utf-8")


def video_captions(request, video_id):
    """The captions of a lesson's video, as text/vtt for the <track> element."""
    video = get_object_or_404(
        LessonVideo, pk=video_id, status=LessonVideo.Status.READY, lesson__live=True
    )
    return HttpResponse(video.captions, content_type="text/vtt; charset=utf-8")


def offline_pack_view(request, page_id):
    """The pages "save for offline" stores for a lesson or a course, as JSON."""
    page = get_object_or_404(Page.objects.live().type(LessonPage, CoursePage), pk=page_id)
    return JsonResponse(offline_pack(page=page.specific, user=request.user))
