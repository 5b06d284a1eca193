"""Reads for courses and cohorts. Every cohort read for a trainer goes through
``cohorts_for_trainer`` so that a trainer only ever sees their own cohorts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

from accounts.models import User
from accounts.roles import Role, has_role, is_only_a_learner, only_learners
from accounts.selectors import communes_served
from base.models import AuditEvent
from places.models import Commune

from .models import Attendance, Cohort, CohortInvitation, CohortSession, CoursePage, Enrollment


def canonical_course(course: CoursePage) -> CoursePage:
    """The default-locale page of a course: enrolments and cohorts point at it whatever the
    language a learner reads in."""
    if course.locale_id == Locale.get_default().pk:
        return course
    return (
        CoursePage.objects.filter(
            translation_key=course.translation_key, locale=Locale.get_default()
        ).first()
        or course
    )


def _languages_by_translation_key(keys) -> dict:
    """Locales in which each page really exists (translated, not a Vietnamese fallback)."""
    languages: dict = {}
    rows = (
        Page.objects.filter(translation_key__in=keys, alias_of__isnull=True, live=True)
        .values_list("translation_key", "locale__language_code")
        .order_by("locale__pk")
    )
    order = [code for code, _name in settings.LANGUAGES]
    for key, code in rows:
        languages.setdefault(key, []).append(code)
    return {
        key: [
            {"code": code, "name": get_language_info(code)["name_local"]}
            for code in sorted(codes, key=lambda c: order.index(c) if c in order else len(order))
        ]
        for key, codes in languages.items()
    }


def catalogue(*, locale: Locale) -> list[CoursePage]:
    """Live courses of one locale, essential public-service courses first; each carries
    ``languages``, the locales it is really written in."""
    courses = list(
        CoursePage.objects.live().filter(locale=locale).order_by("-is_essential", "path")
    )
    languages = _languages_by_translation_key([c.translation_key for c in courses])
    for course in courses:
        course.languages = languages.get(course.translation_key, [])
    return courses


def essential_courses(*, locale: Locale) -> list[CoursePage]:
    """The courses every household needs first (``is_essential``), as the catalogue gives them."""
    return [course for course in catalogue(locale=locale) if course.is_essential]


def course_languages(*, course: CoursePage) -> list[dict]:
    return _languages_by_translation_key([course.translation_key]).get(course.translation_key, [])


def is_enrolled(*, user, course: CoursePage) -> bool:
    if not user.is_authenticated:
        return False
    return Enrollment.objects.filter(user=user, course=canonical_course(course)).exists()


def courses_for_cohorts() -> QuerySet[CoursePage]:
    """Courses a trainer can run a cohort on: live pages in the default locale."""
    return CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("title")


def cohorts_for_trainer(*, user) -> QuerySet[Cohort]:
    """The cohorts a user trains. Superusers see all of them."""
    cohorts = Cohort.objects.select_related("course", "commune")
    if user.is_superuser:
        return cohorts
    return cohorts.filter(trainers=user)


def cohort_for_trainer(*, user, cohort_id: int) -> Cohort:
    """One cohort the user trains; 404 otherwise, so others' cohorts are not even revealed."""
    return get_object_or_404(cohorts_for_trainer(user=user), pk=cohort_id)


def cohort_members(*, cohort: Cohort) -> QuerySet[User]:
    return User.objects.filter(enrollments__cohort=cohort).order_by("first_name", "username")


def sheet_members(*, cohort: Cohort) -> QuerySet[User]:
    """Members whose login sheet the cohort's trainers may print: phone-less accounts made
    for this cohort, still in it, and still plain learners."""
    return only_learners(
        cohort_members(cohort=cohort).filter(sheet_account__cohort=cohort, phone__isnull=True)
    )


def _unexpired(invitations: QuerySet[CohortInvitation]) -> QuerySet[CohortInvitation]:
    oldest = timezone.now() - timedelta(days=settings.COHORT_INVITATION_DAYS)
    return invitations.filter(created_at__gt=oldest)


def invitations_not_joined(*, cohort: Cohort) -> QuerySet[CohortInvitation]:
    """Numbers invited to the cohort whose owner has not joined, unexpired. Declined ones are
    included: telling them apart would tell the trainer which numbers have an account."""
    return _unexpired(cohort.invitations.exclude(accepted=True))


def open_invitations(*, user) -> QuerySet[CohortInvitation]:
    """Invitations the user can answer: to the number they verified, not answered, unexpired."""
    if not (user.is_authenticated and user.phone and user.phone_verified):
        return CohortInvitation.objects.none()
    if not is_only_a_learner(user):  # staff and officials are never added to a cohort
        return CohortInvitation.objects.none()
    return _unexpired(
        CohortInvitation.objects.filter(phone=user.phone, answered_at__isnull=True)
    ).select_related("cohort__course", "cohort__commune", "invited_by")


