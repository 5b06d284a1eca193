import json
import uuid
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from csp.decorators import csp_update
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from media.selectors import playable_narration

from . import h5p_results, h5p_store, selectors, services
from .forms import question_prefix, response_from_post, shuffled_steps, whole_quiz_responses
from .grading import grade
from .models import Attempt, H5PActivity, Quiz
from .narration import narratable_texts, narration_owner


class ClientIdForm(forms.Form):
    client_id = forms.UUIDField()


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _client_id_or_error(request):
    form = ClientIdForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["client_id"]
    raise ValidationError(_("This request could not be read. Reload the page and try again."))


def _question_url(attempt: Attempt, number: int) -> str:
    return reverse("quiz_question", args=[attempt.pk, number])


@login_required
def quiz_start_page(request, quiz_id):
    quiz = selectors.quiz_in_locale(get_object_or_404(Quiz, pk=quiz_id))
    source = selectors.source_quiz(quiz)
    attempts = selectors.attempts_of(user=request.user, quiz=source)
    finished = [a for a in attempts if a.is_finished]
    left = max(0, source.max_attempts - len(finished)) if source.max_attempts else None
    return render(
        request,
        "quizzes/quiz_start.html",
        {
            "quiz": quiz,
            "source": source,
            "attempts": finished,
            "open_attempt": selectors.open_attempt(user=request.user, quiz=source),
            "attempts_left": left,
            "client_id": uuid.uuid4(),
        },
    )


@require_POST
@login_required
def quiz_start(request, quiz_id):
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    try:
        attempt = services.start_attempt(
            user=request.user, quiz=quiz, client_id=_client_id_or_error(request)
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("quiz", quiz_id=quiz.pk)
    number = selectors.next_question_number(attempt)
    if number is None:
        return redirect("quiz_result", attempt_id=attempt.pk)
    return redirect(_question_url(attempt, number))


def _own_attempt(request, attempt_id) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user
    )


@login_required
def quiz_question(request, attempt_id, number):
    attempt = _own_attempt(request, attempt_id)
    shown = selectors.quiz_in_locale(attempt.quiz)
    questions = shown.question_list
    if not 1 <= number <= len(questions):
        raise Http404
    question = questions[number - 1]
    answer = attempt.answers.filter(question_id=question.id).first()
    feedback, error = [], None
    if request.method == "POST":
        try:
            client_id = _client_id_or_error(request)
            response = response_from_post(question, request.POST)
            answer, feedback = services.answer_question(
                attempt=attempt, question_id=question.id, response=response, client_id=client_id
            )
        except ValidationError as exc:
            error = exc.messages[0]
        attempt.refresh_from_db()
        if _wants_json(request):
            return _answer_json(attempt, number, answer, feedback, error)
        if error is None:
            # Post/redirect/get: a reload does not resend the answer.
            request.session[f"quiz-feedback-{attempt.pk}-{number}"] = feedback
            return redirect(_question_url(attempt, number))
    elif answer:
        feedback = request.session.pop(f"quiz-feedback-{attempt.pk}-{number}", None)
        if feedback is None:
            feedback = grade(question, answer.response).feedback
    following = number + 1 if number < len(questions) else None
    texts = narratable_texts(shown)
    narration = playable_narration(
        owner=narration_owner(shown),
        language=shown.locale.language_code,
        texts={
            key: texts[key]
            for key in [question.id, *(c.id for c in question.choices)]
            if key in texts
        },
    )
    return render(
        request,
        "quizzes/question.html",
        {
            "narration": narration,
            "attempt": attempt,
            "quiz": shown,
            "question": question,
            "number": number,
            "total": len(questions),
            "answer": answer,
            "feedback": feedback,
            "error": error,
            "next_url": _question_url(attempt, following) if following else None,
            "steps": shuffled_steps(question, f"{attempt.pk}-{question.id}")
            if question.type == "ordering"
            else None,
            "client_id": uuid.uuid4(),
        },
        status=400 if error else 200,
    )


def _answer_json(attempt, number, answer, feedback, error):
    following = number + 1 if number < attempt.question_count else None
    body = {
        "correct": answer.correct if answer else None,
        "score": answer.score if answer else None,
        "feedback": feedback,
        "attempt_finished": attempt.is_finished,
        "next_url": _question_url(attempt, following)
        if following
        else reverse("quiz_result", args=[attempt.pk]),
    }
    if error:
        return JsonResponse({**body, "error": error}, status=400)
    return JsonResponse(body)


