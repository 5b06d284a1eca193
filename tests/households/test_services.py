"""Household services check permission, execute, then log, whoever calls them: a script or
another app is refused what a page would refuse, and each action writes its own audit row."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from base.models import AuditEvent
from households import services
from households.forms import HouseholdForm, MemberFormSet
from households.models import AmbassadorLink, Evidence, Household, Level, TeachingVisit
from places.models import Village
from quizzes.models import Attempt
from tests.factories import (
    CommuneFactory,
    UserFactory,
    household,
    quiz_with_every_question_type,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)


@pytest.fixture
def place():
    commune = CommuneFactory(name="Xã Mường Phăng")
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    home = household(commune, village, "P7", None, Level.QUIZ_VERIFIED)
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    return {
        "commune": commune,
        "village": village,
        "home": home,
        "grandma": home.members.order_by("birth_year").first(),
        "official": official,
        "outsider": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()),
        "ambassador": UserFactory(role=Role.AMBASSADOR, home_commune=commune),
    }


def approve(place):
    link = services.request_link(
        ambassador=place["ambassador"], household=place["home"], relation="Cháu"
    )
    return services.approve_link(link=link, user=place["official"])


# --- refused to outsiders, nothing written -------------------------------------------------


def test_an_official_of_another_commune_cannot_delete_a_household(place):
    with pytest.raises(PermissionDenied):
        services.delete_household(household=place["home"], user=place["outsider"], reason="x")
    assert Household.objects.filter(pk=place["home"].pk).exists()
    assert not AuditEvent.objects.exists()


def test_only_the_communes_official_adds_a_village_or_saves_a_household(place):
    with pytest.raises(PermissionDenied):
        services.add_village(commune=place["commune"], name="Bản Mới", user=place["outsider"])
    form = HouseholdForm(
        {"code": "P9", "village": place["village"].pk, "head_name": "Vì Văn Sơn"},
        instance=place["home"],
        commune=place["commune"],
    )
    members = MemberFormSet(instance=place["home"])
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        services.save_household(form=form, members=members, user=place["outsider"])
    assert not Village.objects.filter(name="Bản Mới").exists()
    assert Household.objects.get(pk=place["home"].pk).code == "P7"
    assert not AuditEvent.objects.exists()


def test_nobody_outside_the_commune_witnesses_and_a_province_administrator_never(place):
    province_admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=place["commune"])
    for user in (place["outsider"], province_admin, UserFactory(role=Role.LEARNER)):
        with pytest.raises(PermissionDenied):
            services.witness_member(
                member=place["grandma"], user=user, procedure="VNeID", observed_on=DAY
            )
    assert not Evidence.objects.filter(member=place["grandma"]).exists()


def test_an_ambassador_not_approved_records_no_visit_and_starts_no_check(place, course):
    course.final_quiz = quiz_with_every_question_type()
    course.save_revision().publish()
    services.request_link(ambassador=place["ambassador"], household=place["home"], relation="x")
    for record in (services.record_visit, services.record_teaching_visit):
        extra = {"can_do_it": True} if record is services.record_teaching_visit else {}
        with pytest.raises(PermissionDenied):
            record(
                ambassador=place["ambassador"],
                member=place["grandma"],
                skill="VNeID",
                visited_on=DAY,
                **extra,
            )
    with pytest.raises(PermissionDenied):
        services.start_assisted_check(
            ambassador=place["ambassador"], member=place["grandma"], course=course
        )
    assert not TeachingVisit.objects.exists() and not Attempt.objects.exists()
    assert not Evidence.objects.filter(member=place["grandma"]).exists()


def test_a_household_outside_ones_scope_is_not_shown_nor_logged(place):
    with pytest.raises(PermissionDenied):
        services.show_household(user=place["outsider"], household=place["home"])
    shown = services.show_households(
        user=place["outsider"], commune=place["commune"], level=Level.QUIZ_VERIFIED
    )
    assert list(shown) == [] and shown.paginator.count == 0
    assert not AuditEvent.objects.filter(action="household.view").exists()


def test_an_unknown_household_code_requests_nothing(place):
    assert (
        services.request_link_by_code(
            ambassador=place["ambassador"],
            commune_code=place["commune"].code,
            household_code="NOPE",
            relation="x",
        )
        is None
    )
    assert not AmbassadorLink.objects.exists()


# --- allowed: done and logged --------------------------------------------------------------


def test_approving_a_link_is_logged_by_the_service(place):
    approve(place)
    event = AuditEvent.objects.get(action="household.link_approved")
    assert (event.user, event.target, event.detail) == (
        place["official"],
        f"commune:{place['commune'].code}",
        {"code": "P7"},
    )


def test_a_teaching_visit_with_the_ambassadors_word_is_recorded_together(place):
    approve(place)
    visit = services.record_teaching_visit(
        ambassador=place["ambassador"],
        member=place["grandma"],
        skill="VNeID",
        visited_on=DAY,
        can_do_it=True,
    )
    evidence = Evidence.objects.get(member=place["grandma"])
    assert (visit.visited_on, evidence.kind, evidence.observed_on) == (
        DAY,
        Evidence.Kind.AMBASSADOR_SAYS,
        DAY,
    )


def test_each_read_of_personal_data_writes_its_row(place):
    official, commune = place["official"], place["commune"]
    shown = services.show_households(
        user=official, commune=commune, level=Level.QUIZ_VERIFIED, covered=False
    )
    exported = services.export_uncovered_households(
        user=official, commune=commune, level=Level.WITNESSED
    )
    services.show_household(user=official, household=place["home"])
    approve(place)
    linked = services.show_linked_households(ambassador=place["ambassador"])
    assert (len(shown), len(exported), [h.code for h in linked]) == (0, 1, ["P7"])
    assert exported[0].member_count == 2
    rows = {
        (e.action, e.target): e.detail
        for e in AuditEvent.objects.exclude(action="household.link_approved")
    }
    target = f"commune:{commune.code}"
    assert rows == {
        ("households.view", target): {"level": Level.QUIZ_VERIFIED, "page": 1, "shown": 0},
        ("households.export", target): {"level": Level.WITNESSED, "rows": 1},
        ("household.view", target): {"code": "P7"},
        ("households.view", "ambassador"): {"shown": 1},
    }
