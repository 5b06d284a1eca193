"""The coverage roll-up follows every change to evidence, members, households and learning,
and always equals a count from scratch."""

import datetime
import random
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from households import coverage, services
from households.models import Evidence, Household, HouseholdStatus, Level, Member, VillageCoverage
from lessons.models import LessonProgress
from places.models import Village
from tests.factories import CommuneFactory, household, learner, lessons_of

pytestmark = pytest.mark.django_db


def rows(**where) -> dict[str, dict[str, int]]:
    return {
        row.village.name: {field: getattr(row, field) for field in coverage.COUNTS}
        for row in VillageCoverage.objects.filter(**where).select_related("village")
    }


def counts(households, covered, members=0, learned=0) -> dict[str, int]:
    return {
        "households": households,
        **{f"covered_{level}": n for level, n in zip(Level, covered, strict=True)},
        "members": members,
        "learned": learned,
    }


@pytest.fixture
def commune():
    return CommuneFactory(name="Xã Mường Phăng")


@pytest.fixture
def villages(commune):
    return (
        Village.objects.create(commune=commune, name="Bản A"),
        Village.objects.create(commune=commune, name="Bản B"),
    )


def test_village_rows_count_households_covered_at_each_level_by_hand(commune, villages):
    a, b = villages
    household(commune, a, "A1", Level.WITNESSED, None)
    household(commune, a, "A2", Level.QUIZ_VERIFIED)
    household(commune, a, "A3", Level.SELF_REPORTED, Level.SELF_REPORTED)
    household(commune, b, "B1", None, None)
    household(commune, b, "B2")
    assert rows(commune=commune) == {
        # covered at ≥ self-reported, ≥ check, ≥ practised, ≥ witnessed
        "Bản A": counts(3, (3, 2, 1, 1), members=5),
        "Bản B": counts(2, (0, 0, 0, 0), members=2),
    }
    assert coverage.verify() == []


def test_evidence_recorded_then_deleted_moves_the_counts_both_ways(commune, villages):
    home = household(commune, villages[0], "A1", None)
    member = home.members.get()
    evidence = services.record_evidence(member=member, kind=Evidence.Kind.QUIZ, user=None)
    assert rows()["Bản A"] == counts(1, (1, 1, 0, 0), members=1)
    evidence.delete()
    assert rows()["Bản A"] == counts(1, (0, 0, 0, 0), members=1)
    status = HouseholdStatus.objects.get(pk=home.pk)
    assert status.best_level is None and status.covered_on_2 is None


def test_a_household_moved_to_another_village_leaves_the_first(commune, villages):
    a, b = villages
    home = household(commune, a, "A1", Level.WITNESSED)
    home.village = b
    home.save()
    assert rows() == {"Bản A": counts(0, (0, 0, 0, 0)), "Bản B": counts(1, (1, 1, 1, 1), 1)}


def test_deleting_a_household_or_a_member_takes_them_out(commune, villages):
    first = household(commune, villages[0], "A1", Level.QUIZ_VERIFIED, Level.SELF_REPORTED)
    household(commune, villages[0], "A2", Level.SELF_REPORTED)
    first.members.get(birth_year=1980).delete()  # the one who passed the check
    assert rows()["Bản A"] == counts(2, (2, 0, 0, 0), members=2)
    first.delete()
    assert rows()["Bản A"] == counts(1, (1, 0, 0, 0), members=1)
    assert not HouseholdStatus.objects.filter(pk=first.pk).exists()
    assert coverage.verify() == []


def test_a_members_lessons_count_as_learning_and_deleting_the_account_undoes_it(
    commune, villages, course
):
    home = household(commune, villages[0], "A1", None)
    person = learner()
    member = home.members.get()
    member.user = person
    member.save()
    assert rows()["Bản A"]["learned"] == 0
    lesson = lessons_of(course)[0]
    LessonProgress.objects.create(
        client_id=uuid4(), user=person, lesson=lesson, lesson_key=lesson.translation_key
    )
    assert rows()["Bản A"]["learned"] == 1
    person.delete()
    assert rows()["Bản A"]["learned"] == 0
    assert coverage.verify() == []


