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
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from base.page_parts import parts
from media.selectors import playable_narration

from . import page_parts, selectors, services
from .forms import question_prefix, response_from_post, shuffled_steps, whole_quiz_responses
from .grading import Review, review
from .h5p import results as h5p_results
from .h5p import store as h5p_store
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
    return reverse("quizzes:question", args=[attempt.pk, number])


@login_required
def quiz_start_page(request, quiz_id):
    quiz = selectors.quiz_in_locale(get_object_or_404(Quiz, pk=quiz_id))
    source = selectors.source_quiz(quiz)
    finished = list(
        selectors.attempts_of(user=request.user, quiz=source)
        .filter(finished_at__isnull=False)
        .select_related("quiz")
    )
    scores = selectors.scores_of(finished)
    return render(
        request,
        "quizzes/quiz_start.html",
        {
            "quiz": quiz,
            "source": source,
            "attempts": [(attempt, scores[attempt.pk]) for attempt in finished],
            "open_attempt": selectors.open_attempt(user=request.user, quiz=source),
            "attempts_left": selectors.attempts_left(user=request.user, quiz=source),
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
        return redirect("quizzes:quiz", quiz_id=quiz.pk)
    number = selectors.next_question_number(attempt)
    if number is None:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    return redirect(_question_url(attempt, number))


def _own_attempt(request, attempt_id) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("quiz", "activity"), pk=attempt_id, user=request.user
    )


def _continue_url(attempt: Attempt) -> str:
    """Where an attempt goes on from: its first unanswered question, else its result."""
    number = None if attempt.is_finished else selectors.next_question_number(attempt)
    if number is None:
        return reverse("quizzes:result", args=[attempt.pk])
    return _question_url(attempt, number)


def _review(question, answer) -> Review | None:
    """What the learner chose, the right answer and why, as the question reads now; None when
    an editor has since changed the question so that the answer no longer fits it."""
    try:
        return review(question, answer.response)
    except (ValidationError, KeyError, TypeError):
        return None


def _removed_question(request, attempt: Attempt):
    """The learner answered a question that was taken out of the quiz after the page was
    shown: nothing is stored, and they go on where the attempt stands."""
    message = _(
        "That question was taken out of the quiz, so your answer to it was not counted. "
        "Carry on with the next one."
    )
    if _wants_json(request):
        return JsonResponse({"error": message, "next_url": _continue_url(attempt)}, status=400)
    messages.info(request, message)
    return redirect(_continue_url(attempt))


@login_required
def quiz_question(request, attempt_id, number):
    attempt = _own_attempt(request, attempt_id)
    if attempt.quiz_id is None:  # an H5P activity's attempt: its questions are in the package
        return redirect("quizzes:result", attempt_id=attempt.pk)
    shown = selectors.quiz_in_locale(attempt.quiz)
    questions = selectors.current_questions(attempt.quiz)
    if not 1 <= number <= len(questions):
        # A page kept from before questions were removed: carry on where the attempt stands.
        return redirect(_continue_url(attempt))
    question = questions[number - 1]
    if request.method == "POST":
        # The page says which question it showed; the question at this number may have
        # changed since, when an editor removed or moved one.
        sent_for = request.POST.get("question_id")
        if sent_for and sent_for != question.id:
            number = next((n for n, q in enumerate(questions, 1) if q.id == sent_for), None)
            if number is None:
                return _removed_question(request, attempt)
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
            return _answer_json(attempt, number, len(questions), answer, feedback, error)
        if error is None:
            # Post/redirect/get: a reload does not resend the answer.
            return redirect(_question_url(attempt, number))
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
            "review": _review(question, answer) if answer else None,
            "error": error,
            "next_url": _question_url(attempt, following) if following else None,
            "steps": shuffled_steps(question, f"{attempt.pk}-{question.id}")
            if question.type == "ordering" and not answer
            else None,
            "client_id": uuid.uuid4(),
        },
        status=400 if error else 200,
    )


def _score_phrase(attempt: Attempt) -> str:
    """The score as every page states it (the templates say it with the same words)."""
    score = selectors.scores_of([attempt])[attempt.pk]
    return _("%(right)s of %(total)s right (%(percent)s%%)") % {
        "right": score.right,
        "total": score.total,
        "percent": score.percent,
    }


def _answer_json(attempt, number, total, answer, feedback, error):
    following = number + 1 if number < total else None
    body = {
        "correct": answer.correct if answer else None,
        "score": answer.score if answer else None,
        "feedback": feedback,
        "attempt_finished": attempt.is_finished,
        "next_url": _question_url(attempt, following)
        if following
        else reverse("quizzes:result", args=[attempt.pk]),
    }
    if error:
        return JsonResponse({**body, "error": error}, status=400)
    return JsonResponse(body)


