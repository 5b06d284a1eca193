from django.db.models.signals import post_save

from courses.models import CoursePage
from lessons.models import PracticeRun
from quizzes.models import Attempt

from .services import ASSISTED_PREFIX, assisted_quiz_passed, practice_passed, quiz_passed


def final_check_passed(sender, instance: Attempt, **kwargs):
    """Passing a course's final check is evidence for the learner's household member; a score
    the server did not compute itself never is."""
    if not (instance.passed and instance.quiz_id and instance.finished_at):
        return
    if instance.score_reported_by_player:
        return
    if CoursePage.objects.filter(final_quiz__translation_key=instance.quiz_key).exists():
        if instance.assisted_for.startswith(ASSISTED_PREFIX):
            assisted_quiz_passed(attempt=instance)
        elif not instance.assisted_for:
            quiz_passed(attempt=instance)


post_save.connect(final_check_passed, sender=Attempt)


def practice_done_without_help(sender, instance: PracticeRun, created: bool, **kwargs):
    """Going through a procedure's screens without a wrong tap is evidence, at its own level."""
    if created and instance.completed and instance.without_help:
        practice_passed(run=instance)


post_save.connect(practice_done_without_help, sender=PracticeRun)
