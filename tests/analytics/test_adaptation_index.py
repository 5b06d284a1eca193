"""The digital-adaptation index against a small world counted by hand."""

import datetime
from uuid import uuid4

import pytest
from django.utils import timezone

from analytics.adaptation import adaptation_index
from households.models import Evidence, Household, Level, Member
from households.services import record_evidence
from lessons.services import record_progress
from places.models import Village
from tests.analytics.factories import (
    attempt,
    certificate,
    course_teaching_skills,
    practice_run,
)
from tests.factories import CommuneFactory, UserFactory, otp_quiz

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=400)


@pytest.fixture
def world():
    """Commune A: 4 households, 8 members (two each); framework skills 1.1, 1.2, 2.1, of which
    the live course teaches 1.1 (on the course) and 1.2 (on its first lesson).

    H1: a1 (account U1, finished a lesson, certificate for 1.1) witnessed today; a2 nothing.
    H2: b1 (account U2, passed a check, practised lesson 1 tagged 1.2 without help today, so
        the household tracker records PRACTICE evidence today) also passed the check 400 days
        ago; b2 nothing.
    H3: c1 self-reported 400 days ago; c2 nothing. No accounts.
    H4: d1, d2: nothing.
    U3: an account of commune A with no household: finished a lesson; a valid certificate
        for 2.1 (not taught) and a revoked one for 1.1 and 1.2.
    Commune B (the control): 1 household, 1 member, nothing.

    C = (1 [witnessed] + 0.8 [practised] + 0.25 [self-reported] + 0) / 4 = 2.05 / 4 = 0.5125
    L = members who learned / members = (a1, b1) / 8 = 0.25
    S = learners U1, U2, U3 (3); 1.1 shown by U1 (1/3), 1.2 by U2 (1/3): S = 1/3
    R = covered households 3 (H1, H2, H3), recent 2 (H1, H2): R = 2/3
    index = 100 × (0.40 × 0.5125 + 0.20 × 0.25 + 0.25 × 1/3 + 0.15 × 2/3)
          = 100 × (0.205 + 0.05 + 0.083333 + 0.1) = 43.8333
    """
    a = CommuneFactory(name="Xã A")
    b = CommuneFactory(name="Xã B")
    village = Village.objects.create(commune=a, name="Bản A")
    skills, course, lesson = course_teaching_skills()

    u1, u2, u3 = (UserFactory(first_name=n, home_commune=a) for n in ("U1", "U2", "U3"))
    members = {}
    for code, people in {"H1": "a", "H2": "b", "H3": "c", "H4": "d"}.items():
        home = Household.objects.create(commune=a, village=village, code=code, head_name=code)
        for n in (1, 2):
            members[f"{people}{n}"] = Member.objects.create(
                household=home, full_name=f"{people}{n}", birth_year=1970 + n, relation="child"
            )
    Member.objects.filter(pk=members["a1"].pk).update(user=u1)
    Member.objects.filter(pk=members["b1"].pk).update(user=u2)
    official = UserFactory(home_commune=a)
    record_evidence(member=members["a1"], kind=Evidence.Kind.WITNESSED, user=official)
    record_evidence(member=members["b1"], kind=Evidence.Kind.QUIZ, user=None, observed_on=LONG_AGO)
    record_evidence(
        member=members["c1"], kind=Evidence.Kind.AMBASSADOR_SAYS, user=None, observed_on=LONG_AGO
    )
    record_progress(user=u1, lesson=lesson, client_id=uuid4())
    record_progress(user=u3, lesson=lesson, client_id=uuid4())
    attempt(u2, otp_quiz())
    practice_run(u2, lesson)
    certificate(course, [skills["1.1"]], holder=u1, level=Level.WITNESSED)
    certificate(course, [skills["2.1"]], holder=u3)
    certificate(course, [skills["1.1"], skills["1.2"]], holder=u3, revoked=True)

    other = Household.objects.create(
        commune=b, village=Village.objects.create(commune=b, name="Bản B"), code="X", head_name="X"
    )
    Member.objects.create(household=other, full_name="x1", birth_year=1990, relation="head")
    return a, b


def test_the_index_and_its_components_match_the_count_by_hand(world):
    a, b = world
    frame = adaptation_index([a, b]).set_index("commune_id")

    row = frame.loc[a.pk]
    assert (row["households"], row["members"], row["learners"]) == (4, 8, 3)
    assert row["coverage"] == pytest.approx(0.5125)
    assert row["learned"] == pytest.approx(0.25)
    assert row["skills"] == pytest.approx(1 / 3)
    assert row["recent"] == pytest.approx(2 / 3)
    assert row["index"] == pytest.approx(43.8333, abs=1e-4)

    # Commune B: a household, nobody covered, nobody learned: every component 0.
    control = frame.loc[b.pk]
    assert control["households"] == 1
    assert [control[k] for k in ("coverage", "learned", "skills", "recent", "index")] == [
        0,
        0,
        0,
        0,
        0,
    ]


def test_a_commune_without_households_has_no_index(world):
    empty = CommuneFactory(name="Xã Trống")
    row = adaptation_index([empty]).iloc[0]
    assert row["households"] == 0
    assert row["index"] != row["index"]  # NaN: nothing measured, shown "No data yet"


def test_without_any_skill_taught_the_other_weights_share_the_skills_part(world):
    a, _b = world
    from courses.models import CoursePage
    from lessons.models import LessonPage

    CoursePage.skills.through.objects.all().delete()
    LessonPage.skills.through.objects.all().delete()

    row = adaptation_index([a]).iloc[0]

    assert row["skills"] != row["skills"]  # not measured
    # 100 × (0.40 × 0.5125 + 0.20 × 0.25 + 0.15 × 2/3) / 0.75 = 100 × 0.355 / 0.75
    assert row["index"] == pytest.approx(47.3333, abs=1e-4)