def session_attendance(*, session: CohortSession) -> list[tuple[User, bool]]:
    """Each member of the session's cohort and whether they were marked present."""
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list("user_id", flat=True)
    )
    return [(member, member.pk in present) for member in cohort_members(cohort=session.cohort)]


def sessions_with_counts(*, cohort: Cohort) -> list[CohortSession]:
    sessions = list(cohort.sessions.all())
    counts = dict(
        Attendance.objects.filter(session__cohort=cohort, present=True)
        .values("session_id")
        .annotate(n=Count("id"))
        .values_list("session_id", "n")
    )
    for session in sessions:
        session.present_count = counts.get(session.pk, 0)
    return sessions


# Members who missed this many sessions in a row, the latest included, are worth a call.
MISSED_IN_A_ROW_TO_CALL = 2
REMINDER_EVERY = timedelta(days=1)


@dataclass
class MemberToCall:
    member: User
    missed: int  # sessions missed in a row, up to the latest one whose attendance was taken
    last_present: datetime | None  # the start of the last session they came to, if any
    reminded_at: datetime | None  # the last reminder sent to them within REMINDER_EVERY

    @property
    def can_be_texted(self) -> bool:
        # Only a number its owner verified: a typo must not send our SMS to a stranger.
        return bool(self.member.phone and self.member.phone_verified)


def members_to_call(*, cohort: Cohort, now: datetime | None = None) -> list[MemberToCall]:
    """Members who stopped coming: absent from at least ``MISSED_IN_A_ROW_TO_CALL`` of the
    cohort's sessions in a row, counting back from the latest one they were recorded at.

    Reads attendance only (sessions already started whose attendance was taken); a session
    held before someone joined is not counted against them, and one coming back ends the run.
    Those missing most come first. The caller has checked the cohort is the trainer's."""
    now = now or timezone.now()
    members = {m.pk: m for m in cohort_members(cohort=cohort)}
    records = (
        Attendance.objects.filter(
            session__cohort=cohort, session__starts_at__lte=now, user_id__in=members
        )
        .order_by("user_id", "-session__starts_at")
        .values_list("user_id", "present", "session__starts_at")
    )
    missed: dict[int, int] = {}
    last_present: dict[int, datetime] = {}
    for user_id, present, starts_at in records:
        if present:
            last_present.setdefault(user_id, starts_at)
        elif user_id not in last_present:  # still in the run of absences, newest first
            missed[user_id] = missed.get(user_id, 0) + 1
    reminded = last_reminders(users=members.values(), now=now)
    to_call = [
        MemberToCall(
            member=members[user_id],
            missed=count,
            last_present=last_present.get(user_id),
            reminded_at=reminded.get(user_id),
        )
        for user_id, count in missed.items()
        if count >= MISSED_IN_A_ROW_TO_CALL
    ]
    to_call.sort(key=lambda row: (-row.missed, row.member.display_name))
    return to_call


def reminder_target(user: User) -> str:
    """How a reminder names its recipient in the audit trail, which is also the record that
    holds reminders to one a day."""
    return f"user:{user.pk}"


def last_reminders(*, users, now: datetime | None = None) -> dict[int, datetime]:
    """When each of ``users`` was last sent a cohort reminder, within ``REMINDER_EVERY``."""
    since = (now or timezone.now()) - REMINDER_EVERY
    targets = {reminder_target(user): user.pk for user in users}
    events = AuditEvent.objects.filter(
        action="cohort.reminder", target__in=targets, at__gt=since
    ).values_list("target", "at")
    reminded: dict[int, datetime] = {}
    for target, at in events:
        user_id = targets[target]
        reminded[user_id] = max(at, reminded.get(user_id, at))
    return reminded


def next_session(*, cohort: Cohort, now: datetime | None = None) -> CohortSession | None:
    return cohort.sessions.filter(starts_at__gt=now or timezone.now()).order_by("starts_at").first()


def communes_in_scope(user) -> QuerySet[Commune]:
    """The communes a coverage viewer answers for: an official their own commune, a trainer
    the communes they serve (``accounts.selectors.communes_served``: assigned by an official,
    never by leading a cohort), a province administrator their province; every commune for a
    superuser, none for anyone else. Households, posters and certificates share it."""
    if not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    allowed = Q(pk__in=[])
    if has_role(user, Role.COMMUNE_OFFICIAL) and user.home_commune_id:
        allowed |= Q(pk=user.home_commune_id)
    if has_role(user, Role.TRAINER):
        allowed |= Q(pk__in=communes_served(user).values("pk"))
    if has_role(user, Role.PROVINCE_ADMIN) and user.home_commune_id:
        allowed |= Q(province_id=user.home_commune.province_id)
    return Commune.objects.filter(allowed)