def _whole_quiz_answers(questions, data) -> dict[str, dict]:
    """The one-page form's answers by question id. Each question's fields are named after its
    number on the page as it was filled in, perhaps offline days ago, and the page says which
    question each number was: fields are moved to the number that question has now, and those
    of questions removed since are dropped, so no answer lands on another question."""
    sent_for, number = {}, 1
    while (question_id := data.get(f"{question_prefix(number)}question_id")) is not None:
        sent_for[number] = question_id
        number += 1
    if not sent_for:  # a page from before it said which question was which
        return whole_quiz_responses(questions, data)
    now = {question.id: number for number, question in enumerate(questions, start=1)}
    renumbered = QueryDict(mutable=True)
    for number, question_id in sent_for.items():
        if question_id not in now:
            continue
        old, new = question_prefix(number), question_prefix(now[question_id])
        for key, values in data.lists():
            if key.startswith(old):
                renumbered.setlist(new + key.removeprefix(old), values)
    return whole_quiz_responses(questions, renumbered)


@login_required
def quiz_whole(request, quiz_id):
    """The whole quiz on one page: it can be saved for offline use, filled in without a
    connection and sent later. Answers are graded when they arrive, against the questions the
    quiz holds then."""
    quiz = selectors.quiz_in_locale(get_object_or_404(Quiz, pk=quiz_id))
    source = selectors.source_quiz(quiz)
    current = selectors.current_questions(source)
    error = None
    if request.method == "POST":
        try:
            attempt = services.answer_whole_quiz(
                user=request.user,
                quiz=source,
                client_id=_client_id_or_error(request),
                responses=_whole_quiz_answers(current, request.POST),
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            result_url = reverse("quizzes:result", args=[attempt.pk])
            if _wants_json(request):
                return JsonResponse(
                    {
                        "attempt_finished": attempt.is_finished,
                        "percent": attempt.percent,
                        "passed": attempt.passed,
                        "result_url": result_url,
                        "message": _("Quiz sent: %(score)s") % {"score": _score_phrase(attempt)}
                        if attempt.is_finished
                        else _("Quiz sent. Some questions still need an answer."),
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
        for number, question in enumerate(current, start=1)
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


def _activity_result(request, attempt: Attempt):
    """The result of an H5P activity: its questions live in the package, so there is no list
    to review; a score the server could not check is said to be the activity's own."""
    return render(
        request,
        "quizzes/activity_result.html",
        {"attempt": attempt, "activity": attempt.activity},
    )


@login_required
def quiz_result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.quiz_id is None:
        return _activity_result(request, attempt)
    # An open attempt whose remaining questions were removed is finished here, not stranded.
    attempt = services.finish_if_complete(attempt=attempt)
    if not attempt.is_finished:
        return redirect(_continue_url(attempt))
    answers = {a.question_id: a for a in attempt.answers.all()}
    to_review = [
        (number, question)
        for number, question in enumerate(selectors.current_questions(attempt.quiz), start=1)
        if question.id not in answers or not answers[question.id].correct
    ]
    shown = selectors.quiz_in_locale(attempt.quiz)
    left = selectors.attempts_left(user=request.user, quiz=attempt.quiz)
    return render(
        request,
        "quizzes/result.html",
        {
            "attempt": attempt,
            "quiz": shown,
            "score": selectors.scores_of([attempt])[attempt.pk],
            "to_review": to_review,
            # Someone answering on another's phone retries through the path that started it.
            "can_try_again": not attempt.assisted_for and left != 0,
            "client_id": uuid.uuid4(),
            **parts(page_parts.RESULT_PAGE, quiz=shown, source=attempt.quiz, attempt=attempt),
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


# H5P content types write style attributes into their markup, and some compile templates at
# run time (EmbeddedJS, under H5P.MultiChoice and H5P.QuestionSet, uses `new Function`): this
# page alone allows both. Scripts still come only from our own files, and the policy's sandbox
# keeps the page on an opaque origin without cookies however it is opened, not only inside the
# lesson's sandboxed frame.
@csp_update(
    {
        "style-src": ["'unsafe-inline'"],
        "script-src": ["'unsafe-eval'"],
        "sandbox": ["allow-scripts"],
    }
)
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
    except (ValueError, AttributeError, RecursionError):  # RecursionError: nested JSON
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
            "message": _("Result saved: %(percent)s%% (as the activity reported it; not checked)")
            % {"percent": attempt.percent}
            if attempt.score_reported_by_player
            else _("Result saved: %(percent)s%%") % {"percent": attempt.percent},
        }
    )
