"""Attempts and answers. Every write is idempotent by a client-made id, so a retry after a
dropped connection never counts twice and never loses an answer."""

from uuid import UUID, uuid5

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .grading import attempt_score, grade
from .models import Answer, Attempt, Quiz
from .selectors import finished_attempt_count, open_attempt, source_quiz


def start_attempt(*, user, quiz: Quiz, client_id: UUID, assisted_for: str = "") -> Attempt:
    """Start an attempt, or resume the learner's unfinished one.

    ``assisted_for`` names the person answering on ``user``'s phone; their attempts are
    counted apart from the phone owner's. Raises ValidationError once attempts are used up.
    """
    existing = Attempt.objects.filter(client_id=client_id).first()
    if existing:
        if existing.user_id != user.pk:
            raise ValidationError(_("This request id was already used for something else."))
        return existing
    quiz = source_quiz(quiz)
    resumable = open_attempt(user=user, quiz=quiz, assisted_for=assisted_for)
    if resumable:
        return resumable
    used = finished_attempt_count(user=user, quiz=quiz, assisted_for=assisted_for)
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise ValidationError(
            _("You have used all %(n)d attempts at this quiz.") % {"n": quiz.max_attempts}
        )
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                client_id=client_id,
                user=user,
                quiz=quiz,
                quiz_key=quiz.translation_key,
                assisted_for=assisted_for,
                question_count=len(quiz.questions),
            )
    except IntegrityError:  # the same start raced itself
        return Attempt.objects.get(client_id=client_id, user=user)


@transaction.atomic
def answer_question(
    *, attempt: Attempt, question_id: str, response: dict, client_id: UUID
) -> tuple[Answer, list[str]]:
    """Grade and store an answer; returns it with the feedback to show.

    The same client_id returns the stored answer. A question answered already keeps its first
    answer (the learner has seen the feedback). The attempt finishes with its last answer.
    """
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    question = next((q for q in attempt.quiz.question_list if q.id == question_id), None)
    if question is None:
        raise ValidationError(_("This question is not part of the quiz."))
    stored = Answer.objects.filter(attempt=attempt, question_id=question_id).first()
    if stored is None:
        duplicate = Answer.objects.filter(client_id=client_id).exists()
        if duplicate:
            raise ValidationError(_("This request id was already used for something else."))
        if attempt.is_finished:
            raise ValidationError(_("This attempt is already finished."))
        result = grade(question, response)
        stored = Answer.objects.create(
            client_id=client_id,
            attempt=attempt,
            question_id=question_id,
            response=response,
            score=result.score,
            correct=result.correct,
        )
        if attempt.answers.count() >= attempt.question_count:
            finish_attempt(attempt=attempt)
    return stored, grade(question, stored.response).feedback


def answer_whole_quiz(*, user, quiz: Quiz, client_id: UUID, responses: dict[str, dict]) -> Attempt:
    """Every answer of a one-page quiz at once: the form a learner fills in offline, sent when
    the connection returns, perhaps more than once.

    ``client_id`` names the submission and each answer's id is derived from it, so a second
    delivery finds the first one's answers and changes nothing.
    """
    if not responses:
        raise ValidationError(_("Answer at least one question before sending."))
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
    """Compute the score from the stored answers; finishing twice changes nothing."""
    if attempt.is_finished:
        return attempt
    scores = list(attempt.answers.values_list("score", flat=True))
    attempt.score = attempt_score(scores, attempt.question_count)
    attempt.passed = round(100 * attempt.score, 6) >= attempt.quiz.pass_mark
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "finished_at"])
    return attempt
