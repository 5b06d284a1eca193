"""The coverage roll-up: per village, households covered at each level, members and those
who learned, kept up to date as evidence, members and households change.

Each household's contribution is stored (``HouseholdStatus``); a change recomputes the
statuses of the households it touched from the base tables and adds the difference to their
villages' rows (``VillageCoverage``), in the caller's transaction. Commune, province and
national figures are sums of village rows, so a dashboard reads a few hundred rows however
many households there are. Village rows rather than commune or province rows: a burst of
passed checks across a province then waits on many rows, not on one.

``rebuild`` recomputes everything from scratch; ``verify`` compares a fresh computation with
what is stored (``manage.py coverage_summary``).
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q

from lessons.models import LessonProgress
from places.models import Village
from quizzes.models import Attempt

from .models import Evidence, Household, HouseholdStatus, Level, Member, VillageCoverage

COUNTS = ["households", *(f"covered_{level}" for level in Level), "members", "learned"]
STATUS_FIELDS = [
    "village_id",
    "commune_id",
    "best_level",
    *(f"covered_on_{level}" for level in Level),
    "last_evidence_on",
    "members",
    "learned",
]
BATCH = 1000  # households refreshed per statement
REBUILD_BATCH = 2_000  # households: their members' ids go in one IN list (SQLite: < 32,766)


def learned() -> Q:
    """Members (a Member queryset's filter) who learned: their account finished a lesson or
    passed a check itself, or they passed a check on an ambassador's phone."""
    account = OuterRef("user")
    by_account = Q(Exists(LessonProgress.objects.filter(user=account))) | Q(
        Exists(Attempt.objects.filter(user=account, passed=True, assisted_for=""))
    )
    assisted = Evidence.objects.filter(member=OuterRef("pk"), kind=Evidence.Kind.ASSISTED_QUIZ)
    return (Q(user__isnull=False) & by_account) | Q(Exists(assisted))


def _statuses(**households) -> dict[int, dict]:
    """Fresh statuses of the households matching ``households`` (a filter on Household's own
    fields, e.g. pk__in=…), computed from the base tables in three queries."""
    found = {
        row["pk"]: {**row, "best_level": None, "members": 0, "learned": 0}
        | {f"covered_on_{level}": None for level in Level}
        | {"last_evidence_on": None}
        for row in Household.objects.filter(**households).values("pk", "village_id", "commune_id")
    }
    members = Member.objects.filter(
        **{f"household__{key}": value for key, value in households.items()}
    )
    # Members first, so the evidence is found through its member index, not by a scan.
    member_ids = list(members.values_list("pk", flat=True))
    evidence = (
        Evidence.objects.filter(member_id__in=member_ids)
        .values("member__household_id")
        .annotate(
            best_level=Max("level"),
            last_evidence_on=Max("observed_on"),
            **{
                f"covered_on_{level}": Min("observed_on", filter=Q(level__gte=level))
                for level in Level
            },
        )
        .order_by()
    )
    for row in evidence:
        found[row.pop("member__household_id")].update(row)
    counted = (
        members.values("household_id")
        .annotate(members=Count("pk"), learned=Count("pk", filter=learned()))
        .order_by()
    )
    for row in counted:
        found[row.pop("household_id")].update(row)
    for status in found.values():
        del status["pk"]
    return found


def _contribution(status: dict | None) -> Counter:
    """What a household with ``status`` adds to its village's row."""
    if status is None:
        return Counter()
    counts = Counter(households=1, members=status["members"], learned=status["learned"])
    for level in Level:
        counts[f"covered_{level}"] = int(status[f"covered_on_{level}"] is not None)
    return counts


def _stored(status: HouseholdStatus) -> dict:
    return {field: getattr(status, field) for field in STATUS_FIELDS}


def refresh_households(household_ids: Iterable[int]) -> None:
    """Bring the roll-up up to date for these households (created, changed or deleted), in
    the caller's transaction. Statuses are locked first, in order, so two transactions
    touching one household apply their differences one after the other."""
    ids = sorted({pk for pk in household_ids if pk is not None})
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            stored = {
                s.pk: s for s in HouseholdStatus.objects.select_for_update().filter(pk__in=batch)
            }
            fresh = _statuses(pk__in=batch)
            deltas: dict[int, Counter] = {}
            created, changed = [], []
            for pk in batch:
                old = stored.get(pk)
                new = fresh.get(pk)
                before = _stored(old) if old else None
                if before == new:
                    continue
                if before:
                    deltas.setdefault(before["village_id"], Counter()).subtract(
                        _contribution(before)
                    )
                if new:
                    deltas.setdefault(new["village_id"], Counter()).update(_contribution(new))
                    if old:
                        for field, value in new.items():
                            setattr(old, field, value)
                        changed.append(old)
                    else:
                        created.append(HouseholdStatus(household_id=pk, **new))
            gone = [pk for pk in stored if pk not in fresh]
            if gone:
                HouseholdStatus.objects.filter(pk__in=gone).delete()
            HouseholdStatus.objects.bulk_create(created)
            HouseholdStatus.objects.bulk_update(changed, STATUS_FIELDS)
            _add_to_villages(deltas)


def _add_to_villages(deltas: dict[int, Counter]) -> None:
    for village_id in sorted(deltas):
        change = {field: n for field, n in deltas[village_id].items() if n}
        if not change:
            continue
        add = {field: F(field) + n for field, n in change.items()}
        if not VillageCoverage.objects.filter(pk=village_id).update(**add):
            village = Village.objects.select_related("commune").get(pk=village_id)
            VillageCoverage.objects.get_or_create(
                village=village,
                defaults={
                    "commune_id": village.commune_id,
                    "province_id": village.commune.province_id,
                },
            )
            VillageCoverage.objects.filter(pk=village_id).update(**add)


def households_of_account(user_id) -> list[int]:
    """The households a learner's account belongs to (through its members): what their
    lessons and checks change, as "members who learned"."""
    return list(Member.objects.filter(user_id=user_id).values_list("household_id", flat=True))


# --- from scratch ----------------------------------------------------------------------------


def _ranges() -> Iterator[tuple[int, int]]:
    """Household pk ranges of at most REBUILD_BATCH households, in order."""
    pks = Household.objects.order_by("pk").values_list("pk", flat=True)
    batch = []
    for pk in pks.iterator(chunk_size=REBUILD_BATCH):
        batch.append(pk)
        if len(batch) == REBUILD_BATCH:
            yield batch[0], batch[-1]
            batch = []
    if batch:
        yield batch[0], batch[-1]


def _village_rows(totals: dict[int, Counter]) -> list[VillageCoverage]:
    places = dict(
        (pk, (commune, province))
        for pk, commune, province in Village.objects.filter(pk__in=list(totals)).values_list(
            "pk", "commune_id", "commune__province_id"
        )
    )
    return [
        VillageCoverage(
            village_id=pk,
            commune_id=places[pk][0],
            province_id=places[pk][1],
            **{field: counts[field] for field in COUNTS},
        )
        for pk, counts in sorted(totals.items())
    ]


def rebuild() -> int:
    """Throw the roll-up away and compute it again from the base tables; the number of
    households counted. One transaction: dashboards read the old figures until it commits."""
    with transaction.atomic():
        VillageCoverage.objects.all().delete()
        HouseholdStatus.objects.all().delete()
        totals: dict[int, Counter] = {}
        counted = 0
        for low, high in _ranges():
            fresh = _statuses(pk__range=(low, high))
            HouseholdStatus.objects.bulk_create(
                (HouseholdStatus(household_id=pk, **status) for pk, status in fresh.items()),
                batch_size=5000,
            )
            for status in fresh.values():
                totals.setdefault(status["village_id"], Counter()).update(_contribution(status))
            counted += len(fresh)
        VillageCoverage.objects.bulk_create(_village_rows(totals), batch_size=5000)
    return counted


@dataclass
class Difference:
    what: str  # "household" or "village"
    pk: int
    stored: dict | None
    fresh: dict | None

    def __str__(self) -> str:
        return f"{self.what} {self.pk}: stored {self.stored}, fresh {self.fresh}"


def verify(limit: int = 50) -> list[Difference]:
    """Where the stored roll-up differs from a fresh computation (at most ``limit``
    differences each for households and villages); empty when they agree."""
    households: list[Difference] = []
    totals: dict[int, Counter] = {}
    for low, high in _ranges():
        fresh = _statuses(pk__range=(low, high))
        stored = {
            s.pk: _stored(s) for s in HouseholdStatus.objects.filter(pk__gte=low, pk__lte=high)
        }
        for pk in fresh.keys() | stored.keys():
            if fresh.get(pk) != stored.get(pk) and len(households) < limit:
                households.append(Difference("household", pk, stored.get(pk), fresh.get(pk)))
        for status in fresh.values():
            totals.setdefault(status["village_id"], Counter()).update(_contribution(status))
    # NOT EXISTS, not NOT IN: PostgreSQL plans NOT IN over millions of rows quadratically.
    orphans = HouseholdStatus.objects.filter(~Exists(Household.objects.filter(pk=OuterRef("pk"))))
    for status in orphans[: max(0, limit - len(households))]:
        households.append(Difference("household", status.pk, _stored(status), None))
    villages: list[Difference] = []
    stored_rows = {
        row.pop("village_id"): row for row in VillageCoverage.objects.values("village_id", *COUNTS)
    }
    for pk in totals.keys() | stored_rows.keys():
        fresh_counts = {field: totals.get(pk, Counter())[field] for field in COUNTS}
        stored_counts = stored_rows.get(pk, dict.fromkeys(COUNTS, 0))
        if fresh_counts != stored_counts and len(villages) < limit:
            villages.append(Difference("village", pk, stored_counts, fresh_counts))
    return households + villages
