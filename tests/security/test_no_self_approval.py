"""Nobody vouches for themselves: a person who holds two roles cannot approve their own
ambassador request, witness their own skill, or record teaching themselves. Each refusal is
in the service (whatever calls it) and the page says why instead of failing."""

import datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.roles import Role, assign_role
from base.models import AuditEvent
from courses.models import Cohort
from households import services
from households.models import AmbassadorLink, Evidence, Household, Member, TeachingVisit
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, serves

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    commune = CommuneFactory(name="Xã Mường Phăng")
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    home = Household.objects.create(
        commune=commune, village=village, code="P7", head_name="Lò Văn Pâng"
    )
    grandma = Member.objects.create(
        household=home, full_name="Lò Thị Ún", birth_year=1955, relation="parent"
    )
    return {"commune": commune, "village": village, "home": home, "grandma": grandma}


def official_of(commune, *also):
    user = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    for role in also:
        assign_role(user, role)
    return user


def trainer_in(commune, course, *also):
    user = UserFactory(role=Role.TRAINER, home_commune=commune)
    for role in also:
        assign_role(user, role)
    Cohort.objects.create(name="Lớp Phăng", course=course, commune=commune).trainers.add(user)
    return serves(user, commune)


def errors(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


def ask_for(client, user, commune, code="P7"):
    client.force_login(user)
    client.post(
        reverse("households:link_request"),
        {"commune_code": commune.code, "household_code": code, "relation": "Cháu"},
    )
    return AmbassadorLink.objects.get(ambassador=user, household__code=code)


# --- ambassador links ----------------------------------------------------------------------


@pytest.mark.parametrize("approver_role", ["official", "trainer"])
def test_one_cannot_approve_ones_own_ambassador_request(client, place, course, approver_role):
    commune = place["commune"]
    if approver_role == "official":
        both = official_of(commune, Role.AMBASSADOR)
    else:
        both = trainer_in(commune, course, Role.AMBASSADOR)
    link = ask_for(client, both, commune)

    commune_page = client.get(reverse("households:commune", args=[commune.code]))
    html = commune_page.content.decode()
    assert 'data-testid="own-link"' in html  # listed, without a button to approve it
    assert 'data-testid="approve-link"' not in html

    response = client.post(reverse("households:link_approve", args=[link.pk]))
    assert response.status_code == 302
    assert response.url == reverse("households:commune", args=[commune.code])
    assert len(errors(response)) == 1
    link.refresh_from_db()
    assert link.approved_at is None and link.approved_by is None
    assert "Lò Thị Ún" not in client.get(reverse("households:mine")).content.decode()
    assert not AuditEvent.objects.filter(action="household.link_approved").exists()

    with pytest.raises(PermissionDenied):
        services.approve_link(link=link, user=both)
    link.refresh_from_db()
    assert not link.is_approved


def test_another_official_of_the_commune_still_approves_it(client, place):
    commune = place["commune"]
    both = official_of(commune, Role.AMBASSADOR)
    link = ask_for(client, both, commune)
    colleague = official_of(commune)
    client.force_login(colleague)
    html = client.get(reverse("households:commune", args=[commune.code])).content.decode()
    assert 'data-testid="approve-link"' in html and 'data-testid="own-link"' not in html
    response = client.post(reverse("households:link_approve", args=[link.pk]))
    assert response.status_code == 302 and errors(response) == []
    link.refresh_from_db()
    assert link.approved_by == colleague
    client.force_login(both)
    assert "Lò Thị Ún" in client.get(reverse("households:mine")).content.decode()


def test_a_superuser_cannot_approve_their_own_request_either(place):
    superuser = UserFactory(is_superuser=True)
    link = services.request_link(ambassador=superuser, household=place["home"], relation="Con")
    with pytest.raises(PermissionDenied):
        services.approve_link(link=link, user=superuser)
    assert not AmbassadorLink.objects.get().is_approved


def test_the_service_refuses_an_approver_outside_the_commune(place):
    link = services.request_link(
        ambassador=UserFactory(role=Role.AMBASSADOR), household=place["home"], relation="Con"
    )
    for outsider in (
        official_of(CommuneFactory()),
        UserFactory(role=Role.TRAINER),
        UserFactory(role=Role.LEARNER),
    ):
        with pytest.raises(PermissionDenied):
            services.approve_link(link=link, user=outsider)
    assert not AmbassadorLink.objects.get().is_approved


def test_a_link_approved_by_its_own_ambassador_earlier_opens_nothing(client, place, course):
    """A self-approval made before this rule existed does not show the household."""
    both = official_of(place["commune"], Role.AMBASSADOR)
    AmbassadorLink.objects.create(
        ambassador=both,
        household=place["home"],
        relation="Con",
        approved_by=both,
        approved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(both)
    assert "Lò Thị Ún" not in client.get(reverse("households:mine")).content.decode()
    visit = client.post(
        reverse("households:teaching_visit", args=[place["grandma"].pk]),
        {"skill": "VNeID", "visited_on": "2026-11-21", "can_do_it": "on"},
    )
    assert visit.status_code == 404
    assert not TeachingVisit.objects.exists() and not Evidence.objects.exists()


# --- witnessed evidence --------------------------------------------------------------------


def test_an_official_cannot_witness_their_own_skill(client, place):
    official = official_of(place["commune"])
    me = Member.objects.create(
        household=place["home"],
        full_name="Lò Văn Cán",
        birth_year=1990,
        relation="child",
        user=official,
    )
    client.force_login(official)
    detail = client.get(reverse("households:detail", args=[place["home"].pk])).content.decode()
    assert detail.count('data-testid="witness-form"') == 1  # grandma's row only

    response = client.post(
        reverse("households:member_witnessed", args=[place["home"].pk, me.pk]),
        {"procedure": "Khai báo tạm trú", "observed_on": "2026-11-20"},
    )
    assert response.status_code == 302 and len(errors(response)) == 1
    assert not Evidence.objects.filter(member=me).exists()
    with pytest.raises(PermissionDenied):
        services.record_evidence(member=me, kind=Evidence.Kind.WITNESSED, user=official)
    assert not Evidence.objects.exists()

    # Witnessing someone else is as before.
    client.post(
        reverse("households:member_witnessed", args=[place["home"].pk, place["grandma"].pk]),
        {"procedure": "Khai báo tạm trú", "observed_on": "2026-11-20"},
    )
    assert Evidence.objects.get().member == place["grandma"]


def test_a_trainer_cannot_witness_their_own_skill(client, place, course):
    trainer = trainer_in(place["commune"], course)
    me = Member.objects.create(
        household=place["home"],
        full_name="Lò Văn Thầy",
        birth_year=1988,
        relation="child",
        user=trainer,
    )
    client.force_login(trainer)
    response = client.post(
        reverse("households:member_witnessed", args=[place["home"].pk, me.pk]),
        {"procedure": "Khai báo tạm trú", "observed_on": "2026-11-20"},
    )
    assert response.status_code == 302 and len(errors(response)) == 1
    assert not Evidence.objects.exists()


# --- teaching visits -----------------------------------------------------------------------


@pytest.fixture
def ambassador_at_home(place):
    """An ambassador approved (by an official) for their own household, where they are a
    member too: teaching grandma is right, teaching themselves is not."""
    student = UserFactory(role=Role.AMBASSADOR, home_commune=place["commune"])
    me = Member.objects.create(
        household=place["home"],
        full_name="Lò Văn Sinh",
        birth_year=2004,
        relation="grandchild",
        user=student,
    )
    link = services.request_link(ambassador=student, household=place["home"], relation="Cháu")
    services.approve_link(link=link, user=official_of(place["commune"]))
    return student, me


def test_an_ambassador_cannot_record_teaching_themselves(client, place, ambassador_at_home):
    student, me = ambassador_at_home
    client.force_login(student)
    page = client.get(reverse("households:mine")).content.decode()
    assert page.count('data-testid="visit-form"') == 1  # grandma's only

    response = client.post(
        reverse("households:teaching_visit", args=[me.pk]),
        {"skill": "VNeID", "visited_on": "2026-11-21", "can_do_it": "on"},
    )
    assert response.status_code == 302 and len(errors(response)) == 1
    assert not TeachingVisit.objects.exists() and not Evidence.objects.exists()
    with pytest.raises(PermissionDenied):
        services.record_visit(
            ambassador=student, member=me, skill="VNeID", visited_on=datetime.date(2026, 11, 21)
        )
    with pytest.raises(PermissionDenied):
        services.record_evidence(member=me, kind=Evidence.Kind.AMBASSADOR_SAYS, user=student)
    assert not TeachingVisit.objects.exists() and not Evidence.objects.exists()

    # Teaching grandma is as before.
    client.post(
        reverse("households:teaching_visit", args=[place["grandma"].pk]),
        {"skill": "VNeID", "visited_on": "2026-11-21", "can_do_it": "on"},
    )
    assert TeachingVisit.objects.get().member == place["grandma"]
    assert Evidence.objects.get().member == place["grandma"]


def test_evidence_with_no_person_behind_it_is_still_recorded(place):
    """Imports and quiz results carry no witness (user None); they are not self-approval."""
    evidence = services.record_evidence(
        member=place["grandma"], kind=Evidence.Kind.WITNESSED, user=None
    )
    assert evidence.pk
