"""The importer writes in batches (COPY on PostgreSQL) and keeps what save() and the signals
would have kept: the households' search text and the coverage roll-up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households import coverage
from households.importing import (
    ImportRefused,
    confirm_import,
    import_households,
    preview_import,
)
from households.models import Household, Member, VillageCoverage
from households.search import search_text
from places.models import Village
from tests.factories import UserFactory
from tests.households.test_import import csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(commune):
    return [Village.objects.create(commune=commune, name=f"Bản {n}") for n in (1, 2)]


def rows(households: int, code: str = "H", head: str = "Chủ hộ") -> list[list[str]]:
    """Three people a household, the first its head, in both villages; every other person
    with a phone."""
    lines = []
    for n in range(households):
        name = f"{head} {n}"
        people = [(name, "1970", "Chủ hộ"), (f"Vợ {n}", "1975", "Vợ"), (f"Con {n}", "2005", "Con")]
        for k, (person, year, relation) in enumerate(people):
            phone = f"09123{n * 3 + k:05d}" if k % 2 == 0 else ""
            village = f"Bản {1 + n % 2}"
            lines.append(
                [f"{code}{n:04d}", village, name, person, year, relation, phone, name, "01/11/2025"]
            )
    return lines


def statements(upload, commune, user) -> int:
    preview = preview_import(upload=upload, commune=commune, user=user)
    with CaptureQueriesContext(connection) as queries:
        confirm_import(token=preview.token, digest=preview.digest, commune=commune, user=user)
    return len(queries)


def test_a_large_file_is_written_in_a_few_batched_statements_not_one_per_person(commune, villages):
    official = UserFactory()
    small = statements(csv_file(rows(4, code="S")), commune, official)
    large = statements(csv_file(rows(600, code="L")), commune, official)

    assert Member.objects.count() == 3 * 604
    # The same statements, in a few more batches where the database takes fewer values at
    # once (SQLite): not one or more per household (600) or per person (1,800).
    assert large <= small + 20 and large < 60


def test_imported_households_are_found_by_every_members_name_as_if_saved_one_by_one(
    commune, villages
):
    official = UserFactory()
    import_households(upload=csv_file(rows(3)), commune=commune, user=official)
    again = rows(4)  # and a new household, H0003
    # H0000's wife becomes its head; H0001 gets a grandchild.
    for row, relation in zip(again[:3], ["Chồng", "Chủ hộ", "Con"], strict=True):
        row[2], row[5], row[7] = "Vợ 0", relation, "Vợ 0"
    again.append(
        ["H0001", "Bản 2", "Chủ hộ 1", "Cháu 1", "2020", "Cháu", "", "Chủ hộ 1", "01/11/2025"]
    )
    result = import_households(upload=csv_file(again), commune=commune, user=official)
    assert (result.households_created, result.households_updated, result.members_created) == (
        1,
        1,
        4,
    )

    households = {h.code: h for h in Household.objects.all()}
    assert households["H0000"].head_name == "Vợ 0"
    for household in households.values():
        names = household.members.order_by("pk").values_list("full_name", flat=True)
        assert household.search_text == search_text(household.code, household.head_name, names)
    assert "chau 1" in households["H0001"].search_text
    # An empty phone cell is no number, not an empty one.
    assert Member.objects.get(full_name="Vợ 0").phone is None
    assert str(Member.objects.get(full_name="Chủ hộ 0").phone) == "+84912300000"


def test_the_coverage_roll_up_counts_imported_and_moved_households(commune, villages):
    official = UserFactory()
    import_households(upload=csv_file(rows(5)), commune=commune, user=official)

    counts = dict(VillageCoverage.objects.values_list("village__name", "households"))
    assert counts == {"Bản 1": 3, "Bản 2": 2}
    assert sum(VillageCoverage.objects.values_list("members", flat=True)) == 15
    assert coverage.verify() == []

    moved = [[r[0], "Bản 2", *r[2:]] for r in rows(5)]  # every household to Bản 2
    result = import_households(upload=csv_file(moved), commune=commune, user=official)

    assert result.households_updated == 3
    counts = dict(VillageCoverage.objects.values_list("village__name", "households"))
    assert counts == {"Bản 1": 0, "Bản 2": 5}
    assert coverage.verify() == []


def test_a_refused_file_leaves_the_roll_up_as_it_was(commune, villages):
    official = UserFactory()
    bad = rows(3) + [["H0009", "Bản 9", "X", "X", "1970", "Chủ hộ", "", "X", "01/11/2025"]]
    with pytest.raises(ImportRefused):
        import_households(upload=csv_file(bad), commune=commune, user=official)
    assert not VillageCoverage.objects.exists() and not Household.objects.exists()
