import csv
import datetime
import io
import re
from uuid import uuid4

import pytest
from django.urls import reverse

from accounts.roles import Role
from base.models import AuditEvent
from courses import services as cohorts
from households import selectors, services
from households.models import Evidence, Household, Level, Member
from places.models import Village
from quizzes import services as quiz_services
from tests.factories import (
    CommuneFactory,
    UserFactory,
    household,
    learner,
    quiz_with_every_question_type,
    serves,
)

pytestmark = pytest.mark.django_db


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
    rows = selectors.village_coverage(commune_a, level=level)
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
    page = client.get(reverse("households:commune", args=[commune_a.code]) + "?level=2")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="covered-total">2<' in html
    assert "A3 – Chủ hộ A3" in html
    event = AuditEvent.objects.get(action="households.view")
    assert (event.user, event.target) == (official, f"commune:{commune_a.code}")


def test_an_official_of_another_commune_gets_nothing(client, data, commune_a):
    client.force_login(official_of(CommuneFactory()))
    home = Household.objects.get(code="A1")
    assert client.get(reverse("households:commune", args=[commune_a.code])).status_code == 404
    assert client.get(reverse("households:detail", args=[home.pk])).status_code == 404
    assert client.get(reverse("households:import", args=[commune_a.code])).status_code == 404
    export = reverse("households:uncovered_export", args=[commune_a.code])
    assert client.get(export).status_code == 404
    assert client.get(reverse("households:add", args=[commune_a.code])).status_code == 404
    assert client.get(reverse("households:edit", args=[commune_a.code, home.pk])).status_code == 404
    assert (
        client.post(reverse("households:delete", args=[home.pk]), {"reason": "x"}).status_code
        == 404
    )
    overview = client.get(reverse("households:overview")).content.decode()
    assert "Xã Mường Phăng" not in overview


