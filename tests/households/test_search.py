"""Officials find a household on their commune's page: by name or code, with or without
accents, by village and by coverage, a page at a time."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from base.models import AuditEvent
from households import selectors
from households.importing import import_households
from households.models import Household, Level, Member
from households.search import normalise
from households.services import HOUSEHOLDS_PER_PAGE
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, household

from .test_import import ROWS, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return CommuneFactory(name="Xã Mường Phăng")


@pytest.fixture
def villages(commune):
    return (
        Village.objects.create(commune=commune, name="Bản Co Sủ"),
        Village.objects.create(commune=commune, name="Bản Nà Nọ"),
    )


@pytest.fixture
def homes(commune, villages):
    """Two households by hand: one covered at the check's level, one not."""
    co_su, na_no = villages
    an = household(commune, co_su, "MP-001", Level.QUIZ_VERIFIED)
    an.head_name = "Nguyễn Văn An"
    an.save()
    Member.objects.create(household=an, full_name="Đặng Thị Đào", birth_year=1990, relation="child")
    ban = household(commune, na_no, "MP-002", None)
    ban.head_name = "Lò Văn Bản"
    ban.save()
    return an, ban


@pytest.fixture
def official(commune):
    return UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)


def listed(client, commune, **params) -> list[str]:
    """The household codes on the commune page, in order."""
    page = client.get(reverse("households:commune", args=[commune.code]), params)
    assert page.status_code == 200
    block = page.content.decode().split('data-testid="uncovered"')[1].split("</ul>")[0]
    return re.findall(r">(MP-\d+|H\d+) – ", block)


def test_text_is_normalised_without_accents_case_or_the_crossed_d():
    assert normalise("  Nguyễn  VĂN Đức ") == "nguyen van duc"
    assert normalise("Đặng Thị Đào") == "dang thi dao"


def test_a_household_keeps_its_code_head_and_members_in_its_search_text(homes):
    an, _ban = homes
    an.refresh_from_db()
    assert an.search_text.split(" | ") == [
        "mp-001",
        "nguyen van an",
        "nguoi mp-001-0",
        "dang thi dao",
    ]
    member = an.members.get(full_name="Đặng Thị Đào")
    member.full_name = "Đặng Thị Hoa"
    member.save()
    an.refresh_from_db()
    assert "dang thi hoa" in an.search_text and "dao" not in an.search_text
    member.delete()
    an.refresh_from_db()
    assert "dang thi hoa" not in an.search_text


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "Nguyễn Văn An", "NGUYEN van AN", "  nguyen   van  an "],
)
def test_a_name_is_found_with_or_without_accents_in_any_case(client, official, homes, query):
    client.force_login(official)
    assert listed(client, homes[0].commune, q=query) == ["MP-001"]


def test_the_crossed_d_is_found_by_a_plain_d_and_members_names_count(client, official, homes):
    client.force_login(official)
    assert listed(client, homes[0].commune, q="dang thi dao") == ["MP-001"]
    assert listed(client, homes[0].commune, q="Đặng") == ["MP-001"]


def test_a_household_is_found_by_its_code(client, official, homes):
    client.force_login(official)
    assert listed(client, homes[0].commune, q="mp-002") == ["MP-002"]
    assert listed(client, homes[0].commune, q="MP-00") == ["MP-002", "MP-001"]


def test_nothing_found_says_so(client, official, homes):
    client.force_login(official)
    page = client.get(reverse("households:commune", args=[homes[0].commune.code]), {"q": "zzz"})
    html = page.content.decode()
    assert 'data-testid="household-count"' in html
    assert listed(client, homes[0].commune, q="zzz") == []


def test_the_list_is_filtered_by_village_and_by_coverage_at_the_chosen_level(
    client, official, homes, villages
):
    client.force_login(official)
    commune = homes[0].commune
    co_su, na_no = villages
    assert listed(client, commune) == ["MP-002", "MP-001"]  # still to reach first
    assert listed(client, commune, village=co_su.pk) == ["MP-001"]
    assert listed(client, commune, village=na_no.pk) == ["MP-002"]
    assert listed(client, commune, covered="yes", level=Level.QUIZ_VERIFIED) == ["MP-001"]
    assert listed(client, commune, covered="no", level=Level.QUIZ_VERIFIED) == ["MP-002"]
    # Witnessed is higher than anything MP-001 has: nobody is covered at that level.
    assert listed(client, commune, covered="yes", level=Level.WITNESSED) == []
    # Still to reach, closest first: MP-001 has someone who passed the check.
    assert listed(client, commune, covered="no", level=Level.WITNESSED) == ["MP-001", "MP-002"]


