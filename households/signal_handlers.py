from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete

from courses.models import CoursePage
from lessons.models import LessonProgress, PracticeRun
from quizzes.models import Attempt

from .coverage import households_of_account, refresh_households
from .models import Evidence, Household, Member
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


# --- the coverage roll-up follows every change to what it counts ---------------------------
# Writes that bypass model signals (bulk_create, QuerySet.update) call
# coverage.refresh_households themselves, like the importer.


def household_changed(sender, instance: Household, **kwargs):
    refresh_households([instance.pk])


def member_changed(sender, instance: Member, **kwargs):
    refresh_households([instance.household_id])


def evidence_changed(sender, instance: Evidence, **kwargs):
    member = Member.objects.filter(pk=instance.member_id).values("household_id").first()
    if member:  # when the member itself is being deleted, its own signal follows
        refresh_households([member["household_id"]])


def account_learned(sender, instance, created: bool = False, **kwargs):
    """A lesson finished or a check passed changes "members who learned" of the learner's
    households (if the learner is a household member)."""
    if sender is Attempt and not (instance.passed and not instance.assisted_for):
        return
    if sender is LessonProgress and not created:
        return
    refresh_households(households_of_account(instance.user_id))


def account_deleting(sender, instance, **kwargs):
    # Deleting an account empties its members' link with an UPDATE, which sends no signal.
    instance._households_to_refresh = households_of_account(instance.pk)


def account_deleted(sender, instance, **kwargs):
    refresh_households(getattr(instance, "_households_to_refresh", ()))


for signal in (post_save, post_delete):
    signal.connect(household_changed, sender=Household, dispatch_uid=f"coverage-h-{signal!r}")
    signal.connect(member_changed, sender=Member, dispatch_uid=f"coverage-m-{signal!r}")
    signal.connect(evidence_changed, sender=Evidence, dispatch_uid=f"coverage-e-{signal!r}")
post_save.connect(account_learned, sender=LessonProgress, dispatch_uid="coverage-progress")
post_save.connect(account_learned, sender=Attempt, dispatch_uid="coverage-attempt")
pre_delete.connect(account_deleting, sender=settings.AUTH_USER_MODEL, dispatch_uid="coverage-u")
post_delete.connect(account_deleted, sender=settings.AUTH_USER_MODEL, dispatch_uid="coverage-u")
