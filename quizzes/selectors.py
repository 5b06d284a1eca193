import math
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from wagtail import hooks
from wagtail.models import Locale

from .grading import Question
from .models import Answer, Attempt, H5PActivity, Quiz


def source_quiz(quiz: Quiz) -> Quiz:
    """The quiz in the default locale (where quizzes are written), which attempts point at."""
    return quiz.get_translation_or_none(Locale.get_default()) or quiz


def quiz_in_locale(quiz: Quiz, locale: Locale | None = None) -> Quiz:
    """The translation for ``locale`` (the active one by default), else the quiz itself."""
    locale = locale or Locale.get_active()
    return quiz.get_translation_or_none(locale) or quiz


def can_play(*, request, activity: H5PActivity) -> bool:
    """Whether the logged-in user may open an H5P activity and send its results: editors of
    H5P activities always; learners where an app that places activities (lessons, through
    the ``h5p_activity_placed_for`` hook) shows it to them."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.has_perm("quizzes.change_h5pactivity"):
        return True
    return any(
        placed(request=request, activity=activity)
        for placed in hooks.get_hooks("h5p_activity_placed_for")
    )


def _attempts(user, quiz: Quiz, assisted_for: str = ""):
    return Attempt.objects.filter(
        user=user, quiz_key=quiz.translation_key, assisted_for=assisted_for
    )


def open_attempt(*, user, quiz: Quiz, assisted_for: str = "") -> Attempt | None:
    return _attempts(user, quiz, assisted_for).filter(finished_at__isnull=True).first()


def finished_attempt_count(*, user, quiz: Quiz, assisted_for: str = "") -> int:
    return _attempts(user, quiz, assisted_for).filter(finished_at__isnull=False).count()


def attempts_of(*, user, quiz: Quiz):
    """The user's own attempts (not those made for someone else on their phone)."""
    return _attempts(user, quiz)


def current_questions(quiz: Quiz, locale: Locale | None = None) -> list[Question]:
    """The questions that count for ``quiz`` now: its source's (which answers are graded
    against), in the source's order, each as ``locale``'s translation words it where that
    translation has it. Numbering, grading and scoring all follow this one list, so a question
    added to or removed from one language and not yet the other shifts nothing."""
    source = source_quiz(quiz)
    shown = quiz_in_locale(source, locale)
    translated = {q.id: q for q in shown.question_list} if shown.pk != source.pk else {}
    return [translated.get(q.id, q) for q in source.question_list]


def answered_ids(attempt: Attempt) -> set[str]:
    return set(attempt.answers.values_list("question_id", flat=True))


def next_question_number(attempt: Attempt) -> int | None:
    """1-based number of the first unanswered question among the quiz's current ones: where
    a resumed attempt continues; None when every one of them is answered."""
    done = answered_ids(attempt)
    for number, question in enumerate(attempt.quiz.question_list, start=1):
        if question.id not in done:
            return number
    return None


def attempts_left(*, user, quiz: Quiz) -> int | None:
    """How many more attempts ``user`` may start at ``quiz`` (their own, not assisted ones);
    None when the quiz sets no limit."""
    source = source_quiz(quiz)
    if not source.max_attempts:
        return None
    return max(0, source.max_attempts - finished_attempt_count(user=user, quiz=source))


@dataclass(frozen=True)
class Score:
    """An attempt's score as learners read it everywhere: the questions answered right, of the
    questions it counted, and the percent (which also counts partly right answers)."""

    right: int
    total: int
    percent: int


def scores_of(attempts) -> dict[int, Score]:
    """The Score of each finished native-quiz attempt, by attempt id, in one query.

    The percent and the number of questions are those the attempt finished with, whatever
    editors changed since. A right answer earns a whole point, so the right answers stated are
    never more than the points scored: an answer to a question removed before the attempt
    finished, which counted for nothing, does not make "1 of 1 right (0%)"."""
    attempts = [a for a in attempts if a.quiz_id is not None]
    right = dict(
        Answer.objects.filter(attempt__in=attempts, correct=True)
        .values("attempt_id")
        .annotate(n=Count("id"))
        .values_list("attempt_id", "n")
    )
    return {
        a.pk: Score(
            right=min(
                right.get(a.pk, 0),
                a.question_count,
                math.floor((a.score or 0) * a.question_count + 1e-6),
            ),
            total=a.question_count,
            percent=a.percent,
        )
        for a in attempts
    }


def has_passed(*, user, quiz: Quiz) -> bool:
    return attempts_of(user=user, quiz=quiz).filter(passed=True).exists()


@dataclass
class QuestionStats:
    question: Question
    answered: int
    wrong: int

    @property
    def wrong_percent(self) -> int:
        return round(100 * self.wrong / self.answered) if self.answered else 0


@dataclass
class QuizReport:
    quiz: Quiz
    attempts: int
    finished: int
    passed: int
    average_percent: int
    questions: list[QuestionStats]
    reported_by_player: int = 0


def _report(quiz, attempts, questions) -> QuizReport:
    totals = attempts.aggregate(
        n=Count("id"),
        finished=Count("id", filter=Q(finished_at__isnull=False)),
        passed=Count("id", filter=Q(passed=True)),
        average=Avg("score", filter=Q(finished_at__isnull=False)),
        reported_by_player=Count("id", filter=Q(score_reported_by_player=True)),
    )
    return QuizReport(
        quiz=quiz,
        attempts=totals["n"],
        finished=totals["finished"],
        passed=totals["passed"],
        average_percent=round(100 * (totals["average"] or 0)),
        questions=questions,
        reported_by_player=totals["reported_by_player"],
    )


def quiz_report(*, quiz: Quiz, user_ids) -> QuizReport:
    """Attempts, scores and per-question share of wrong answers for a group of learners
    (item analysis). Only these users' attempts are read."""
    attempts = Attempt.objects.filter(
        quiz_key=quiz.translation_key, user_id__in=list(user_ids), assisted_for=""
    )
    per_question = {
        row["question_id"]: row
        for row in Answer.objects.filter(attempt__in=attempts)
        .values("question_id")
        .annotate(answered=Count("id"), wrong=Count("id", filter=Q(correct=False)))
    }
    stats = [
        QuestionStats(
            question=q,
            answered=per_question.get(q.id, {}).get("answered", 0),
            wrong=per_question.get(q.id, {}).get("wrong", 0),
        )
        for q in quiz.question_list
    ]
    return _report(quiz, attempts, sorted(stats, key=lambda s: -s.wrong_percent))


def activity_report(*, activity: H5PActivity, user_ids) -> QuizReport:
    """The same figures for an H5P activity; its questions are inside the package, so the
    report has no per-question rows."""
    attempts = Attempt.objects.filter(activity=activity, user_id__in=list(user_ids))
    return _report(activity, attempts, [])
