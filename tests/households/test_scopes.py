"""Who may see or act on which households (households/scopes.py): outsiders first.

An outsider gets Http404 (a code or id reveals nothing); someone who sees a commune but is
not its official gets PermissionDenied on an official's action; the predicates answer False
for anyone, anonymous included, without failing.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.roles import Role, assign_role
from courses.models import Cohort
from households import scopes
from households.models import AmbassadorLink
from places.models import Village
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, household, serves

pytestmark = pytest.mark.django_db

# Nobody here may see commune "here": each must be refused by every coverage scope.
COVERAGE_OUTSIDERS = [
    "official_elsewhere",
    "province_admin_elsewhere",
    "trainer_elsewhere",
    "linked_ambassador",  # an ambassador sees their households' members, not the commune
    "learner",
    "anonymous",
]
# Nobody here was approved (by someone else) to help the household.
AMBASSADOR_OUTSIDERS = [
    "waiting_ambassador",
    "self_approved_ambassador",
    "official",  # an official sees the household, but teaches through no link of theirs
    "learner",
    "anonymous",
]
# They see the commune's households but are not its officials.
SEE_BUT_NOT_OFFICIAL = ["trainer", "province_admin", "official_elsewhere_and_trainer_here"]
OFFICIALS = ["official", "superuser"]


@pytest.fixture
def place():
    here = CommuneFactory(name="Xã Mường Phăng")
    there = CommuneFactory(
        name="Xã Nậm Nhùn", province=ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    )
    village = Village.objects.create(commune=here, name="Bản Phăng")
    home = household(here, village, "P7", None)
    neighbour = household(here, village, "P8", None)
    return {
        "here": here,
        "there": there,
        "home": home,
        "grandma": home.members.get(),
        "neighbour": neighbour.members.get(),
    }


@pytest.fixture
def people(place, course):
    here, there = place["here"], place["there"]

    def user(role, commune=None, **fields):
        return UserFactory(role=role, home_commune=commune, **fields)

    def trainer_in(commune, person=None):
        person = person or user(Role.TRAINER)
        assign_role(person, Role.TRAINER)
        Cohort.objects.create(name="Lớp", course=course, commune=commune).trainers.add(person)
        return serves(person, commune)

    official = user(Role.COMMUNE_OFFICIAL, here)
    people = {
        "official": official,
        "superuser": UserFactory(is_superuser=True),
        "trainer": trainer_in(here),
        "province_admin": user(Role.PROVINCE_ADMIN, here),
        "official_elsewhere": user(Role.COMMUNE_OFFICIAL, there),
        "official_elsewhere_and_trainer_here": trainer_in(here, user(Role.COMMUNE_OFFICIAL, there)),
        "province_admin_elsewhere": user(Role.PROVINCE_ADMIN, there),
        "trainer_elsewhere": trainer_in(there),
        "linked_ambassador": user(Role.AMBASSADOR, here),
        "waiting_ambassador": user(Role.AMBASSADOR, here),
        "self_approved_ambassador": user(Role.AMBASSADOR, here),
        "learner": user(Role.LEARNER, here),
        "anonymous": AnonymousUser(),
    }
    home = place["home"]
    AmbassadorLink.objects.create(
        ambassador=people["linked_ambassador"],
        household=home,
        relation="Cháu",
        approved_by=official,
        approved_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    AmbassadorLink.objects.create(
        ambassador=people["waiting_ambassador"], household=home, relation="Cháu"
    )
    AmbassadorLink.objects.create(
        ambassador=people["self_approved_ambassador"],
        household=home,
        relation="Con",
        approved_by=people["self_approved_ambassador"],
        approved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    return people


def a_link(people):
    return AmbassadorLink.objects.get(ambassador=people["waiting_ambassador"])


# --- outsiders -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", COVERAGE_OUTSIDERS)
def test_an_outsider_gets_404_for_the_commune_and_its_households(place, people, who):
    user, code, home = people[who], place["here"].code, place["home"]
    with pytest.raises(Http404):
        scopes.commune_in_scope(user=user, code=code)
    with pytest.raises(Http404):
        scopes.commune_for_official(user=user, code=code)
    with pytest.raises(Http404):
        scopes.household_in_scope(user=user, pk=home.pk)
    with pytest.raises(Http404):
        scopes.household_for_official(user=user, pk=home.pk)
    with pytest.raises(Http404):
        scopes.member_in_scope(user=user, household_pk=home.pk, member_id=place["grandma"].pk)
    with pytest.raises(Http404):
        scopes.link_in_scope(user=user, pk=a_link(people).pk)


@pytest.mark.parametrize("who", COVERAGE_OUTSIDERS)
def test_an_outsider_may_neither_change_witness_nor_approve(place, people, who):
    user, home = people[who], place["home"]
    assert not scopes.is_official_of(user, place["here"])
    assert not scopes.sees_household(user, home)
    assert not scopes.may_witness(user, home)
    assert not scopes.may_approve_links_in(user, place["here"])


@pytest.mark.parametrize("who", AMBASSADOR_OUTSIDERS)
def test_only_an_approved_ambassador_reaches_a_members_record(place, people, who):
    user = people[who]
    with pytest.raises(Http404):
        scopes.member_linked_to(user=user, member_id=place["grandma"].pk)
    assert not scopes.is_linked_to(user, place["home"])


@pytest.mark.parametrize("who", SEE_BUT_NOT_OFFICIAL)
def test_who_sees_a_commune_but_is_not_its_official_gets_403_on_an_officials_action(
    place, people, who
):
    user, home = people[who], place["home"]
    assert scopes.commune_in_scope(user=user, code=place["here"].code) == place["here"]
    assert scopes.household_in_scope(user=user, pk=home.pk) == home
    with pytest.raises(PermissionDenied):
        scopes.commune_for_official(user=user, code=place["here"].code)
    with pytest.raises(PermissionDenied):
        scopes.household_for_official(user=user, pk=home.pk)


def test_a_member_is_reached_only_through_their_own_household(place, people):
    """A visible household's id with another household's member id is not a way in."""
    with pytest.raises(Http404):
        scopes.member_in_scope(
            user=people["official"],
            household_pk=place["home"].pk,
            member_id=place["neighbour"].pk,
        )


def test_an_approved_ambassador_reaches_no_other_household(place, people):
    with pytest.raises(Http404):
        scopes.member_linked_to(user=people["linked_ambassador"], member_id=place["neighbour"].pk)


def test_unknown_codes_and_ids_are_404_even_for_a_superuser(people):
    superuser = people["superuser"]
    with pytest.raises(Http404):
        scopes.commune_in_scope(user=superuser, code="99999")
    with pytest.raises(Http404):
        scopes.household_in_scope(user=superuser, pk=10**9)
    with pytest.raises(Http404):
        scopes.link_in_scope(user=superuser, pk=10**9)


def test_the_http_answers_follow_the_scopes(client, place, people):
    """404 outside the scope, 403 where one sees but may not change, for the same page."""
    url = reverse("households:village_add", args=[place["here"].code])
    client.force_login(people["official_elsewhere"])
    assert client.post(url, {"name": "Bản Mới"}).status_code == 404
    client.force_login(people["official_elsewhere_and_trainer_here"])
    assert client.post(url, {"name": "Bản Mới"}).status_code == 403
    client.force_login(people["official_elsewhere_and_trainer_here"])
    delete = reverse("households:delete", args=[place["home"].pk])
    assert client.post(delete, {"reason": "x"}).status_code == 403
    assert not Village.objects.filter(name="Bản Mới").exists()


# --- insiders ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OFFICIALS)
def test_an_official_of_the_commune_acts_on_it(place, people, who):
    user, home = people[who], place["home"]
    assert scopes.commune_for_official(user=user, code=place["here"].code) == place["here"]
    assert scopes.household_for_official(user=user, pk=home.pk) == home
    assert scopes.is_official_of(user, place["here"])
    assert scopes.may_approve_links_in(user, place["here"])


@pytest.mark.parametrize("who", ["official", "trainer", "province_admin", "superuser"])
def test_coverage_viewers_of_the_commune_see_its_households(place, people, who):
    user, home = people[who], place["home"]
    assert scopes.commune_in_scope(user=user, code=place["here"].code) == place["here"]
    member = scopes.member_in_scope(user=user, household_pk=home.pk, member_id=place["grandma"].pk)
    assert member == place["grandma"]
    assert scopes.link_in_scope(user=user, pk=a_link(people).pk).household == home


def test_officials_and_trainers_witness_and_approve_a_province_administrator_does_neither(
    place, people
):
    home, here = place["home"], place["here"]
    for who in ("official", "trainer"):
        assert scopes.may_witness(people[who], home)
        assert scopes.may_approve_links_in(people[who], here)
    assert not scopes.may_witness(people["province_admin"], home)
    assert not scopes.may_approve_links_in(people["province_admin"], here)


def test_an_approved_ambassador_reaches_the_members_of_their_household(place, people):
    user = people["linked_ambassador"]
    assert scopes.member_linked_to(user=user, member_id=place["grandma"].pk) == place["grandma"]
    assert scopes.is_linked_to(user, place["home"])
