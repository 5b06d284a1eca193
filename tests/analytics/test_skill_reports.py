"""Reports by skill (cohort, commune, province), the commune's confirmations export, the
officials' refresher flag, and who may see each."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from analytics import reports, selectors
from analytics.charts import plain
from analytics.skills import CONFIRMATION_COLUMNS
from base.models import AuditEvent
from courses.models import Audience, Cohort
from courses.services import add_member
from households.models import Household, Level, Member
from places.models import Village
from tests.analytics.factories import certificate, course_teaching_skills, practice_run
from tests.factories import (
    CommuneFactory,
    ProvinceFactory,
    UserFactory,
    course_with_lessons,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    """Commune A (province P): a cohort of two (Lan, Minh) on a course teaching 1.1 and 1.2.
    Lan: certificate for 1.1 (witnessed), linked to a household member born 1985 in Bản Na.
    Minh: practised a lesson tagged 1.2 without help. Commune B: its own official."""
    province = ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    a = CommuneFactory(name="Xã Nậm Hàng", province=province)
    b = CommuneFactory(name="Xã Nậm Manh", province=province)
    village = Village.objects.create(commune=a, name="Bản Na")
    skills, course, lesson = course_teaching_skills()

    trainer = UserFactory(role=Role.TRAINER, first_name="Tập huấn")
    cohort = Cohort.objects.create(name="Lớp Nậm Hàng", course=course, commune=a)
    cohort.trainers.add(trainer)
    lan = UserFactory(role=Role.LEARNER, first_name="Lan", home_commune=a)
    minh = UserFactory(role=Role.LEARNER, first_name="Minh", home_commune=a)
    for member in (lan, minh):
        add_member(cohort=cohort, user=member)
    home = Household.objects.create(commune=a, village=village, code="N1", head_name="Lò Lan")
    Member.objects.create(
        household=home, full_name="Lò Thị Lan", birth_year=1985, relation="head", user=lan
    )
    made = certificate(course, [skills["1.1"]], holder=lan, commune=a, level=Level.WITNESSED)
    practice_run(minh, lesson)
    return {
        "province": province,
        "a": a,
        "b": b,
        "cohort": cohort,
        "trainer": trainer,
        "lan": lan,
        "minh": minh,
        "certificate": made,
        "official": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=a),
        "other_official": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=b),
        "province_admin": UserFactory(role=Role.PROVINCE_ADMIN, home_commune=b),
    }


def rows_of(table) -> dict:
    return {row["skill_code"]: row for row in table.records()}


def test_the_cohort_report_says_who_showed_each_skill_the_course_teaches(world):
    table = reports.cohort_report(world["cohort"]).table("skills")
    rows = rows_of(table)

    assert set(rows) == {"1.1", "1.2"}  # 2.1 is not taught by the course
    assert (rows["1.1"]["people"], rows["1.1"]["who"]) == (1, "Lan")  # as the cohort knows her
    assert rows["1.1"][f"level_{Level.WITNESSED}"] == 1
    assert (rows["1.2"]["people"], rows["1.2"]["who"]) == (1, "Minh")
    assert rows["1.2"][f"level_{Level.PRACTISED}"] == 1
    assert rows["1.2"]["share"] == pytest.approx(0.5)


def test_the_commune_report_counts_each_skill_by_evidence_and_level(world):
    rows = rows_of(reports.commune_report(world["a"]).table("skills"))

    assert list(rows) == ["1.1", "1.2", "2.1"]  # the whole framework, in its order
    assert (rows["1.1"]["people"], rows["1.1"]["certificate"], rows["1.1"]["practice"]) == (
        1,
        1,
        0,
    )
    assert (rows["1.2"]["people"], rows["1.2"]["practice"]) == (1, 1)
    assert rows["2.1"]["people"] == 0


def test_the_province_report_counts_skill_groups_and_the_index_per_commune(world):
    report = reports.province_report(world["province"], reports.Filters())
    groups = {row["commune"]: row for row in report.table("skill_groups").records()}
    group_1 = next(c.name for c in report.table("skill_groups").columns if c.name != "commune")

    assert groups["Xã Nậm Hàng"][group_1] == 2  # Lan and Minh, each once
    assert groups["Xã Nậm Hàng"]["people"] == 2
    assert groups["Xã Nậm Manh"]["people"] == 0
    index = {row["commune"]: row for row in report.table("adaptation").records()}
    assert set(index) == {"Xã Nậm Hàng", "Xã Nậm Manh"}
    assert index["Xã Nậm Hàng"]["households"] == 1


def test_the_commune_page_shows_the_index_with_a_plain_number_in_markup(client, world):
    client.force_login(world["official"])
    html = client.get(reverse("analytics:commune", args=[world["a"].code])).content.decode()

    index = reports.commune_report(world["a"]).index
    assert index is not None and index > 0
    assert f'data-value="{plain(index)}"' in html  # a point, whatever the language
    assert f'<meter min="0" max="100" value="{plain(index)}">' in html
    assert "." in plain(index) and "," not in plain(index)  # the page is in Vietnamese
    assert f"<strong>{index:.1f}</strong>".replace(".", ",") in html  # Vietnamese: 43,8
    assert 'data-testid="table-adaptation"' in html
    assert 'data-testid="table-skills"' in html
    assert 'data-testid="skill-confirmations"' in html
    assert "757/QĐ-BKHCN" in html


def test_an_official_exports_the_communes_confirmations_audited(client, world):
    client.force_login(world["official"])
    code = world["a"].code

    response = client.get(reverse("analytics:skill_confirmations", args=[code, "xlsx"]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(c.label) for c in CONFIRMATION_COLUMNS]
    people = {row[1]: row for row in rows[1:]}
    assert set(people) == {"Lò Thị Lan", "Minh"}
    lan = people["Lò Thị Lan"]
    assert lan[0] == 1  # STT: by village, people without one last
    assert (lan[2], lan[3], lan[4], lan[5]) == (1985, "Bản Na", "Xã Nậm Hàng", "1.1")
    assert lan[7] == str(Level.WITNESSED.label)
    assert lan[9] == "Xã Nậm Hàng"
    assert lan[10] == world["certificate"].code
    assert people["Minh"][2] is None  # no household member: no birth year
    event = AuditEvent.objects.get(action="analytics.export_skill_confirmations")
    assert (event.user, event.target) == (world["official"], f"commune:{code}")
    assert event.detail == {"format": "xlsx", "rows": 2}

    text = client.get(reverse("analytics:skill_confirmations", args=[code, "csv"]))
    lines = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert len(lines) == 3 and lines[1][1] in {"Lò Thị Lan", "Minh"}
    in_csv = {line[1]: line for line in lines[1:]}
    assert (in_csv["Lò Thị Lan"][2], in_csv["Minh"][2]) == ("1985", "")  # not "1985.0"
    assert AuditEvent.objects.filter(action="analytics.export_skill_confirmations").count() == 2


def test_the_confirmations_are_for_the_communes_officials_and_its_province_only(client, world):
    url = reverse("analytics:skill_confirmations", args=[world["a"].code, "csv"])
    # An official of another commune: the commune is not even revealed.
    client.force_login(world["other_official"])
    assert client.get(url).status_code == 404
    page = reverse("analytics:commune", args=[world["a"].code])
    assert client.get(page).status_code == 404
    # A trainer of the commune sees its dashboard, not its list of people.
    client.force_login(world["trainer"])
    assert client.get(url).status_code == 403
    assert 'data-testid="skill-confirmations"' not in client.get(page).content.decode()
    # The province's administrator may.
    client.force_login(world["province_admin"])
    assert client.get(url).status_code == 200
    assert not AuditEvent.objects.filter(user=world["trainer"]).exists()


def test_officials_whose_refresher_certificate_ends_within_30_days_need_a_refresher(world):
    a = world["a"]
    refresher = course_with_lessons(title="Cán bộ số", slug="can-bo-so", lessons=1)
    refresher.audience = Audience.OFFICIALS
    refresher.certificate_valid_months = 12
    refresher.save_revision().publish()
    soon, later, lapsed, none = (
        UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=a, first_name=n)
        for n in ("A Sắp", "B Còn", "C Hết", "D Chưa")
    )
    year_ago = TODAY - datetime.timedelta(days=350)
    certificate(
        refresher,
        [],
        holder=soon,
        issued_on=year_ago,
        expires_on=TODAY + datetime.timedelta(days=10),
    )
    certificate(refresher, [], holder=later, expires_on=TODAY + datetime.timedelta(days=200))
    certificate(
        refresher,
        [],
        holder=lapsed,
        issued_on=year_ago,
        expires_on=TODAY - datetime.timedelta(days=5),
    )
    # An older certificate ending today: the latest one counts.
    certificate(refresher, [], holder=later, issued_on=year_ago, expires_on=TODAY)

    frame = selectors.official_refreshers(a).set_index("official")

    assert frame.loc["A Sắp", "valid_until"] == TODAY + datetime.timedelta(days=10)
    assert str(frame.loc["A Sắp", "refresh"]) == "Cần học lại"
    assert str(frame.loc["C Hết", "refresh"]) == "Cần học lại"
    assert frame.loc["B Còn", "refresh"] == ""
    assert frame.loc["B Còn", "valid_until"] == TODAY + datetime.timedelta(days=200)
    assert frame.loc["D Chưa", "refresh"] == "" and frame.loc["D Chưa", "valid_until"] is None
