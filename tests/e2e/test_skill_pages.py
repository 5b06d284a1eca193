"""Browser: an official reads the commune's index and skills and downloads the confirmations;
a province administrator compares communes. Screenshots in var/screenshots/adaptation-index/."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from households.models import Household, Level, Member
from places.models import Village
from tests.analytics.factories import certificate, framework
from tests.e2e.test_quiz import log_in
from tests.factories import (
    CommuneFactory,
    ProvinceFactory,
    UserFactory,
    course_with_lessons,
    household,
    wagtail_basics,
)

pytestmark = pytest.mark.e2e
SHOTS = Path("var/screenshots/adaptation-index")


def test_an_official_reads_the_index_and_downloads_the_skill_confirmations(
    live_server, page, transactional_db
):
    wagtail_basics()
    province = ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    commune = CommuneFactory(name="Xã Mường Phăng", province=province)
    other = CommuneFactory(name="Xã Nà Tấu", province=province)
    village = Village.objects.create(commune=commune, name="Bản Co Sủ")
    household(commune, village, "H1", Level.WITNESSED)
    household(commune, village, "H2", Level.SELF_REPORTED, None)
    household(commune, village, "H3", None)
    household(
        other, Village.objects.create(commune=other, name="Bản Tấu"), "T1", Level.QUIZ_VERIFIED
    )
    skills = framework(("0", ["0.1", "0.2"]), ("1", ["1.1"]))
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=1)
    course.skills.set([skills["0.1"], skills["1.1"]])
    course.save_revision().publish()
    learner = UserFactory(first_name="Lò Văn Sáng", home_commune=commune)
    home = Household.objects.get(code="H1")
    Member.objects.filter(household=home).update(user=learner)
    certificate(course, [skills["0.1"], skills["1.1"]], holder=learner, commune=commune)
    official = UserFactory(username="canbo", role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    admin = UserFactory(username="tinh", role=Role.PROVINCE_ADMIN, home_commune=other)
    SHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, live_server, official.username)
    page.goto(live_server.url + reverse("analytics:commune", args=[commune.code]))
    index = page.get_by_test_id("adaptation-index")
    expect(index).to_be_visible()
    value = float(index.get_attribute("data-value"))
    assert 0 < value < 100
    expect(index).to_contain_text(f"{value:.1f}".replace(".", ","))
    skills_table = page.get_by_test_id("table-skills")
    expect(skills_table.get_by_role("row", name="0.1")).to_contain_text("1")
    index.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "commune-index.png", full_page=False)
    skills_table.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "commune-skills.png", full_page=False)

    with page.expect_download() as download:
        page.get_by_test_id("confirmations-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["B2"].value == Member.objects.get(user=learner).full_name
    assert sheet["F2"].value == "0.1; 1.1"

    page.context.clear_cookies()
    log_in(page, live_server, admin.username)
    page.goto(live_server.url + reverse("analytics:province", args=[province.code]))
    table = page.get_by_test_id("table-adaptation")
    expect(table.get_by_role("row", name="Xã Mường Phăng")).to_be_visible()
    table.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "province-index.png", full_page=False)
