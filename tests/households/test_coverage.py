import datetime
from uuid import uuid4

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import Role
from courses import services as cohorts
from households import selectors, services
from households.models import Evidence, Household, Level, Member
from places.models import Village
from quizzes import services as quiz_services
from tests.factories import CommuneFactory, UserFactory, learner, quiz_with_every_question_type

pytestmark = pytest.mark.django_db


def household(commune, village, code, *levels):
    """A household whose members have evidence at ``levels`` (None: no evidence)."""
    home = Household.objects.create(
        commune=commune, village=village, code=code, head_name=f"Chủ hộ {code}"
    )
    kinds = {
        Level.SELF_REPORTED: Evidence.Kind.AMBASSADOR_SAYS,
        Level.QUIZ_VERIFIED: Evidence.Kind.QUIZ,
        Level.WITNESSED: Evidence.Kind.WITNESSED,
    }
    for n, level in enumerate(levels):
        member = Member.objects.create(
            household=home, full_name=f"Người {code}-{n}", birth_year=1980 + n, relation="child"
        )
        if level:
            services.record_evidence(member=member, kind=kinds[level], user=None)
    return home


@pytest.fixture
def commune_a():
    return CommuneFactory(name="Xã Mường Phăng")


@pytest.fixture
def data(commune_a):
    """By hand: Bản A has 3 households (one witnessed, one quiz, one self-reported only);
    Bản B has 2 (one with nobody able, one empty of evidence)."""
    a = Village.objects.create(commune=commune_a, name="Bản A")
    b = Village.objects.create(commune=commune_a, name="Bản B")
    household(commune_a, a, "A1", Level.WITNESSED, None)
    household(commune_a, a, "A2", Level.QUIZ_VERIFIED)
    household(commune_a, a, "A3", Level.SELF_REPORTED, Level.SELF_REPORTED)
    household(commune_a, b, "B1", None, None)
    household(commune_a, b, "B2")
    return a, b


@pytest.mark.parametrize(
    "level, expected",
    [
        (Level.SELF_REPORTED, {"Bản A": (3, 3), "Bản B": (2, 0)}),
        (Level.QUIZ_VERIFIED, {"Bản A": (3, 2), "Bản B": (2, 0)}),
        (Level.WITNESSED, {"Bản A": (3, 1), "Bản B": (2, 0)}),
    ],
)
def test_coverage_by_village_matches_a_count_by_hand(data, commune_a, level, expected):
    rows = selectors.coverage_by(
        Household.objects.filter(commune=commune_a),
        by="village_id",
        name_field="village__name",
        level=level,
    )
    assert {r.name: (r.households, r.covered) for r in rows} == expected


def test_a_members_level_is_the_strongest_evidence(data):
    home = Household.objects.get(code="A1")
    member = home.members.get(birth_year=1980)
    services.record_evidence(member=member, kind=Evidence.Kind.AMBASSADOR_SAYS, user=None)
    levels = {m.full_name: m.level for m in selectors.members_with_level(home)}
    assert levels == {"Người A1-0": Level.WITNESSED, "Người A1-1": None}


def test_uncovered_households_come_closest_first(data, commune_a):
    codes = [
        h.code
        for h in selectors.uncovered(
            Household.objects.filter(commune=commune_a), level=Level.QUIZ_VERIFIED
        )
    ]
    assert codes == ["A3", "B1", "B2"]


def test_passing_a_final_check_makes_the_learners_member_quiz_verified(commune_a, course):
    village = Village.objects.create(commune=commune_a, name="Bản C")
    person = learner()
    home = household(commune_a, village, "C1")
    member = Member.objects.create(
        household=home, full_name="Lò Thị Xuân", birth_year=1990, relation="head", user=person
    )
    quiz = quiz_with_every_question_type(max_attempts=0)
    course.final_quiz = quiz
    course.save()
    attempt = quiz_services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    from tests.quizzes.test_attempts import RIGHT, answer_all

    answer_all(attempt, RIGHT)
    assert selectors.members_with_level(home).get(pk=member.pk).level == Level.QUIZ_VERIFIED


# --- pages and roles ---------------------------------------------------------------------


def official_of(commune):
    return UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)