def test_a_village_of_another_commune_filters_nothing_and_shows_nothing_of_it(
    client, official, homes
):
    elsewhere = CommuneFactory()
    village = Village.objects.create(commune=elsewhere, name="Bản Khác")
    household(elsewhere, village, "MP-900")
    client.force_login(official)
    assert listed(client, homes[0].commune, village=village.pk) == ["MP-002", "MP-001"]
    assert listed(client, homes[0].commune, q="MP-900") == []


def test_the_list_comes_a_page_at_a_time_and_page_links_keep_the_search(
    client, official, commune, villages
):
    for n in range(HOUSEHOLDS_PER_PAGE + 5):
        household(commune, villages[n % 2], f"H{n:03d}")
    client.force_login(official)
    url = reverse("households:commune", args=[commune.code])
    first = client.get(url, {"q": "chu ho", "covered": "no", "level": 2})
    html = first.content.decode()
    assert len(listed(client, commune, q="chu ho", covered="no", level=2)) == HOUSEHOLDS_PER_PAGE
    assert "30 hộ" in html or "30 households" in html
    next_link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    next_link = next_link.removesuffix("#households-found")
    assert next_link.startswith("?")
    assert {"q=chu+ho", "covered=no", "level=2", "page=2"} <= set(next_link[1:].split("&"))
    second = listed(client, commune, q="chu ho", covered="no", level=2, page=2)
    assert len(second) == 5
    assert 'rel="prev"' in client.get(url + next_link).content.decode()
    # The level form carries the search along, without the page.
    level_form = html.split('class="level-form"')[1].split("</form>")[0]
    assert 'name="q" value="chu ho"' in level_form and 'name="page"' not in level_form
    # A page past the end shows the last one.
    assert listed(client, commune, q="chu ho", page=99) == second


def test_viewing_the_list_is_logged_without_what_was_searched(client, official, homes):
    client.force_login(official)
    listed(client, homes[0].commune, q="Nguyễn Văn An", page=1)
    event = AuditEvent.objects.get(action="households.view")
    assert (event.user, event.target) == (official, f"commune:{homes[0].commune.code}")
    assert event.detail == {"level": Level.QUIZ_VERIFIED, "page": 1, "shown": 1}


def test_an_official_of_another_commune_still_gets_404_whatever_the_search(client, homes):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()))
    url = reverse("households:commune", args=[homes[0].commune.code])
    assert client.get(url, {"q": "nguyen", "page": 2}).status_code == 404
    assert not AuditEvent.objects.filter(action="households.view").exists()


def test_imported_households_are_found_by_their_members_names(commune, official):
    for name in ("Bản Co Sủ", "Bản Nà Nọ"):
        Village.objects.create(commune=commune, name=name)
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    found = selectors.find_households(
        Household.objects.filter(commune=commune), level=Level.QUIZ_VERIFIED, query="lo thi xuan"
    )
    assert [h.code for h in found] == ["H001"]
    # A person added to a household by a later import is found under their name.
    child = ["H002", "Bản Nà Nọ", "Quàng Thị Ún", "Quàng Văn Đông", "2005", "Con"]
    rows = [*ROWS, [*child, "", "Quàng Thị Ún", "05/03/2026"]]
    import_households(upload=csv_file(rows), commune=commune, user=official)
    households = Household.objects.filter(commune=commune)
    found = selectors.find_households(households, level=Level.QUIZ_VERIFIED, query="quang van dong")
    assert [h.code for h in found] == ["H002"]


def test_the_demo_households_are_findable_by_their_members_names(commune):
    from demo import households as demo

    assert demo.load(commune, population=demo.population(), recorded_by=None) > 0
    member = Member.objects.filter(household__commune=commune).exclude(relation="head").first()
    found = selectors.find_households(
        Household.objects.filter(commune=commune),
        level=Level.QUIZ_VERIFIED,
        query=normalise(member.full_name),
    )
    assert member.household in found
    assert all(h.search_text for h in Household.objects.filter(commune=commune))
