"""What the demo people have done, made through the services a real learner's actions go
through, so the demo shows proof as it is really earned:

- the learner passed the VNeID course's final check (a server-scored attempt) and so holds its
  certificate (``certificates.services.issue_for_attempt``), and went through the practice of
  installing VNeID without a wrong tap (``lessons.services.record_practice_run``);
- the commune official passed the officials' refresher course about eleven and a half months
  ago: the certificate expires within a month, so "Cần học lại" shows.

Every write is keyed by an id made from the person and the thing done (``uuid5``), so running
seed_demo again finds what the first run made and adds nothing.
"""

import datetime
import uuid

from django.utils import timezone

from certificates.models import Certificate
from certificates.services import add_months, issue_for_attempt
from courses.models import CoursePage
from lessons.blocks import practices_in
from lessons.models import LessonPage, PracticeRun
from lessons.services import record_practice_run
from quizzes.grading import Question
from quizzes.models import Attempt, Quiz
from quizzes.services import answer_whole_quiz

# Names the demo's writes (uuid5); never change it, or a second run would not find the first's.
NAMESPACE = uuid.UUID("7c1f0a52-3f43-4d6e-9a7e-5d0c2b6f8e11")
# The official's refresher certificate expires this many days after seeding (within the 30
# days of certificates.selectors.RENEW_WITHIN_DAYS).
REFRESHER_EXPIRES_IN_DAYS = 15


def demo_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def right_answer(question: Question) -> dict:
    """The response (as the answer form sends it) that gets ``question`` fully right."""
    if question.type == "single_choice":
        return {"choice": next(c.id for c in question.choices if c.correct)}
    if question.type == "multiple_choice":
        return {"choices": [c.id for c in question.choices if c.correct]}
    if question.type == "true_false":
        return {"value": question.is_true}
    if question.type == "ordering":
        return {"order": [c.id for c in question.choices]}
    if question.type == "tap_the_right_place":
        region = question.regions[0]
        return {"x": region.left + region.width / 2, "y": region.top + region.height / 2}
    raise ValueError(f"no right answer known for a {question.type} question")


def pass_final_check(*, user, course: CoursePage) -> Attempt:
    """``user``'s passed attempt at ``course``'s final check, every question answered right
    (once: the answers are keyed by the user and the quiz)."""
    quiz: Quiz = course.final_quiz
    responses = {question.id: right_answer(question) for question in quiz.question_list}
    return answer_whole_quiz(
        user=user,
        quiz=quiz,
        client_id=demo_id("final-check", user.username, quiz.translation_key),
        responses=responses,
    )


def practise_without_help(*, user, lesson: LessonPage) -> list[PracticeRun]:
    """A run of each practice of ``lesson``, every screen tapped at its marker."""
    runs = []
    for block_id, practice in practices_in(lesson.body):
        taps = [
            {"screen": index, "x": screen.marker[0], "y": screen.marker[1]}
            for index, screen in enumerate(practice.screens)
        ]
        run, _created = record_practice_run(
            user=user,
            lesson=lesson,
            block_id=block_id,
            client_id=demo_id("practice", user.username, lesson.translation_key, block_id),
            taps=taps,
        )
        runs.append(run)
    return runs


def learner(*, user, course: CoursePage, lesson: LessonPage) -> Certificate | None:
    """``user`` passed ``course``'s final check, holds its certificate, and practised the
    procedure of ``lesson`` without help."""
    certificate = issue_for_attempt(pass_final_check(user=user, course=course))
    practise_without_help(user=user, lesson=lesson)
    return certificate


def refresher_due(*, user, course: CoursePage) -> Certificate | None:
    """``user`` passed the refresher ``course``'s final check long enough ago that its
    certificate expires within the month. The attempt is dated back when it is first made
    (nothing else in the demo can be taken back in time); a later run leaves it as it is."""
    attempt = pass_final_check(user=user, course=course)
    if not Certificate.objects.filter(attempt=attempt).exists():
        today = timezone.localdate()
        months = course.certificate_valid_months or 12
        expires = today + datetime.timedelta(days=REFRESHER_EXPIRES_IN_DAYS)
        issued_on = add_months(expires, -months)
        finished_at = timezone.now() - datetime.timedelta(days=(today - issued_on).days)
        Attempt.objects.filter(pk=attempt.pk).update(
            started_at=finished_at - datetime.timedelta(minutes=6), finished_at=finished_at
        )
        attempt.refresh_from_db()
    return issue_for_attempt(attempt)