def test_an_official_sees_their_communes_coverage_and_the_view_is_logged(client, data, commune_a):
    official = official_of(commune_a)
    client.force_login(official)
    page = client.get(reverse("households_commune", args=[commune_a.code]) + "?level=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="covered-total">2<' in html
    assert "A3 – Chủ hộ A3" in html
    event = AuditEvent.objects.get(action="households.view")
    assert (event.user, event.target) == (official, f"commune:{commune_a.code}")


def test_an_official_of_another_commune_gets_nothing(client, data, commune_a):
    client.force_login(official_of(CommuneFactory()))
    home = Household.objects.get(code="A1")
    assert client.get(reverse("households_commune", args=[commune_a.code])).status_code == 404
    assert client.get(reverse("household_detail", args=[home.pk])).status_code == 404
    assert client.get(reverse("household_import", args=[commune_a.code])).status_code == 404
    assert (
        client.post(reverse("household_delete", args=[home.pk]), {"reason": "x"}).status_code == 404
    )
    overview = client.get(reverse("households_overview")).content.decode()
    assert "Xã Mường Phăng" not in overview


def test_a_learner_cannot_open_household_pages(client, data, commune_a):
    client.force_login(learner())
    assert client.get(reverse("households_overview")).status_code == 403


def test_a_trainer_sees_the_communes_of_their_cohorts_only(client, data, commune_a, course):
    trainer = UserFactory(role=Role.TRAINER)
    cohorts.create_cohort(trainer=trainer, course=course, name="Lớp", commune=commune_a)
    client.force_login(trainer)
    assert client.get(reverse("households_commune", args=[commune_a.code])).status_code == 200
    other = CommuneFactory()
    assert client.get(reverse("households_commune", args=[other.code])).status_code == 404


def test_deleting_a_household_removes_its_personal_data_and_logs_only_that(client, data, commune_a):
    client.force_login(official_of(commune_a))
    home = Household.objects.get(code="A1")
    response = client.post(
        reverse("household_delete", args=[home.pk]), {"reason": "Chủ hộ rút lại sự đồng ý"}
    )
    assert response.status_code == 302
    assert not Household.objects.filter(code="A1").exists()
    assert not Member.objects.filter(full_name__startswith="Người A1").exists()
    assert not Evidence.objects.filter(member__household__code="A1").exists()
    event = AuditEvent.objects.get(action="household.delete")
    assert event.detail == {"code": "A1", "reason": "Chủ hộ rút lại sự đồng ý", "members": 2}


def test_a_trainer_records_a_witnessed_procedure(client, data, commune_a, course):
    trainer = UserFactory(role=Role.TRAINER)
    cohorts.create_cohort(trainer=trainer, course=course, name="Lớp", commune=commune_a)
    home = Household.objects.get(code="B1")
    member = home.members.first()
    client.force_login(trainer)
    client.post(
        reverse("member_witnessed", args=[home.pk, member.pk]),
        {"procedure": "Khai báo tạm trú trên VNeID", "observed_on": "2026-11-20"},
    )
    evidence = Evidence.objects.get(member=member)
    assert (evidence.level, evidence.recorded_by, evidence.observed_on) == (
        Level.WITNESSED,
        trainer,
        datetime.date(2026, 11, 20),
    )


def test_the_import_screen_reports_errors_then_imports(client, commune_a):
    from tests.households.test_import import ROWS, csv_file

    Village.objects.create(commune=commune_a, name="Bản Co Sủ")
    client.force_login(official_of(commune_a))
    url = reverse("household_import", args=[commune_a.code])
    response = client.post(url, {"file": csv_file(ROWS)})
    assert response.status_code == 400
    assert "Chưa có thôn, bản “Bản Nà Nọ”" in response.content.decode()
    Village.objects.create(commune=commune_a, name="Bản Nà Nọ")
    response = client.post(url, {"file": csv_file(ROWS)})
    assert "2 hộ mới" in response.content.decode()
    assert AuditEvent.objects.filter(action="households.import").count() == 1


def test_weekly_coverage_counts_each_household_from_its_first_evidence(commune_a):
    village = Village.objects.create(commune=commune_a, name="Bản T")
    today = datetime.date(2026, 11, 18)  # a Wednesday
    for code, days_ago in [("T1", 30), ("T2", 9), ("T3", 2), ("T4", None)]:
        home = household(commune_a, village, code, None)
        if days_ago is not None:
            services.record_evidence(
                member=home.members.get(),
                kind=Evidence.Kind.QUIZ,
                user=None,
                observed_on=today - datetime.timedelta(days=days_ago),
            )
    trend = selectors.weekly_coverage(
        Household.objects.filter(commune=commune_a), level=Level.QUIZ_VERIFIED, weeks=3, today=today
    )
    assert trend == [
        (datetime.date(2026, 11, 2), 1),
        (datetime.date(2026, 11, 9), 2),
        (datetime.date(2026, 11, 16), 3),
    ]
