from pathlib import Path

from playwright.sync_api import expect

from accounts.roles import Role
from households.models import Household, Member
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, wagtail_basics

from .test_quiz import log_in

SHOTS = Path("var/screenshots/household-search")


def test_an_official_finds_a_household_by_typing_a_name_without_accents(
    live_server, page, transactional_db
):
    wagtail_basics()  # the learner pages an official lands on after logging in
    commune = CommuneFactory(name="Xã Mường Phăng")
    village = Village.objects.create(commune=commune, name="Bản Co Sủ")
    for n in range(40):  # more than a page of other households
        Household.objects.create(
            commune=commune, village=village, code=f"MP-{n:03d}", head_name=f"Lò Văn {n}"
        )
    home = Household.objects.create(
        commune=commune, village=village, code="MP-204", head_name="Nguyễn Thị Đào"
    )
    Member.objects.create(
        household=home, full_name="Nguyễn Thị Đào", birth_year=1975, relation="head"
    )
    official = UserFactory(username="canbo", role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    page.set_viewport_size({"width": 360, "height": 740})

    log_in(page, live_server, official.username)
    page.goto(f"{live_server.url}/ho-gia-dinh/xa/{commune.code}/")
    expect(page.get_by_test_id("household-pages")).to_be_visible()  # 41 households: pages
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/0-commune-page.png", full_page=True)

    search = page.get_by_test_id("household-search").get_by_role("searchbox")
    search.fill("nguyen")
    page.get_by_test_id("household-search-submit").click()

    found = page.get_by_test_id("uncovered")
    expect(found).to_contain_text("MP-204 – Nguyễn Thị Đào")
    expect(found.get_by_role("listitem")).to_have_count(1)
    expect(page.get_by_test_id("household-search").get_by_role("searchbox")).to_have_value("nguyen")
    # The page opens at what was found (the search form is just above it).
    expect(page.get_by_test_id("household-count")).to_be_in_viewport()
    page.screenshot(path=f"{SHOTS}/1-found-without-accents.png")

    page.get_by_role("link", name="MP-204 – Nguyễn Thị Đào").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MP-204")
