"""Issuing and revoking certificates.

A certificate is issued for one of two acts, once each:
- a passed, server-scored attempt at a course's final check (``issue_for_attempt``), to the
  learner who answered on their own phone; an attempt answered on an ambassador's phone
  (``assisted_for``) issues nothing to the phone's owner;
- a witnessed procedure recorded with the course it shows (``issue_for_witnessed``), to the
  household member who was seen doing it.

Passing the same course again: a new certificate only when the person holds none of that
course that is still valid, or the one they hold is due to be learnt again (a refresher that
expires within ``selectors.RENEW_WITHIN_DAYS``); otherwise the certificate they hold stands
and is returned. So "Cần học lại" is answered by passing the course again, and passing an
ordinary course twice does not print a second paper.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from base.audit import audit
from courses.models import CoursePage, Enrollment
from courses.selectors import canonical_course
from households.models import Evidence, Level, Member
from skills.selectors import skills_of_course

from . import scopes
from .models import Certificate
from .selectors import RENEW_WITHIN_DAYS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved on by ``months`` calendar months; the 31st (or 29th–30th) becomes the
    last day of a shorter month: 31 January + 1 month is 28 (or 29) February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def expiry_for(course: CoursePage, issued_on: datetime.date) -> datetime.date | None:
    months = course.certificate_valid_months
    return add_months(issued_on, months) if months else None


def course_of_final_check(quiz_key) -> CoursePage | None:
    """The (Vietnamese) course whose final check is the quiz ``quiz_key``; live ones first."""
    courses = CoursePage.objects.filter(final_quiz__translation_key=quiz_key)
    course = courses.live().order_by("path").first() or courses.order_by("path").first()
    return canonical_course(course) if course else None


def _issuing_commune(user, course: CoursePage):
    """The commune of the learner's cohort for ``course``, else their home commune, else
    their household's; None when none is known."""
    enrolment = (
        Enrollment.objects.filter(user=user, course=course, cohort__isnull=False)
        .select_related("cohort__commune")
        .first()
    )
    if enrolment:
        return enrolment.cohort.commune
    if user.home_commune_id:
        return user.home_commune
    member = Member.objects.filter(user=user).select_related("household__commune").first()
    return member.household.commune if member else None


def _holds_current(*, course: CoursePage, user, on: datetime.date) -> Certificate | None:
    """The person's certificate of ``course`` that is valid on ``on`` and not yet due to be
    learnt again; None when a new one should be issued."""
    renew_from = on + datetime.timedelta(days=RENEW_WITHIN_DAYS)
    return (
        Certificate.objects.filter(holder=user, course=course, revoked_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=renew_from))
        .order_by("-pk")
        .first()
    )


def _create(*, skills, **fields) -> Certificate:
    """Create once: a second call for the same attempt or evidence (a signal fired twice, two
    processes at once) returns the certificate the first made."""
    unique = {key: fields[key] for key in ("attempt", "evidence") if fields.get(key)}
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(**fields)
            certificate.skills.set(skills)
    except IntegrityError:
        return Certificate.objects.get(**unique)
    return certificate


def issue_for_attempt(attempt) -> Certificate | None:
    """The certificate for a passed final check, issued once per attempt (see the module's
    docstring for passing again). None for anything else: a quiz that is no course's final
    check, a failed or unfinished attempt, a score the player reported, an attempt answered
    for someone else on this phone."""
    if not (attempt.passed and attempt.finished_at and attempt.quiz_id):
        return None
    if attempt.score_reported_by_player or attempt.assisted_for:
        return None
    issued = Certificate.objects.filter(attempt=attempt).first()
    if issued:
        return issued
    course = course_of_final_check(attempt.quiz_key)
    if course is None:
        return None
    user = attempt.user
    issued_on = timezone.localdate(attempt.finished_at)
    current = _holds_current(course=course, user=user, on=issued_on)
    if current:
        return current
    return _create(
        skills=skills_of_course(course),
        holder=user,
        holder_name=user.display_name,
        course=course,
        course_title=course.title,
        commune=_issuing_commune(user, course),
        level=Level.QUIZ_VERIFIED,
        attempt=attempt,
        issued_on=issued_on,
        expires_on=expiry_for(course, issued_on),
    )


def issue_for_witnessed(evidence: Evidence) -> Certificate | None:
    """The certificate for a procedure an official or trainer saw a member do, when they named
    the course it shows; once per evidence. Issued to the member (and their account, if any),
    by the household's commune, at the witnessed level."""
    if evidence.kind != Evidence.Kind.WITNESSED or evidence.course_id is None:
        return None
    issued = Certificate.objects.filter(evidence=evidence).first()
    if issued:
        return issued
    course = canonical_course(evidence.course)
    member = evidence.member
    return _create(
        skills=skills_of_course(course),
        holder=member.user,
        member=member,
        holder_name=member.full_name,
        course=course,
        course_title=course.title,
        commune=member.household.commune,
        level=Level.WITNESSED,
        evidence=evidence,
        issued_on=evidence.observed_on,
        expires_on=expiry_for(course, evidence.observed_on),
    )


def revoke(*, certificate: Certificate, user, reason: str) -> Certificate:
    """``user`` withdraws ``certificate``, saying why: only an official of the issuing commune
    or an administrator of its province (PermissionDenied for anyone else). ValidationError
    without a reason, and for a certificate revoked already. Audited."""
    if not scopes.may_revoke(user, certificate):
        raise PermissionDenied(_("Only the issuing commune's officials may revoke this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the certificate is revoked."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at:
            raise ValidationError(_("This certificate was revoked already."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = user
        locked.revoke_reason = reason[:300]
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit(
            user=user,
            action="certificates.revoke",
            target=f"certificate:{locked.pk}",
            reason=locked.revoke_reason,
        )
    return locked
