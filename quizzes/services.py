"""Attempts and answers. Every write is idempotent by a client-made id, so a retry after a
dropped connection never counts twice and never loses an answer.

Editors may change a quiz while learners are half-way through it. An open attempt is answered
and scored over the quiz's questions as they are now (``question_count``, taken at the start,
is only a record): answers to removed questions stay stored but count for nothing, and an
attempt whose remaining questions are all answered finishes. A finished attempt keeps the
score it finished with.
"""

from uuid import UUID, uuid5

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.idempotent import record_once

from .grading import grade, is_complete, score_over
from .models import Answer, Attempt, Quiz
from .selectors import answered_ids, finished_attempt_count, open_attempt, source_quiz


def start_attempt(*, user, quiz: Quiz, client_id: UUID, assisted_for: str = "") -> Attempt:
    """Start an attempt, or resume the learner's unfinished one.

    ``assisted_for`` names the person answering on ``user``'s phone; their attempts are
    counted apart from the phone owner's. Raises ValidationError once attempts are used up.
    An unfinished attempt with nothing left to answer (its other questions were removed) is
    finished and returned, so the learner sees their result rather than an empty question.
    """

    def create() -> Attempt:
        source = source_quiz(quiz)
        resumable = open_attempt(user=user, quiz=source, assisted_for=assisted_for)
        if resumable:
            return finish_if_complete(attempt=resumable)
        used = finished_attempt_count(user=user, quiz=source, assisted_for=assisted_for)
        if source.max_attempts and used >= source.max_attempts:
            raise ValidationError(
                _("You have used all %(n)d attempts at this quiz.") % {"n": source.max_attempts}
            )
        return Attempt.objects.create(
            client_id=client_id,
            user=user,
            quiz=source,
            quiz_key=source.translation_key,
            assisted_for=assisted_for,
            question_count=len(source.questions),
        )

    attempt, _created = record_once(
        Attempt,
        client_id=client_id,
        create=create,
        same_submission=lambda earlier: earlier.user_id == user.pk,
    )
    return attempt


@transaction.atomic
def answer_question(
    *, attempt: Attempt, question_id: str, response: dict, client_id: UUID
) -> tuple[Answer, list[str]]:
    """Grade and store an answer; returns it with the feedback to show.

    The same client_id returns the stored answer. A question answered already keeps its first
    answer (the learner has seen the feedback). A question no longer in the quiz is refused.
    The attempt finishes once every question the quiz holds now is answered.
    """
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    questions = attempt.quiz.question_list
    question = next((q for q in questions if q.id == question_id), None)
    if question is None:
        raise ValidationError(_("This question is not part of the quiz."))
    stored = Answer.objects.filter(attempt=attempt, question_id=question_id).first()
    if stored is None:

        def create() -> Answer:
            if attempt.is_finished:
                raise ValidationError(_("This attempt is already finished."))
            result = grade(question, response)
            answer = Answer.objects.create(
                client_id=client_id,
                attempt=attempt,
                question_id=question_id,
                response=response,
                score=result.score,
                correct=result.correct,
            )
            if is_complete([q.id for q in questions], answered_ids(attempt)):
                finish_attempt(attempt=attempt)
            return answer

        stored, _created = record_once(
            Answer,
            client_id=client_id,
            create=create,
            # This question's answer was looked up above: an earlier answer with this id
            # answered something else.
            same_submission=lambda earlier: False,
        )
    try:
        feedback = grade(question, stored.response).feedback
    except ValidationError:  # a retry after an editor changed the question: the answer stands
        feedback = []
    return stored, feedback


@transaction.atomic
def answer_whole_quiz(*, user, quiz: Quiz, client_id: UUID, responses: dict[str, dict]) -> Attempt:
    """Every answer of a one-page quiz at once: the form a learner fills in offline, sent when
    the connection returns, perhaps more than once.

    ``client_id`` names the submission and each answer's id is derived from it, so a second
    delivery finds the first one's answers and changes nothing. Answers to questions removed
    from the quiz since the form was filled in are left out; the others still count.
    """
    if not responses:
        raise ValidationError(_("Answer at least one question before sending."))
    current = {question.id for question in source_quiz(quiz).question_list}
    responses = {qid: response for qid, response in responses.items() if qid in current}
    answer_ids = {question_id: uuid5(client_id, question_id) for question_id in responses}
    delivered = (
        Answer.objects.filter(client_id__in=answer_ids.values()).select_related("attempt").first()
    )
    if delivered and delivered.attempt.user_id != user.pk:
        raise ValidationError(_("This request id was already used for something else."))
    attempt = (
        delivered.attempt if delivered else start_attempt(user=user, quiz=quiz, client_id=client_id)
    )
    for question_id, response in responses.items():
        answered = attempt.answers.filter(question_id=question_id).exists()
        if not answered and not attempt.is_finished:
            answer_question(
                attempt=attempt,
                question_id=question_id,
                response=response,
                client_id=answer_ids[question_id],
            )
            attempt.refresh_from_db()
    return attempt


def finish_attempt(*, attempt: Attempt) -> Attempt:
    """Compute the score from the stored answers to the quiz's current questions, and record
    how many questions that was; finishing twice changes nothing."""
    if attempt.is_finished or attempt.quiz_id is None:
        return attempt
    question_ids = [question.id for question in attempt.quiz.question_list]
    scores = dict(attempt.answers.values_list("question_id", "score"))
    attempt.score = score_over(question_ids, scores)
    attempt.question_count = len(question_ids)
    attempt.passed = round(100 * attempt.score, 6) >= attempt.quiz.pass_mark
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "finished_at", "question_count"])
    return attempt


def finish_if_complete(*, attempt: Attempt) -> Attempt:
    """``attempt`` as it stands, finished first if every question its quiz holds now has an
    answer: what leaves an attempt finishable when an editor removes the questions it had left
    to answer. Safe to call on any attempt, any number of times."""
    if attempt.is_finished or attempt.quiz_id is None:
        return attempt
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        question_ids = [question.id for question in attempt.quiz.question_list]
        if not attempt.is_finished and is_complete(question_ids, answered_ids(attempt)):
            finish_attempt(attempt=attempt)
    return attempt