@login_required
def quiz_whole(request, quiz_id):
    """The whole quiz on one page: it can be saved for offline use, filled in without a
    connection and sent later. Answers are graded when they arrive."""
    quiz = selectors.quiz_in_locale(get_object_or_404(Quiz, pk=quiz_id))
    source = selectors.source_quiz(quiz)
    error = None
    if request.method == "POST":
        try:
            attempt = services.answer_whole_quiz(
                user=request.user,
                quiz=source,
                client_id=_client_id_or_error(request),
                responses=whole_quiz_responses(quiz.question_list, request.POST),
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            result_url = reverse("quiz_result", args=[attempt.pk])
            if _wants_json(request):
                return JsonResponse(
                    {
                        "attempt_finished": attempt.is_finished,
                        "percent": attempt.percent,
                        "passed": attempt.passed,
                        "result_url": result_url,
                        "message": _("Quiz sent: %(percent)s%%") % {"percent": attempt.percent},
                    }
                )
            return redirect(result_url)
        if _wants_json(request):
            return JsonResponse({"error": error}, status=400)
    texts = narratable_texts(quiz)
    questions = [
        {
            "question": question,
            "number": number,
            "prefix": question_prefix(number),
            "steps": shuffled_steps(question, f"{source.pk}-{question.id}")
            if question.type == "ordering"
            else None,
        }
        for number, question in enumerate(quiz.question_list, start=1)
    ]
    return render(
        request,
        "quizzes/quiz_whole.html",
        {
            "quiz": quiz,
            "source": source,
            "questions": questions,
            "error": error,
            "client_id": uuid.uuid4(),
            "narration": playable_narration(
                owner=narration_owner(quiz), language=quiz.locale.language_code, texts=texts
            ),
        },
        status=400 if error else 200,
    )


@login_required
def quiz_result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    shown = selectors.quiz_in_locale(attempt.quiz)
    answers = {a.question_id: a for a in attempt.answers.all()}
    to_review = [
        (number, question)
        for number, question in enumerate(shown.question_list, start=1)
        if question.id not in answers or not answers[question.id].correct
    ]
    if not attempt.is_finished:
        number = selectors.next_question_number(attempt)
        return redirect(_question_url(attempt, number))
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": shown,
            "to_review": to_review,
        },
    )


# --- H5P ---------------------------------------------------------------------------------


# Content files are fetched from inside the sandbox (an opaque origin that sends no cookies),
# so the player page, which a logged-in learner opens, hands the frame a signed path instead.
_CONTENT_TOKEN_SALT = "quizzes.h5p-content"
_CONTENT_TOKEN_MAX_AGE = timedelta(hours=12)
# Whatever is served from H5P storage runs nowhere on the site's origin, even opened directly.
_FILE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Formats a browser would run as a document if it were opened directly: downloaded instead.
_DOWNLOADED_SUFFIXES = {".svg", ".xml", ".html", ".htm", ".xhtml"}


def _content_folder(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_CONTENT_TOKEN_SALT, max_age=_CONTENT_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None


# H5P content types write style attributes into their markup; scripts still come only from
# our own files. The policy's sandbox keeps the page on an opaque origin however it is opened,
# not only inside the lesson's sandboxed frame.
@csp_update({"style-src": ["'unsafe-inline'"], "sandbox": ["allow-scripts"]})
@xframe_options_sameorigin
@login_required
def h5p_play(request, activity_id):
    """The player page, for a learner who can see a lesson placing the activity: the
    content's JavaScript cannot reach the learner's session; results come out by
    postMessage to the lesson page."""
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    if not selectors.can_play(request=request, activity=activity):
        raise Http404
    files = reverse("h5p_file", args=["x"])[:-1]
    token = signing.dumps(str(activity.folder), salt=_CONTENT_TOKEN_SALT)
    folder = f"{files}content/{token}"
    options = {
        "h5pJsonPath": folder,
        "contentJsonPath": folder,
        "librariesPath": f"{files}libraries",
        "frameJs": static("h5p-standalone/frame.bundle.js"),
        "frameCss": static("h5p-standalone/styles/h5p.css"),
        # Our sandboxed frame is the isolation; a second, nested iframe would only add weight.
        "embedType": "div",
        "frame": False,
        "icon": False,
        "id": str(activity.folder),
    }
    origin = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "quizzes/h5p_play.html",
        {"activity": activity, "options": options, "parent_origin": origin},
    )


def h5p_file(request, path):
    """Serves installed H5P libraries (public code) and, under a signed path the player page
    hands out, an activity's content, to the sandboxed player.

    The player's origin is opaque ("null"), so these files carry a CORS header.
    """
    kind, _slash, rest = path.partition("/")
    if kind == "libraries":
        relative = path
    elif kind == "content":
        token, _slash, inside = rest.partition("/")
        folder = _content_folder(token)
        if folder is None or not inside:
            raise Http404
        relative = f"content/{folder}/{inside}"
    else:
        raise Http404
    try:
        target = Path(safe_join(h5p_store.h5p_root(), relative))
    except SuspiciousFileOperation as error:
        raise Http404 from error
    if not target.is_file():
        raise Http404
    response = FileResponse(
        target.open("rb"), as_attachment=target.suffix.lower() in _DOWNLOADED_SUFFIXES
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _FILE_POLICY
    return response


@require_POST
@login_required
def h5p_statement(request, activity_id):
    """Receives an xAPI statement relayed by the lesson page; CSRF-checked like any POST."""
    activity = get_object_or_404(H5PActivity.objects.select_related("main_library"), pk=activity_id)
    if not selectors.can_play(request=request, activity=activity):
        # Final: the outbox drops it and tells the learner, rather than retrying for ever.
        return JsonResponse(
            {"error": _("This activity is not in a lesson you can open.")}, status=404
        )
    try:
        body = json.loads(request.body or b"{}")
        client_id = UUID(str(body.get("client_id")))
        attempt = h5p_results.record(
            user=request.user,
            activity=activity,
            client_id=client_id,
            statement=body.get("statement"),
        )
    except (ValueError, AttributeError):
        return JsonResponse(
            {"error": _("This request could not be read. Reload the page and try again.")},
            status=400,
        )
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=400)
    if attempt is None:
        return JsonResponse({"recorded": False})
    return JsonResponse(
        {
            "recorded": True,
            "percent": attempt.percent,
            "passed": attempt.passed,
            "reported_by_player": attempt.score_reported_by_player,
            "message": _(
                "Result saved: %(percent)s%% (as the activity reported it; not checked)"
            )
            % {"percent": attempt.percent}
            if attempt.score_reported_by_player
            else _("Result saved: %(percent)s%%") % {"percent": attempt.percent},
        }
    )
