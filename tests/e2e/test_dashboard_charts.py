"""A province administrator reads the coverage charts on a phone, in Vietnamese: the bars are
drawn (a width written "75,0%" would draw nothing), and a commune with no household says it
has no data rather than "0 %"."""

from pathlib import Path

from django.utils import translation
from playwright.sync_api import expect

from accounts.roles import Role
from households.models import Level
from places.models import Village
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, household, wagtail_basics

from .test_quiz import log_in

SHOTS = Path("var/screenshots/dashboard-charts")


def drawn_width(locator) -> float:
    return locator.evaluate("element => element.getBoundingClientRect().width")


def bar_of(chart, label):
    """The bar drawn beside ``label`` in a chart, and the track it runs along."""
    band = chart.locator("g").filter(has=chart.page.get_by_text(label, exact=True))
    return band.locator("rect.chart-bar"), band.locator("rect.chart-track")


def test_a_province_administrator_sees_the_bars_drawn_on_a_phone_in_vietnamese(
    live_server, page, transactional_db
):
    wagtail_basics()
    province = ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    commune = CommuneFactory(name="Xã Nậm Nhùn", province=province)
    một = Village.objects.create(commune=commune, name="Bản Một")
    hai = Village.objects.create(commune=commune, name="Bản Hai")
    for n, level in enumerate([Level.QUIZ_VERIFIED] * 3 + [None]):
        household(commune, một, f"M{n}", level)  # 3 of 4: 75 %
    for n, level in enumerate([Level.QUIZ_VERIFIED, None, None]):
        household(commune, hai, f"H{n}", level)  # 1 of 3: 33 %
    nobody = CommuneFactory(name="Xã Không Ai", province=province)
    household(nobody, Village.objects.create(commune=nobody, name="Bản Xa"), "K1", None)
    empty = CommuneFactory(name="Xã Trống", province=province)
    Village.objects.create(commune=empty, name="Bản Trống")
    admin = UserFactory(username="tinh", role=Role.PROVINCE_ADMIN, home_commune=commune)
    with translation.override("vi"):
        no_data = translation.gettext("No data yet")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.set_viewport_size({"width": 360, "height": 740})  # an old phone
    SHOTS.mkdir(parents=True, exist_ok=True)

    log_in(page, live_server, admin.username)
    page.get_by_test_id("nav-dashboards").click()
    page.get_by_role("link", name="Tỉnh Lai Châu").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    chart = page.get_by_test_id("chart-communes")
    expect(chart).to_be_visible()
    bar, track = bar_of(chart, "Xã Nậm Nhùn")  # 4 of 7 households: 57 %
    assert drawn_width(bar) > 0
    assert abs(drawn_width(bar) / drawn_width(track) - 4 / 7) < 0.02
    bar, _track = bar_of(chart, "Xã Không Ai")  # households, nobody covered: a bar of 0
    assert drawn_width(bar) == 0
    expect(chart.get_by_text("Xã Trống", exact=True)).to_have_count(0)  # no bar, but named:
    expect(page.get_by_test_id("chart-communes-no-data")).to_contain_text("Xã Trống")
    communes = page.get_by_test_id("table-communes")
    expect(communes.get_by_role("row", name="Xã Trống")).to_contain_text(no_data)
    expect(communes.get_by_role("row", name="Xã Không Ai")).to_contain_text("0%")
    page.screenshot(path=f"{SHOTS}/1-province.png", full_page=True)
    communes.get_by_role("cell", name=no_data).first.scroll_into_view_if_needed()
    communes.screenshot(path=f"{SHOTS}/2-province-no-data.png")

    communes.get_by_role("link", name="Xã Nậm Nhùn").click()
    chart = page.get_by_test_id("chart-villages")
    expect(chart).to_be_visible()
    bar, track = bar_of(chart, "Bản Một")
    assert drawn_width(bar) > 0
    assert abs(drawn_width(bar) / drawn_width(track) - 0.75) < 0.02
    bar, track = bar_of(chart, "Bản Hai")
    assert abs(drawn_width(bar) / drawn_width(track) - 1 / 3) < 0.02
    assert chart.bounding_box()["width"] <= 360  # nothing to scroll sideways
    page.screenshot(path=f"{SHOTS}/3-commune.png", full_page=True)
    assert not errors, errors  # e.g. "<rect> attribute width: Expected length, "75,0%""
