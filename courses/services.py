"""Writes for courses and cohorts. Callers (views) have already checked the caller's role and
that the cohort is theirs, via ``courses.selectors.cohort_for_trainer``."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, has_role
from accounts.services import create_account_without_phone
from places.models import Commune

from .models import Attendance, Cohort, CohortSession, CoursePage, Enrollment
from .selectors import canonical_course, cohort_members


def enrol(*, user: User, course: CoursePage) -> Enrollment:
    """Enrol a learner in a course; enrolling twice is harmless."""
    enrollment, _created = Enrollment.objects.get_or_create(
        user=user, course=canonical_course(course)
    )
    return enrollment


@transaction.atomic
def create_cohort(
    *,
    trainer: User,
    course: CoursePage,
    name: str,
    commune: Commune,
    meeting_place: str = "",
    max_size: int | None = None,
) -> Cohort:
    """Create a cohort led by ``trainer``. Only trainers may."""
    if not has_role(trainer, Role.TRAINER):
        raise PermissionDenied(_("Only trainers can create cohorts."))
    cohort = Cohort(
        name=name, course=canonical_course(course), commune=commune, meeting_place=meeting_place
    )
    if max_size:
        cohort.max_size = max_size
    cohort.full_clean()
    cohort.save()
    cohort.trainers.add(trainer)
    return cohort


@transaction.atomic
def add_member(*, cohort: Cohort, user: User) -> Enrollment:
    """Put a learner in a cohort, enrolling them in its course.

    Raises ValidationError when the cohort is full or the learner is already in another
    cohort of the same course.
    """
    # Lock the cohort row so two trainers adding at once cannot overfill it.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrollment = Enrollment.objects.filter(user=user, course=cohort.course).first()
    if enrollment and enrollment.cohort_id == cohort.pk:
        raise ValidationError(
            _("%(name)s is already in this cohort.") % {"name": user.display_name}
        )
    if enrollment and enrollment.cohort_id:
        raise ValidationError(
            _("%(name)s is already in the cohort “%(cohort)s” for this course.")
            % {"name": user.display_name, "cohort": enrollment.cohort.name}
        )
    if cohort_members(cohort=cohort).count() >= cohort.max_size:
        raise ValidationError(
            _("This cohort is full (%(size)d people).") % {"size": cohort.max_size}
        )
    if enrollment:
        enrollment.cohort = cohort
        enrollment.save(update_fields=["cohort"])
        return enrollment
    return Enrollment.objects.create(user=user, course=cohort.course, cohort=cohort)


def add_member_by_phone(*, cohort: Cohort, phone: str) -> User:
    """Add the learner who signed up with ``phone`` (already in E.164)."""
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        raise ValidationError(
            _(
                "Nobody has signed up with %(phone)s yet. Ask them to sign up, or create an "
                "account for them below."
            )
            % {"phone": phone}
        )
    add_member(cohort=cohort, user=user)
    return user


@transaction.atomic
def create_member_without_phone(*, cohort: Cohort, full_name: str) -> tuple[User, str]:
    """Create an account for someone without a phone and add them to the cohort.

    Returns the user and their password for the printed sheet. Nothing is created when the
    cohort is full.
    """
    if cohort_members(cohort=cohort).count() >= cohort.max_size:
        raise ValidationError(
            _("This cohort is full (%(size)d people).") % {"size": cohort.max_size}
        )
    user, password = create_account_without_phone(full_name=full_name)
    add_member(cohort=cohort, user=user)
    return user, password


def schedule_session(
    *, cohort: Cohort, starts_at: datetime, place: str = "", topic: str = ""
) -> CohortSession:
    return CohortSession.objects.create(
        cohort=cohort, starts_at=starts_at, place=place, topic=topic
    )


@transaction.atomic
def record_attendance(
    *, session: CohortSession, present_user_ids: set[int], recorded_by: User
) -> None:
    """Record who came to a session; members not listed are recorded absent.

    Saving the same list twice leaves the same records.
    """
    for member in cohort_members(cohort=session.cohort):
        Attendance.objects.update_or_create(
            session=session,
            user=member,
            defaults={"present": member.pk in present_user_ids, "recorded_by": recorded_by},
        )
