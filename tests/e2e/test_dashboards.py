import io

import openpyxl
from playwright.sync_api import expect

from accounts.roles import Role
from households.models import Level
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, household, wagtail_basics

from .test_quiz import log_in


def test_an_official_reads_the_commune_dashboard_on_a_phone_and_downloads_excel(
    live_server, page, transactional_db
):
    wagtail_basics()
    commune = CommuneFactory(name="Xã Mường Phăng")
    village = Village.objects.create(commune=commune, name="Bản Co Sủ")
    household(commune, village, "H1", Level.QUIZ_VERIFIED)
    household(commune, village, "H2", None)
    official = UserFactory(username="canbo", role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    page.set_viewport_size({"width": 360, "height": 740})  # an old phone

    log_in(page, live_server, official.username)
    page.get_by_test_id("nav-dashboards").click()
    page.get_by_role("link", name="Xã Mường Phăng").click()

    chart = page.get_by_role("img", name="Hộ biết dùng dịch vụ công theo thôn, bản, ở từng mức")
    expect(chart).to_be_visible()
    villages = page.get_by_test_id("table-villages")
    expect(villages.get_by_role("row", name="Bản Co Sủ")).to_contain_text("50%")
    # The chart fits the phone's width: nothing to scroll sideways to read it.
    assert chart.bounding_box()["width"] <= 360

    with page.expect_download() as download:
        page.get_by_test_id("xlsx-villages").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet["A2"].value == "Bản Co Sủ" and sheet["B2"].value == 2
    assert download.value.suggested_filename.endswith(".xlsx")