def test_dates_say_when_the_household_was_first_covered_at_each_level(commune, villages):
    home = household(commune, villages[0], "A1", None, None)
    early, late = home.members.order_by("birth_year")
    day = datetime.date(2026, 3, 2)
    services.record_evidence(
        member=early, kind=Evidence.Kind.AMBASSADOR_SAYS, user=None, observed_on=day
    )
    services.record_evidence(
        member=late,
        kind=Evidence.Kind.WITNESSED,
        user=None,
        observed_on=day + datetime.timedelta(days=30),
    )
    status = HouseholdStatus.objects.get(pk=home.pk)
    assert status.covered_on_1 == day
    assert status.covered_on_2 == status.covered_on_4 == day + datetime.timedelta(days=30)
    assert status.last_evidence_on == day + datetime.timedelta(days=30)
    assert status.best_level == Level.WITNESSED


def test_many_random_changes_leave_the_roll_up_equal_to_a_count_from_scratch(commune, villages):
    """Evidence added and removed at every level, members added and removed, households
    added, moved and deleted, bulk writes followed by an explicit refresh: after each round
    the stored roll-up equals a fresh count."""
    rng = random.Random(19)
    kinds = list(Evidence.Kind)
    other = CommuneFactory(name="Xã Nà Tấu")
    elsewhere = Village.objects.create(commune=other, name="Bản C")
    places = [(commune, villages[0]), (commune, villages[1]), (other, elsewhere)]
    for n in range(12):
        place = rng.choice(places)
        household(place[0], place[1], f"H{n}", *rng.choices([None, *Level], k=rng.randint(0, 3)))
    for round_ in range(25):
        homes = list(Household.objects.all())
        members = list(Member.objects.all())
        action = rng.choice(["evidence", "unevidence", "member", "unmember", "move", "delete"])
        if action == "evidence" and members:
            services.record_evidence(
                member=rng.choice(members),
                kind=rng.choice([k for k in kinds if k != Evidence.Kind.ASSISTED_QUIZ]),
                user=None,
                observed_on=datetime.date(2026, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 300)),
            )
        elif action == "unevidence" and Evidence.objects.exists():
            rng.choice(list(Evidence.objects.all())).delete()
        elif action == "member" and homes:
            Member.objects.create(
                household=rng.choice(homes),
                full_name=f"Người mới {round_}",
                birth_year=2000,
                relation="child",
            )
        elif action == "unmember" and members:
            rng.choice(members).delete()
        elif action == "move" and homes:
            home = rng.choice(homes)
            home.commune, home.village = rng.choice(places)
            home.save()
        elif action == "delete" and len(homes) > 3:
            rng.choice(homes).delete()
        assert coverage.verify() == [], f"after round {round_} ({action})"
    # Bulk writes send no signals: the writer refreshes the households it touched.
    home = Household.objects.first()
    bulk = Member.objects.bulk_create(
        [
            Member(household=home, full_name=f"Hàng loạt {n}", birth_year=1990, relation="child")
            for n in range(3)
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                member=bulk[0],
                kind="witnessed",
                level=Level.WITNESSED,
                observed_on=datetime.date(2026, 5, 1),
            )
        ]
    )
    assert coverage.verify() != []
    coverage.refresh_households([home.pk])
    assert coverage.verify() == []


def test_the_command_rebuilds_from_scratch_and_verify_finds_a_tampered_row(commune, villages):
    household(commune, villages[0], "A1", Level.QUIZ_VERIFIED)
    household(commune, villages[1], "B1", None)
    expected = rows()
    VillageCoverage.objects.filter(village=villages[0]).update(covered_2=7)
    HouseholdStatus.objects.filter(household__code="B1").update(members=5)
    with pytest.raises(CommandError):
        call_command("coverage_summary", "--verify")
    call_command("coverage_summary", "--rebuild")
    assert rows() == expected
    call_command("coverage_summary", "--verify")  # no error
