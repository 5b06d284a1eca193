"""Which trainers serve a commune: its official (or its province's administrator) adds them by
username or verified phone number, sees them and removes them; every change is audited."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import TrainerCommune
from accounts.roles import Role
from base.models import AuditEvent
from courses.models import Cohort
from courses.selectors import communes_in_scope
from places.models import Village
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, household, serves

pytestmark = pytest.mark.django_db


@pytest.fixture
def here():
    return CommuneFactory(name="Xã Mường Phăng")


@pytest.fixture
def official(here):
    return UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here, first_name="Cà Văn Minh")


@pytest.fixture
def newcomer():
    return UserFactory(
        role=Role.TRAINER,
        username="luongthihoa",
        first_name="Lường Thị Hoa",
        phone="+84912000333",
        phone_verified=True,
    )


def test_an_official_assigns_a_trainer_by_phone_who_then_opens_a_cohort_and_sees_households(
    client, official, newcomer, here, course
):
    village = Village.objects.create(commune=here, name="Bản Phăng")
    home = household(here, village, "P1", None)
    client.force_login(official)
    page = reverse("accounts:commune_trainers", args=[here.code])
    assert 'data-testid="no-trainers"' in client.get(page).content.decode()

    response = client.post(page, {"login": "0912 000 333"})
    assert response.status_code == 302
    assignment = TrainerCommune.objects.get(trainer=newcomer, commune=here)
    assert assignment.assigned_by == official
    listing = client.get(page).content.decode()
    assert "Lường Thị Hoa" in listing
    assert "Cà Văn Minh" in listing  # who added them

    client.force_login(newcomer)
    response = client.post(
        reverse("courses:cohort_create"),
        {
            "name": "Lớp VNeID bản Phăng",
            "course": course.pk,
            "commune": here.pk,
            "meeting_place": "Nhà văn hoá",
            "max_size": 12,
        },
    )
    cohort = Cohort.objects.get()
    assert response.url == reverse("courses:cohort", args=[cohort.pk])
    assert client.get(reverse("households:commune", args=[here.code])).status_code == 200
    assert client.get(reverse("households:detail", args=[home.pk])).status_code == 200


def test_an_official_assigns_a_trainer_by_username(client, official, newcomer, here):
    client.force_login(official)
    client.post(reverse("accounts:commune_trainers", args=[here.code]), {"login": "LuongThiHoa"})
    assert list(communes_in_scope(newcomer)) == [here]


def test_assigning_and_removing_are_audited(client, official, newcomer, here):
    client.force_login(official)
    page = reverse("accounts:commune_trainers", args=[here.code])
    client.post(page, {"login": "luongthihoa"})
    client.post(page, {"login": "luongthihoa"})  # twice: one assignment, one audit row
    client.post(reverse("accounts:commune_trainer_remove", args=[here.code, newcomer.pk]))
    events = list(
        AuditEvent.objects.order_by("pk").values_list("user", "action", "target", "detail")
    )
    assert events == [
        (official.pk, "accounts.trainer_assigned", f"user:{newcomer.pk}", {"commune": here.code}),
        (official.pk, "accounts.trainer_removed", f"user:{newcomer.pk}", {"commune": here.code}),
    ]
    assert not TrainerCommune.objects.exists()


def test_a_province_administrator_picks_a_commune_of_their_province_and_assigns(
    client, here, newcomer
):
    neighbour = CommuneFactory(name="Xã Nà Tấu")
    elsewhere = CommuneFactory(
        name="Xã Pa Tần", province=ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    )
    serves(newcomer, neighbour)
    admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=here)
    client.force_login(admin)
    listing = client.get(reverse("accounts:trainer_communes")).content.decode()
    assert "Xã Mường Phăng" in listing and "Xã Nà Tấu" in listing
    assert "Xã Pa Tần" not in listing
    client.post(reverse("accounts:commune_trainers", args=[here.code]), {"login": "luongthihoa"})
    assert set(communes_in_scope(newcomer)) == {here, neighbour}
    assert elsewhere not in communes_in_scope(newcomer)


def test_an_official_goes_straight_to_their_communes_trainers(client, official, here):
    client.force_login(official)
    response = client.get(reverse("accounts:trainer_communes"))
    assert response.url == reverse("accounts:commune_trainers", args=[here.code])


def test_cohorts_made_before_become_assignments_for_an_official_to_review(
    client, official, newcomer, here, course
):
    cohort = Cohort.objects.create(name="Lớp cũ", course=course, commune=here)
    cohort.trainers.add(newcomer)
    Cohort.objects.create(name="Lớp cũ 2", course=course, commune=here).trainers.add(newcomer)
    migration = importlib.import_module(
        "accounts.migrations.0006_trainers_serve_their_cohorts_communes"
    )
    migration.serve_the_communes_of_their_cohorts(apps, None)
    migration.serve_the_communes_of_their_cohorts(apps, None)  # idempotent

    carried = TrainerCommune.objects.get()
    assert (carried.trainer, carried.commune, carried.assigned_by) == (newcomer, here, None)
    client.force_login(official)
    page = client.get(reverse("accounts:commune_trainers", args=[here.code])).content.decode()
    assert 'data-testid="carried-over-note"' in page
    assert 'data-testid="carried-over"' in page