def test_the_list_of_households_to_reach_downloads_for_excel_and_is_logged(client, data, commune_a):
    official = official_of(commune_a)
    client.force_login(official)
    a3 = Household.objects.get(code="A3")
    # A second piece of evidence must not count a member twice.
    services.record_evidence(
        member=a3.members.first(),
        kind=Evidence.Kind.AMBASSADOR_SAYS,
        user=official,
        observed_on=datetime.date(2026, 1, 5),
    )
    Household.objects.filter(code="B2").update(head_name='=HYPERLINK("http://x")')
    response = client.get(
        reverse("households:uncovered_export", args=[commune_a.code]) + "?level=2"
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens it with Vietnamese letters intact
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Mã hộ", "Thôn, bản", "Chủ hộ", "Mức cao nhất hiện có", "Số thành viên"]
    assert rows[1:] == [
        ["A3", "Bản A", "Chủ hộ A3", "Tự khai", "2"],
        ["B1", "Bản B", "Chủ hộ B1", "", "2"],
        ["B2", "Bản B", '\'=HYPERLINK("http://x")', "", "0"],  # text, not a formula
    ]
    event = AuditEvent.objects.get(action="households.export")
    assert (event.user, event.target, event.detail["rows"]) == (
        official,
        f"commune:{commune_a.code}",
        3,
    )


def test_a_learner_cannot_open_household_pages(client, data, commune_a):
    client.force_login(learner())
    assert client.get(reverse("households:overview")).status_code == 403


def test_a_trainer_sees_the_communes_they_serve_only(client, data, commune_a, course):
    trainer = serves(UserFactory(role=Role.TRAINER), commune_a)
    cohorts.create_cohort(trainer=trainer, course=course, name="Lớp", commune=commune_a)
    client.force_login(trainer)
    assert client.get(reverse("households:commune", args=[commune_a.code])).status_code == 200
    other = CommuneFactory()
    assert client.get(reverse("households:commune", args=[other.code])).status_code == 404


def test_deleting_a_household_removes_its_personal_data_and_logs_only_that(client, data, commune_a):
    client.force_login(official_of(commune_a))
    home = Household.objects.get(code="A1")
    response = client.post(
        reverse("households:delete", args=[home.pk]), {"reason": "Chủ hộ rút lại sự đồng ý"}
    )
    assert response.status_code == 302
    assert not Household.objects.filter(code="A1").exists()
    assert not Member.objects.filter(full_name__startswith="Người A1").exists()
    assert not Evidence.objects.filter(member__household__code="A1").exists()
    event = AuditEvent.objects.get(action="household.delete")
    assert event.detail == {"code": "A1", "reason": "Chủ hộ rút lại sự đồng ý", "members": 2}


def test_a_trainer_records_a_witnessed_procedure(client, data, commune_a, course):
    trainer = serves(UserFactory(role=Role.TRAINER), commune_a)
    cohorts.create_cohort(trainer=trainer, course=course, name="Lớp", commune=commune_a)
    home = Household.objects.get(code="B1")
    member = home.members.first()
    client.force_login(trainer)
    client.post(
        reverse("households:member_witnessed", args=[home.pk, member.pk]),
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
    url = reverse("households:import", args=[commune_a.code])
    response = client.post(url, {"file": csv_file(ROWS)})
    assert response.status_code == 400
    assert "Chưa có thôn, bản “Bản Nà Nọ”" in response.content.decode()
    Village.objects.create(commune=commune_a, name="Bản Nà Nọ")
    preview = client.post(url, {"file": csv_file(ROWS)}).content.decode()
    assert AuditEvent.objects.filter(action="households.import").count() == 0  # nothing yet
    confirm = {
        name: re.search(rf'name="{name}" value="([^"]+)"', preview).group(1)
        for name in ("token", "digest")
    }
    response = client.post(url, confirm)
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
    trend = selectors.weekly_coverage(commune_a, level=Level.QUIZ_VERIFIED, weeks=3, today=today)
    assert trend == [
        (datetime.date(2026, 11, 2), 1),
        (datetime.date(2026, 11, 9), 2),
        (datetime.date(2026, 11, 16), 3),
    ]


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_official_adds_and_corrects_a_household_by_hand(client, commune_a):
    village = Village.objects.create(commune=commune_a, name="Bản Phăng")
    client.force_login(official_of(commune_a))
    url = reverse("households:add", args=[commune_a.code])
    data = {
        "code": "T9",
        "village": village.pk,
        "head_name": "Vì Văn Sơn",
        "consent_by": "Vì Văn Sơn",
        "consent_on": "2026-11-20",
        **management_form("members", 2),
        "members-0-full_name": "Vì Văn Sơn",
        "members-0-birth_year": "1970",
        "members-0-relation": "head",
        "members-0-phone": "0912 111 222",
        "members-1-full_name": "",
        "members-1-birth_year": "",
        "members-1-relation": "",
    }
    # No consent, no household.
    refused = client.post(url, {**data, "consent_by": ""})
    assert refused.status_code == 200 and not Household.objects.filter(code="T9").exists()
    response = client.post(url, data)
    home = Household.objects.get(code="T9")
    assert response.url == reverse("households:detail", args=[home.pk])
    assert str(home.members.get().phone) == "+84912111222"
    assert home.consents.get().given_by == "Vì Văn Sơn"

    member = home.members.get()
    edit = reverse("households:edit", args=[commune_a.code, home.pk])
    client.post(
        edit,
        {
            "code": "T9",
            "village": village.pk,
            "head_name": "Vì Văn Sơn",
            **management_form("members", 1, initial=1),
            "members-0-id": member.pk,
            "members-0-household": home.pk,
            "members-0-full_name": "Vì Văn Sơn",
            "members-0-birth_year": "1971",
            "members-0-relation": "head",
            "members-0-phone": "",
        },
    )
    member.refresh_from_db()
    assert member.birth_year == 1971 and member.phone in (None, "")


def test_a_household_code_is_used_once_per_commune(client, data, commune_a):
    village = Village.objects.get(name="Bản A")
    client.force_login(official_of(commune_a))
    response = client.post(
        reverse("households:add", args=[commune_a.code]),
        {
            "code": "A1",
            "village": village.pk,
            "head_name": "X",
            "consent_by": "X",
            "consent_on": "2026-11-20",
            **management_form("members", 1),
            "members-0-full_name": "X",
            "members-0-birth_year": "1990",
            "members-0-relation": "head",
        },
    )
    assert "Đã có hộ khác trong xã dùng mã này" in response.content.decode()
