"""A trainer sees the communes they serve, and only an official of the commune (or an
administrator of its province) says who serves it.

Before, a trainer's scope was the communes of their cohorts, and the cohort form offered
every commune: opening a cohort anywhere showed that commune's households, certificates and
poster. Here the attacker is a trainer who serves "here" and wants "there".
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accounts.models import TrainerCommune
from accounts.roles import Role
from accounts.services import assign_trainer, remove_trainer
from courses.forms import CohortForm
from courses.models import Cohort
from places.models import Village
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, household, serves

pytestmark = pytest.mark.django_db


@pytest.fixture
def here():
    return CommuneFactory(name="Xã Mường Phăng")


@pytest.fixture
def there():
    return CommuneFactory(name="Xã Nậm Nhùn")


@pytest.fixture
def far_away():
    return CommuneFactory(
        name="Xã Pa Tần", province=ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    )


@pytest.fixture
def trainer(here):
    return serves(UserFactory(role=Role.TRAINER), here)


@pytest.fixture
def their_household(there):
    village = Village.objects.create(commune=there, name="Bản Nậm Nhùn")
    return household(there, village, "N1", None)


def _cohort_post(course, commune):
    return {
        "name": "Lớp của kẻ gian",
        "course": course.pk,
        "commune": commune.pk,
        "meeting_place": "",
        "max_size": 10,
    }


# --- a trainer cannot open a cohort in a commune they do not serve ---------------------------


def test_the_cohort_form_offers_a_trainer_only_the_communes_they_serve(trainer, here, there):
    form = CohortForm(user=trainer)
    assert list(form.fields["commune"].queryset) == [here]


def test_the_cohort_form_refuses_a_commune_the_trainer_does_not_serve(trainer, there, course):
    form = CohortForm(data=_cohort_post(course, there), user=trainer)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["commune"] == ["You can only open a class in a commune you serve."]


def test_a_crafted_post_for_another_commune_creates_no_cohort(client, trainer, there, course):
    client.force_login(trainer)
    response = client.post(reverse("courses:cohort_create"), _cohort_post(course, there))
    assert response.status_code == 200
    assert not Cohort.objects.exists()
    assert not TrainerCommune.objects.filter(trainer=trainer, commune=there).exists()


def test_a_trainer_serving_no_commune_is_offered_none(course):
    nobody_assigned = UserFactory(role=Role.TRAINER)
    CommuneFactory()
    assert not CohortForm(user=nobody_assigned).fields["commune"].queryset.exists()


# --- leading a cohort there no longer shows a commune's data ---------------------------------


@pytest.fixture
def cohort_there(trainer, there, course):
    """A cohort the trainer leads in "there" without serving it (made before the fix, say)."""
    cohort = Cohort.objects.create(name="Lớp cũ", course=course, commune=there)
    cohort.trainers.add(trainer)
    return cohort


@pytest.mark.usefixtures("cohort_there")
def test_a_trainer_does_not_see_the_households_of_a_commune_they_do_not_serve(
    client, trainer, there, their_household
):
    client.force_login(trainer)
    assert client.get(reverse("households:commune", args=[there.code])).status_code == 404
    assert client.get(reverse("households:detail", args=[their_household.pk])).status_code == 404
    overview = client.get(reverse("households:overview")).content.decode()
    assert there.name not in overview


@pytest.mark.usefixtures("cohort_there")
def test_a_trainer_does_not_see_the_certificates_of_a_commune_they_do_not_serve(
    client, trainer, there
):
    client.force_login(trainer)
    assert client.get(reverse("certificates:commune", args=[there.code])).status_code == 404


@pytest.mark.usefixtures("cohort_there")
def test_a_trainer_does_not_get_the_poster_of_a_commune_they_do_not_serve(
    client, trainer, there, here
):
    client.force_login(trainer)
    assert client.get(reverse("paper:poster", args=[there.code])).status_code in (403, 404)
    posters = client.get(reverse("paper:posters")).content.decode()
    assert here.name in posters
    assert there.name not in posters


# --- only the commune's official or its province's administrator assigns trainers ------------


def test_an_official_of_one_commune_cannot_assign_trainers_to_another(client, there, here):
    official_here = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here)
    newcomer = UserFactory(role=Role.TRAINER, username="nguoimoi")
    with pytest.raises(PermissionDenied):
        assign_trainer(by=official_here, trainer=newcomer, commune=there)

    client.force_login(official_here)
    page = reverse("accounts:commune_trainers", args=[there.code])
    assert client.get(page).status_code == 404
    assert client.post(page, {"login": "nguoimoi"}).status_code == 404
    assert not TrainerCommune.objects.filter(trainer=newcomer).exists()


def test_an_official_of_one_commune_cannot_remove_another_communes_trainer(
    client, trainer, here, there
):
    serves(trainer, there)
    official_here = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here)
    with pytest.raises(PermissionDenied):
        remove_trainer(by=official_here, trainer=trainer, commune=there)
    client.force_login(official_here)
    response = client.post(
        reverse("accounts:commune_trainer_remove", args=[there.code, trainer.pk])
    )
    assert response.status_code == 404
    assert TrainerCommune.objects.filter(trainer=trainer, commune=there).exists()


def test_a_province_administrator_cannot_assign_trainers_in_another_province(
    client, here, far_away
):
    admin_here = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=here)
    newcomer = UserFactory(role=Role.TRAINER)
    with pytest.raises(PermissionDenied):
        assign_trainer(by=admin_here, trainer=newcomer, commune=far_away)
    client.force_login(admin_here)
    page = reverse("accounts:commune_trainers", args=[far_away.code])
    assert client.get(page).status_code == 404


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER, Role.AMBASSADOR])
def test_a_learner_or_a_trainer_cannot_assign_trainers(client, role, here, trainer):
    someone = UserFactory(role=role, home_commune=here)
    newcomer = UserFactory(role=Role.TRAINER, username="nguoimoi")
    with pytest.raises(PermissionDenied):
        assign_trainer(by=someone, trainer=newcomer, commune=here)
    with pytest.raises(PermissionDenied):
        remove_trainer(by=someone, trainer=trainer, commune=here)
    client.force_login(someone)
    page = reverse("accounts:commune_trainers", args=[here.code])
    assert client.get(page).status_code == 403
    assert client.post(page, {"login": "nguoimoi"}).status_code == 403
    assert not TrainerCommune.objects.filter(trainer=newcomer).exists()


def test_a_trainer_cannot_make_themselves_serve_another_commune(trainer, there):
    with pytest.raises(PermissionDenied):
        assign_trainer(by=trainer, trainer=trainer, commune=there)


def test_someone_without_the_trainer_role_cannot_be_assigned(client, here):
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here)
    learner = UserFactory(role=Role.LEARNER, username="hocvienthu")
    with pytest.raises(PermissionDenied):
        assign_trainer(by=official, trainer=learner, commune=here)
    client.force_login(official)
    response = client.post(
        reverse("accounts:commune_trainers", args=[here.code]), {"login": "hocvienthu"}
    )
    assert response.status_code == 400
    assert not TrainerCommune.objects.filter(trainer=learner).exists()


def test_an_unverified_phone_number_names_nobody(client, here):
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here)
    claimed = UserFactory(role=Role.TRAINER, phone="+84912000777", phone_verified=False)
    client.force_login(official)
    response = client.post(
        reverse("accounts:commune_trainers", args=[here.code]), {"login": "0912 000 777"}
    )
    assert response.status_code == 400
    assert not TrainerCommune.objects.filter(trainer=claimed).exists()


# --- removal ends the scope ------------------------------------------------------------------


def test_removal_ends_the_trainers_scope(client, trainer, here, course):
    village = Village.objects.create(commune=here, name="Bản Phăng")
    home = household(here, village, "P1", None)
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=here)
    client.force_login(trainer)
    assert client.get(reverse("households:detail", args=[home.pk])).status_code == 200

    client.force_login(official)
    client.post(reverse("accounts:commune_trainer_remove", args=[here.code, trainer.pk]))

    client.force_login(trainer)
    assert client.get(reverse("households:detail", args=[home.pk])).status_code == 404
    assert client.get(reverse("households:commune", args=[here.code])).status_code == 404
    assert client.get(reverse("certificates:commune", args=[here.code])).status_code == 404
    assert not CohortForm(user=trainer).fields["commune"].queryset.exists()
    response = client.post(reverse("courses:cohort_create"), _cohort_post(course, here))
    assert response.status_code == 200
    assert not Cohort.objects.exists()
