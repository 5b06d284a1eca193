"""Who is due a reminder today, and what a person sees of their own reminders.

Each kind has its own small selector returning ``Due`` rows; ``due_reminders`` keeps one row
per person, the most urgent kind first, for the people who may be reminded at all (active
account, not opted out, nothing sent to them in the last 7 days). The ``(user, week)``
constraint on ``Reminder`` still guards two runs that overlap.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from certificates.models import Certificate
from courses.models import Attendance, CoursePage, Enrollment
from households.models import AmbassadorLink
from households.selectors import APPROVED_LINK
from lessons.models import LessonProgress
from lessons.selectors import course_progress
from quizzes.models import Attempt

from .models import OptOut, Reminder

# The same rule as the trainer's "inactive members" (analytics.selectors.inactive_members):
# nothing for 7 days, no lesson finished, no quiz of their own started, no session attended.
INACTIVE_AFTER = datetime.timedelta(days=7)
# One reminder a week at most, whatever its kind (rolling, not per calendar week).
REMIND_EVERY = datetime.timedelta(days=7)
CERTIFICATE_WARNING = datetime.timedelta(days=30)
# An official or trainer usually approves within a day or two; before that a reminder would
# only nag the ambassador about something they cannot speed up.
HOUSEHOLD_WAITING_AFTER = datetime.timedelta(days=2)
# Three reminders about the same thing with no answer is enough: more would be spam, and the
# trainer (inactive members) and the commune (pending links) see those people anyway.
MAX_UNANSWERED = 3

# Most urgent first: a certificate has a date after which the official must take the whole
# course again; a learner drifting away is less likely to return each week; a household link
# waits on the commune, and the ambassador can only ask.
PRIORITY = [
    Reminder.Kind.CERTIFICATE_EXPIRES,
    Reminder.Kind.COME_BACK,
    Reminder.Kind.HOUSEHOLD_WAITING,
]


@dataclass
class Due:
    """One reminder to send: to whom, of what kind, about what (``subject``), the values its
    message is written with, and where its link leads (a path on this site)."""

    user: User
    kind: str
    subject: str
    args: dict = field(default_factory=dict)
    link: str = ""


def reachable_people(*, now: datetime.datetime) -> QuerySet[User]:
    """Active accounts that did not opt out and got no reminder in the last 7 days."""
    return (
        User.objects.filter(is_active=True)
        .exclude(Exists(OptOut.objects.filter(user=OuterRef("pk"))))
        .exclude(
            Exists(Reminder.objects.filter(user=OuterRef("pk"), sent_at__gt=now - REMIND_EVERY))
        )
    )


def _in_language(course: CoursePage, language: str) -> CoursePage:
    return (
        CoursePage.objects.live()
        .filter(translation_key=course.translation_key, locale__language_code=language)
        .first()
        or course
    )


def _page_path(page) -> str:
    return (page.get_url() if page else None) or reverse("lessons:my_learning")


def _finished(*, user: User, course: CoursePage) -> bool:
    """Passed the course's final check (their own, scored here), or hold a certificate for
    it, or, for a course without a final check, finished every lesson."""
    if course.final_quiz_id:
        passed = Attempt.objects.filter(
            user=user,
            quiz_key=course.final_quiz.translation_key,
            passed=True,
            finished_at__isnull=False,
            score_reported_by_player=False,
            assisted_for="",
        )
        if passed.exists():
            return True
    certified = Certificate.objects.filter(
        holder=user, course__translation_key=course.translation_key, revoked_at__isnull=True
    )
    if certified.exists():
        return True
    return not course.final_quiz_id and course_progress(user=user, course=course).is_complete


def _last(model, when: str, now: datetime.datetime, **filters) -> Subquery:
    rows = model.objects.filter(user=OuterRef("user"), **{f"{when}__lte": now}, **filters)
    return Subquery(rows.order_by(f"-{when}").values(when)[:1])


def come_back(*, now: datetime.datetime, people: QuerySet[User]) -> list[Due]:
    """Learners of a cohort, enrolled for more than 7 days, with nothing in the last 7 days
    (no lesson finished, no quiz of their own started, no session attended) and a course
    not finished. One row per person: their latest such enrolment. Not after
    ``MAX_UNANSWERED`` come-back reminders about it since they were last seen."""
    since = now - INACTIVE_AFTER
    enrollments = (
        Enrollment.objects.filter(cohort__isnull=False, created_at__lt=since, user__in=people)
        .exclude(
            user__in=LessonProgress.objects.filter(
                created_at__gt=since, created_at__lte=now
            ).values("user")
        )
        .exclude(
            user__in=Attempt.objects.filter(
                assisted_for="", started_at__gt=since, started_at__lte=now
            ).values("user")
        )
        .exclude(
            user__in=Attendance.objects.filter(
                present=True, session__starts_at__gt=since, session__starts_at__lte=now
            ).values("user")
        )
        .annotate(
            last_lesson=_last(LessonProgress, "created_at", now),
            last_quiz=_last(Attempt, "started_at", now, assisted_for=""),
            last_session=_last(Attendance, "session__starts_at", now, present=True),
        )
        .select_related("user", "course", "course__final_quiz", "cohort")
        .order_by("user_id", "-created_at")
    )
    candidates: dict[int, tuple[Enrollment, datetime.datetime]] = {}
    for enrollment in enrollments:
        if enrollment.user_id in candidates:
            continue
        if _finished(user=enrollment.user, course=enrollment.course):
            continue
        seen = [enrollment.last_lesson, enrollment.last_quiz, enrollment.last_session]
        candidates[enrollment.user_id] = (
            enrollment,
            max([t for t in seen if t], default=enrollment.created_at),
        )
    sent = Reminder.objects.filter(
        user__in=list(candidates), kind=Reminder.Kind.COME_BACK
    ).values_list("user_id", "subject", "sent_at")
    unanswered: dict[int, int] = {}
    for user_id, subject, sent_at in sent:
        enrollment, last_seen = candidates[user_id]
        if subject == f"cohort:{enrollment.cohort_id}" and sent_at > last_seen:
            unanswered[user_id] = unanswered.get(user_id, 0) + 1
    due = []
    for user_id, (enrollment, _last_seen) in candidates.items():
        if unanswered.get(user_id, 0) >= MAX_UNANSWERED:
            continue
        user = enrollment.user
        course = _in_language(enrollment.course, user.preferred_language)
        following = course_progress(user=user, course=course).next_lesson
        due.append(
            Due(
                user=user,
                kind=Reminder.Kind.COME_BACK,
                subject=f"cohort:{enrollment.cohort_id}",
                args={"course": course.title},
                link=_page_path(following or course),
            )
        )
    return due


def certificate_expires(*, now: datetime.datetime, people: QuerySet[User]) -> list[Due]:
    """Holders of a certificate that is neither revoked nor expired and ends within 30 days,
    unless they already hold a later one for the same course. Their soonest one."""
    today = timezone.localdate(now)
    renewed = Certificate.objects.filter(
        holder=OuterRef("holder"),
        course__translation_key=OuterRef("course__translation_key"),
        revoked_at__isnull=True,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    expiring = (
        Certificate.objects.filter(
            holder__in=people,
            revoked_at__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + CERTIFICATE_WARNING,
        )
        .exclude(Exists(renewed))
        .select_related("holder", "course")
        .order_by("holder_id", "expires_on", "pk")
    )
    due: dict[int, Due] = {}
    for certificate in expiring:
        if certificate.holder_id in due:
            continue
        user = certificate.holder
        due[user.pk] = Due(
            user=user,
            kind=Reminder.Kind.CERTIFICATE_EXPIRES,
            subject=f"certificate:{certificate.pk}",
            args={"course": certificate.course_title, "date": certificate.expires_on},
            # What they need is the course again, in their language.
            link=_page_path(_in_language(certificate.course, user.preferred_language)),
        )
    return list(due.values())


def household_waiting(*, now: datetime.datetime, people: QuerySet[User]) -> list[Due]:
    """Ambassadors whose request to help a household has waited more than 2 days for an
    official or trainer (a request they approved themselves still waits). Their oldest one,
    named by the household's code only: its people's names are not theirs to see yet. Not
    after ``MAX_UNANSWERED`` reminders about the same request."""
    links = (
        AmbassadorLink.objects.filter(
            ambassador__in=people.filter(groups__name=Role.AMBASSADOR.value),
            created_at__lte=now - HOUSEHOLD_WAITING_AFTER,
        )
        .exclude(APPROVED_LINK)
        .select_related("ambassador", "household")
        .order_by("ambassador_id", "created_at", "pk")
    )
    links = list(links)
    reminded: dict[tuple[int, str], int] = {}
    for user_id, subject in Reminder.objects.filter(
        user__in={link.ambassador_id for link in links}, kind=Reminder.Kind.HOUSEHOLD_WAITING
    ).values_list("user_id", "subject"):
        reminded[(user_id, subject)] = reminded.get((user_id, subject), 0) + 1
    due: dict[int, Due] = {}
    for link in links:
        subject = f"household-link:{link.pk}"
        if link.ambassador_id in due or reminded.get((link.ambassador_id, subject), 0) >= (
            MAX_UNANSWERED
        ):
            continue
        due[link.ambassador_id] = Due(
            user=link.ambassador,
            kind=Reminder.Kind.HOUSEHOLD_WAITING,
            subject=subject,
            args={"household": link.household.code},
            link=reverse("households:mine"),
        )
    return list(due.values())


SELECTORS = {
    Reminder.Kind.CERTIFICATE_EXPIRES: certificate_expires,
    Reminder.Kind.COME_BACK: come_back,
    Reminder.Kind.HOUSEHOLD_WAITING: household_waiting,
}


def due_reminders(*, now: datetime.datetime | None = None) -> list[Due]:
    """Everyone due a reminder at ``now``, one each, the most urgent kind (``PRIORITY``)."""
    now = now or timezone.now()
    people = reachable_people(now=now)
    chosen: dict[int, Due] = {}
    for kind in PRIORITY:
        for due in SELECTORS[kind](now=now, people=people):
            chosen.setdefault(due.user.pk, due)
    return list(chosen.values())


def latest_open(*, user) -> Reminder | None:
    """The notice to show ``user``: their latest reminder, unless they closed it. None for a
    visitor, without a query."""
    if not user.is_authenticated:
        return None
    latest = Reminder.objects.filter(user=user).order_by("-sent_at", "-pk").first()
    return latest if latest and latest.closed_at is None else None


def reminders_of(*, user, limit: int = 20) -> list[Reminder]:
    return list(Reminder.objects.filter(user=user).order_by("-sent_at", "-pk")[:limit])


def has_opted_out(*, user) -> bool:
    return OptOut.objects.filter(user=user).exists()
