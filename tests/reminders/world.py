"""A small world for reminders: a cohort's learners, certificates, an ambassador's requests.

Times are set by hand (``ago``) and every run is made "as of" ``NOW``, so nothing depends on
the clock of the machine running the tests.
"""

import datetime
from uuid import uuid4

from django.utils import timezone

from accounts.roles import Role
from certificates.models import Certificate
from courses import services as courses
from courses.models import Enrollment
from households.models import AmbassadorLink, Household, Level
from lessons.models import LessonProgress
from tests.factories import UserFactory, learner

NOW = timezone.now() + datetime.timedelta(days=30)


def ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def member(cohort, *, enrolled_days_ago=10, **fields):
    """A learner put in ``cohort`` ``enrolled_days_ago`` days before NOW."""
    person = learner(**fields)
    courses.add_member(cohort=cohort, user=person)
    Enrollment.objects.filter(user=person).update(created_at=ago(enrolled_days_ago))
    return person


def finished_lesson(person, lesson, *, days_ago):
    progress = LessonProgress.objects.create(
        client_id=uuid4(),
        user=person,
        lesson=lesson,
        lesson_title=lesson.title,
        lesson_key=lesson.translation_key,
    )
    LessonProgress.objects.filter(pk=progress.pk).update(created_at=ago(days_ago))


def certificate(holder, course, *, expires_in=None, revoked=False):
    return Certificate.objects.create(
        holder=holder,
        holder_name=holder.display_name,
        course=course,
        course_title="Cán bộ: thủ tục trực tuyến",
        level=Level.QUIZ_VERIFIED,
        issued_on=(NOW - datetime.timedelta(days=300)).date(),
        expires_on=(NOW + datetime.timedelta(days=expires_in)).date()
        if expires_in is not None
        else None,
        revoked_at=NOW - datetime.timedelta(days=1) if revoked else None,
    )


def waiting_link(ambassador, village, *, code, days_ago, approved_by=None):
    home = Household.objects.create(
        commune=village.commune, village=village, code=code, head_name=f"Chủ hộ {code}"
    )
    link = AmbassadorLink.objects.create(ambassador=ambassador, household=home, relation="Cháu")
    AmbassadorLink.objects.filter(pk=link.pk).update(
        created_at=ago(days_ago),
        approved_by=approved_by,
        approved_at=ago(days_ago - 1) if approved_by else None,
    )
    return link


def ambassador(**fields):
    return UserFactory(role=Role.AMBASSADOR, **fields)
