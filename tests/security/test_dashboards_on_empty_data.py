"""Every dashboard and every one of its downloads answers on empty data: a cohort nobody has
joined, a trainer with no cohort, a superuser (in no group), a commune with no households, a
province with nothing recorded. Where there is nothing to count the page says so and shows
no share ("0 %" would claim a measurement that was never made)."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from courses.models import Cohort, CohortSession
from places.models import Village
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, household


@pytest.fixture
def wagtail_locale(transactional_db):
    # A transactional test's flush empties the default locale Wagtail's migrations made.
    from tests.factories import wagtail_basics

    return wagtail_basics()


pytestmark = pytest.mark.django_db

# A share shown for people: "0%", "0 %", "0,0 %"; not "100%" or "50%".
ZERO_SHARE = re.compile(r"(?<![\d.,])0(?:[.,]0+)?\s?%")

TRAINER_TABLES = ["cohorts", "uncovered"]
COHORT_TABLES = ["attendance", "lessons", "quizzes", "missed", "inactive"]
COMMUNE_TABLES = ["villages", "trend", "learning", "ambassadors", "officials"]
PROVINCE_TABLES = ["communes"]


@pytest.fixture
def empty_commune():
    commune = CommuneFactory(
        name="Xã Trống", province=ProvinceFactory(code="62", name="Tỉnh Lai Châu")
    )
    Village.objects.create(commune=commune, name="Bản Trống")  # a village, still no household
    return commune


@pytest.fixture
def empty_cohort(course, empty_commune):
    """A cohort nobody has joined, with one session already held (attended by nobody)."""
    cohort = Cohort.objects.create(name="Lớp chưa ai vào", course=course, commune=empty_commune)
    CohortSession.objects.create(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    return cohort


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)  # in no group at all


def page(client, url, *, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def assert_honestly_empty(html):
    assert 'data-testid="empty-state"' in html
    assert not ZERO_SHARE.search(html), ZERO_SHARE.search(html).group(0)


def assert_every_download_answers(client, name, args, tables):
    for table in tables:
        text = client.get(reverse(f"{name}_export", args=[*args, table, "csv"]))
        assert text.status_code == 200, (table, "csv")
        header = next(csv.reader(io.StringIO(text.content.decode().lstrip("\ufeff"))))
        assert header  # the columns are there even with no row
        book = client.get(reverse(f"{name}_export", args=[*args, table, "xlsx"]))
        assert book.status_code == 200, (table, "xlsx")
        openpyxl.load_workbook(io.BytesIO(book.content))


# --- trainers ------------------------------------------------------------------------------


def test_a_trainer_whose_cohort_has_no_members_sees_both_dashboards(client, empty_cohort):
    trainer = UserFactory(role=Role.TRAINER)
    empty_cohort.trainers.add(trainer)
    client.force_login(trainer)

    listing = page(client, reverse("analytics:trainer"))
    assert "Lớp chưa ai vào" in listing
    assert_honestly_empty(listing)
    assert_every_download_answers(client, "analytics:trainer", [], TRAINER_TABLES)

    cohort_page = page(client, reverse("analytics:cohort", args=[empty_cohort.pk]))
    assert_honestly_empty(cohort_page)
    assert_every_download_answers(client, "analytics:cohort", [empty_cohort.pk], COHORT_TABLES)
    assert "Lớp chưa ai vào" in page(client, reverse("analytics:index"))


def test_the_session_held_for_nobody_has_no_attendance_share(client, empty_cohort):
    trainer = UserFactory(role=Role.TRAINER)
    empty_cohort.trainers.add(trainer)
    client.force_login(trainer)
    download = client.get(
        reverse("analytics:cohort_export", args=[empty_cohort.pk, "attendance", "csv"])
    )
    rows = list(csv.reader(io.StringIO(download.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 2  # the header and the session held
    assert rows[1][-1] == ""  # nobody to be present: no share, not 0
    cohorts = client.get(reverse("analytics:trainer_export", args=["cohorts", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(cohorts.content)).active
    _header, row = sheet.iter_rows(values_only=True)
    # cohort, commune, members, sessions, attendance, ...: no member, no attendance share
    assert row[2:5] == (0, 1, None)


def test_a_trainer_with_no_cohort_at_all(client):
    client.force_login(UserFactory(role=Role.TRAINER))
    assert_honestly_empty(page(client, reverse("analytics:trainer")))
    assert_every_download_answers(client, "analytics:trainer", [], TRAINER_TABLES)
    page(client, reverse("analytics:index"))


def test_a_trainer_still_cannot_open_someone_elses_empty_cohort(client, empty_cohort):
    empty_cohort.trainers.add(UserFactory(role=Role.TRAINER))
    client.force_login(UserFactory(role=Role.TRAINER))
    page(client, reverse("analytics:cohort", args=[empty_cohort.pk]), status=404)
    export = reverse("analytics:cohort_export", args=[empty_cohort.pk, "inactive", "csv"])
    assert client.get(export).status_code == 404
    client.force_login(UserFactory(role=Role.LEARNER))
    page(client, reverse("analytics:trainer"), status=403)
    client.logout()
    assert client.get(reverse("analytics:trainer")).status_code == 302  # to the login page


# --- a superuser ---------------------------------------------------------------------------


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_a_superuser_opens_every_dashboard(
    wagtail_locale, client, superuser, empty_cohort, empty_commune
):
    client.force_login(superuser)
    page(client, reverse("analytics:index"))
    assert_honestly_empty(page(client, reverse("analytics:trainer")))
    assert_every_download_answers(client, "analytics:trainer", [], TRAINER_TABLES)
    assert_honestly_empty(page(client, reverse("analytics:cohort", args=[empty_cohort.pk])))
    assert_every_download_answers(client, "analytics:cohort", [empty_cohort.pk], COHORT_TABLES)
    assert_honestly_empty(page(client, reverse("analytics:commune", args=[empty_commune.code])))
    assert_every_download_answers(client, "analytics:commune", [empty_commune.code], COMMUNE_TABLES)
    code = empty_commune.province.code
    assert_honestly_empty(page(client, reverse("analytics:province", args=[code])))
    assert_every_download_answers(client, "analytics:province", [code], PROVINCE_TABLES)


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_a_superuser_opens_a_province_without_any_commune(wagtail_locale, client, superuser):
    client.force_login(superuser)
    code = ProvinceFactory(code="99", name="Tỉnh Mới").code
    assert_honestly_empty(page(client, reverse("analytics:province", args=[code])))
    assert_every_download_answers(client, "analytics:province", [code], PROVINCE_TABLES)


# --- a commune, a province -----------------------------------------------------------------


def test_a_commune_with_no_households(client, empty_commune):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=empty_commune))
    html = page(client, reverse("analytics:commune", args=[empty_commune.code]))
    assert_honestly_empty(html)
    assert_every_download_answers(client, "analytics:commune", [empty_commune.code], COMMUNE_TABLES)
    other = CommuneFactory()
    page(client, reverse("analytics:commune", args=[other.code]), status=404)


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_a_province_with_no_data(wagtail_locale, client, empty_commune):
    admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=empty_commune)
    client.force_login(admin)
    code = empty_commune.province.code
    html = page(client, reverse("analytics:province", args=[code]))  # computed at once in tests
    assert_honestly_empty(html)
    assert "Xã Trống" in html  # the commune is listed, with nothing to rank it by
    assert_every_download_answers(client, "analytics:province", [code], PROVINCE_TABLES)
    download = client.get(reverse("analytics:province_export", args=[code, "communes", "csv"]))
    rows = list(csv.reader(io.StringIO(download.content.decode().lstrip("\ufeff"))))
    shares = [n for n, label in enumerate(rows[0]) if label.endswith("(%)")]
    assert shares and all(rows[1][n] == "" for n in shares)  # no household: no share
    other = ProvinceFactory(code="14", name="Tỉnh Sơn La")
    page(client, reverse("analytics:province", args=[other.code]), status=404)


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_a_commune_with_no_households_is_listed_unranked_beside_one_with_data(
    wagtail_locale, client, empty_commune
):
    counted = CommuneFactory(name="Xã Có Hộ", province=empty_commune.province)
    household(counted, Village.objects.create(commune=counted, name="Bản Có"), "H1")  # 0 of 1
    client.force_login(UserFactory(role=Role.PROVINCE_ADMIN, home_commune=empty_commune))
    code = empty_commune.province.code
    html = page(client, reverse("analytics:province", args=[code]))
    assert 'data-testid="empty-state"' not in html  # one household is something to count
    assert 'class="chart-label">Xã Có Hộ<' in html
    assert 'class="chart-label">Xã Trống<' not in html  # no bar where nothing was measured
    download = client.get(reverse("analytics:province_export", args=[code, "communes", "csv"]))
    rows = list(csv.reader(io.StringIO(download.content.decode().lstrip("\ufeff"))))
    by_commune = {row[1]: row for row in rows[1:]}
    share = rows[0].index(next(label for label in rows[0] if label.endswith("(%)")))
    assert by_commune["Xã Có Hộ"][0] == "1" and by_commune["Xã Có Hộ"][share] == "0.0"
    assert by_commune["Xã Trống"][0] == "" and by_commune["Xã Trống"][share] == ""
    assert [row[1] for row in rows[1:]] == ["Xã Có Hộ", "Xã Trống"]


def test_the_household_coverage_pages_show_no_share_for_a_commune_with_no_households(
    client, empty_commune
):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=empty_commune))
    overview = page(client, reverse("households:overview"))
    assert "Xã Trống" in overview and not ZERO_SHARE.search(overview)
    page(client, reverse("households:commune", args=[empty_commune.code]))
    export = client.get(reverse("households:uncovered_export", args=[empty_commune.code]))
    assert export.status_code == 200
