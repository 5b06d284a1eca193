"""Writes for courses and cohorts. Callers (views) have already checked the caller's role and
that the cohort is theirs, via ``courses.selectors.cohort_for_trainer``."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, has_role, is_only_a_learner
from accounts.services import create_account_without_phone, renew_login_sheet
from accounts.sms import send_sms
from base.audit import audit
from places.models import Commune

from .models import (
    Attendance,
    Cohort,
    CohortInvitation,
    CohortSession,
    CoursePage,
    Enrollment,
    SheetAccount,
)
from .selectors import (
    canonical_course,
    cohort_members,
    last_reminders,
    next_session,
    reminder_target,
    sheet_members,
)


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


@transaction.atomic
def invite_by_phone(*, cohort: Cohort, phone: str, trainer: User) -> CohortInvitation:
    """Ask the owner of ``phone`` (E.164) to join the cohort; they join when they accept.

    The caller learns nothing about the number: the invitation is kept whether or not an
    account has it, and only a learner who verified that number is told by SMS (staff,
    officials and other roles are never invited). Inviting again renews an expired or
    declined invitation.
    """
    invitation, created = CohortInvitation.objects.get_or_create(
        cohort=cohort, phone=phone, defaults={"invited_by": trainer}
    )
    if not created:
        if invitation.is_open or invitation.accepted:
            return invitation
        invitation.created_at, invitation.invited_by = timezone.now(), trainer
        invitation.answered_at = invitation.answered_by = invitation.accepted = None
        invitation.save()
    invitee = User.objects.filter(phone=phone, phone_verified=True).first()
    if invitee and is_only_a_learner(invitee):
        transaction.on_commit(lambda: _tell_invitee(invitee, cohort, trainer))
    return invitation


def _tell_invitee(invitee: User, cohort: Cohort, trainer: User) -> None:
    with translation.override(invitee.preferred_language):
        message = _(
            "Nhà Số: %(trainer)s invites you to the cohort “%(cohort)s”. Open Nhà Số, "
            "“My learning”, to accept or decline."
        ) % {"trainer": trainer.display_name, "cohort": cohort.name}
    send_sms(phone=str(invitee.phone), message=message)


@transaction.atomic
def answer_invitation(*, invitation: CohortInvitation, user: User, accept: bool) -> None:
    """The invited learner accepts (joining the cohort) or declines.

    Only the account that verified the invited number may answer, and only a learner with
    no other role may join; a full cohort leaves the invitation open.
    """
    invitation = CohortInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not (user.phone_verified and user.phone == invitation.phone and invitation.is_open):
        raise PermissionDenied
    if accept:
        if not is_only_a_learner(user):
            raise ValidationError(_("Only learners can join a cohort by invitation."))
        add_member(cohort=invitation.cohort, user=user)
    invitation.answered_at, invitation.answered_by = timezone.now(), user
    invitation.accepted = accept
    invitation.save(update_fields=["answered_at", "answered_by", "accepted"])


@transaction.atomic
def create_member_without_phone(
    *, cohort: Cohort, full_name: str, trainer: User
) -> tuple[User, str]:
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
    register_sheet_account(cohort=cohort, user=user, trainer=trainer)
    return user, password


def register_sheet_account(*, cohort: Cohort, user: User, trainer: User) -> SheetAccount:
    """Record that ``trainer`` made ``user``'s phone-less account for ``cohort``: the only
    accounts whose login sheet that cohort's trainers may print."""
    if user.phone or not is_only_a_learner(user):
        raise PermissionDenied
    sheet_account, _created = SheetAccount.objects.get_or_create(
        user=user, defaults={"cohort": cohort, "created_by": trainer}
    )
    return sheet_account


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


@transaction.atomic
def renew_cohort_login_sheets(*, cohort: Cohort, trainer: User) -> list[tuple[User, str]]:
    """New sheets for every phone-less account made for the cohort (``sheet_members``): each
    gets a new password and login key, so every sheet printed before stops working.

    Returns each member with their new password, to be printed once and kept nowhere. Audited
    as one event naming the members.
    """
    renewed = [(member, renew_login_sheet(user=member)) for member in sheet_members(cohort=cohort)]
    audit(
        user=trainer,
        action="cohort.login_sheets",
        target=f"cohort:{cohort.pk}",
        members=[member.pk for member, _password in renewed],
    )
    return renewed


@transaction.atomic
def remind_member(*, cohort: Cohort, member: User, trainer: User) -> None:
    """Text a member of the cohort who stopped coming, naming the cohort and its next session.

    Only to a member of this cohort (PermissionDenied otherwise) with a verified number, and at
    most once a day per person, whichever cohort asks (ValidationError otherwise). The audit
    event is the record of the reminder; the SMS leaves when the transaction commits.
    """
    # Locking the membership makes two quick taps on the button send one message.
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(cohort=cohort, user=member)
        .select_related("user")
        .first()
    )
    if enrollment is None:
        raise PermissionDenied
    member = enrollment.user
    if not (member.phone and member.phone_verified):
        raise ValidationError(
            _("%(name)s has no phone number to text. Tell them in person.")
            % {"name": member.display_name}
        )
    if last_reminders(users=[member]):
        raise ValidationError(
            _("%(name)s was already reminded today. Try again tomorrow, or call them.")
            % {"name": member.display_name}
        )
    message = _reminder_text(cohort=cohort, member=member)
    audit(user=trainer, action="cohort.reminder", target=reminder_target(member), cohort=cohort.pk)
    phone = str(member.phone)
    transaction.on_commit(lambda: send_sms(phone=phone, message=message))


def _reminder_text(*, cohort: Cohort, member: User) -> str:
    session = next_session(cohort=cohort)
    with translation.override(member.preferred_language):
        text = _("Nhà Số: your cohort “%(cohort)s” misses you.") % {"cohort": cohort.name}
        if session is None:
            return text + " " + _("Ask your trainer when the next session is.")
        starts = timezone.localtime(session.starts_at)
        place = session.place or cohort.meeting_place
        when = {
            "time": dateformat.format(starts, "H:i"),
            "date": dateformat.format(starts, "d/m"),
            "place": place,
        }
        if place:
            return text + " " + _("Next session: %(time)s on %(date)s at %(place)s.") % when
        return text + " " + _("Next session: %(time)s on %(date)s.") % when
