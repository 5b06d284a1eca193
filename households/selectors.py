"""Reads of households and coverage, always within what the viewer may see.

Coverage is set-based: one query per table, whatever the number of households.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncWeek

from courses.models import CoursePage
from courses.selectors import communes_in_scope
from places.models import Commune

from .coverage import COUNTS
from .models import (
    AmbassadorLink,
    Evidence,
    Household,
    HouseholdStatus,
    Level,
    Member,
    TeachingVisit,
    VillageCoverage,
)
from .search import normalise


def communes_for(user) -> QuerySet[Commune]:
    """The communes whose households ``user`` may see (``courses.selectors.communes_in_scope``:
    an official their own commune, a trainer the communes they serve, a province
    administrator their province)."""
    return communes_in_scope(user)


def households_in(*, user, commune: Commune | None = None) -> QuerySet[Household]:
    """The households of ``communes_for(user)`` (of ``commune`` only, if given)."""
    scope = Household.objects.filter(commune__in=communes_for(user))
    return scope.filter(commune=commune) if commune else scope


# An approved link: approved by someone other than its ambassador. A link its ambassador
# approved (possible before that was refused) still waits for someone else.
APPROVED_LINK = Q(approved_at__isnull=False) & ~Q(approved_by=F("ambassador"))


def linked_households(*, ambassador) -> QuerySet[Household]:
    """The only households an ambassador sees: those an official or trainer approved."""
    approved = AmbassadorLink.objects.filter(APPROVED_LINK, ambassador=ambassador)
    return Household.objects.filter(pk__in=approved.values("household"))


def waiting_links(*, ambassador) -> QuerySet[AmbassadorLink]:
    """The ambassador's requests nobody (else) approved yet."""
    return ambassador.household_links.exclude(APPROVED_LINK).select_related("household")


def pending_links(*, user, commune: Commune) -> QuerySet[AmbassadorLink]:
    """Requests waiting in ``commune``, each with ``is_own``: the viewer's own request, which
    someone else must approve."""
    return (
        AmbassadorLink.objects.filter(
            household__commune=commune, household__commune__in=communes_for(user)
        )
        .exclude(APPROVED_LINK)
        .annotate(is_own=ExpressionWrapper(Q(ambassador=user), output_field=BooleanField()))
        .select_related("ambassador", "household")
    )


def with_level(households: QuerySet[Household]) -> QuerySet[Household]:
    """Each household's best member level (None when nobody has evidence)."""
    return households.annotate(level=Max("members__evidence__level"))


def covered_at(level: int, until: datetime.date | None = None):
    """Whether the household has a member at ``level`` (by the end of ``until``, if given)."""
    evidence = Evidence.objects.filter(member__household=OuterRef("pk"), level__gte=level)
    return Exists(evidence.filter(observed_on__lte=until) if until else evidence)


def members_with_level(household: Household) -> QuerySet[Member]:
    """The household's members, each with their best evidence level (None without any)."""
    return household.members.annotate(level=Max("evidence__level"))


def members_for_ambassador(*, household: Household, ambassador) -> QuerySet[Member]:
    """The members with their level and ``my_visits``: the visits this ambassador recorded
    there, so they see what is left to teach."""
    return members_with_level(household).prefetch_related(
        Prefetch(
            "teaching_visits",
            queryset=TeachingVisit.objects.filter(ambassador=ambassador),
            to_attr="my_visits",
        )
    )


@dataclass
class CoverageRow:
    key: object
    name: str
    households: int
    covered: int

    @property
    def percent(self) -> int | None:
        """None without households: nothing was measured, which "0 %" would hide."""
        return round(100 * self.covered / self.households) if self.households else None


def village_coverage(commune: Commune, *, level: int) -> list[CoverageRow]:
    """The commune's villages with households, covered at ``level``: its roll-up rows."""
    rows = (
        VillageCoverage.objects.filter(commune=commune, households__gt=0)
        .select_related("village")
        .order_by("village__name")
    )
    return [
        CoverageRow(r.village_id, r.village.name, r.households, getattr(r, f"covered_{level}"))
        for r in rows
    ]


def coverage_totals(*groups: str, **villages) -> QuerySet:
    """Roll-up counts (households, covered_<level>, members, learned) summed per ``groups``
    (fields of a village's row: "commune", "commune__code", "province"…) over the village
    rows matching ``villages``: a few hundred rows read, however many households."""
    return (
        VillageCoverage.objects.filter(**villages)
        .values(*groups)
        .annotate(**{field: Sum(field) for field in COUNTS})
        .order_by()
    )


def coverage_as_of(until: datetime.date, *groups: str, **statuses) -> QuerySet:
    """Households, and those covered at each level by the end of ``until``, per ``groups``
    (fields of a household's roll-up status: "commune", "commune__code"…), over the
    statuses matching ``statuses``: one narrow row a household."""
    return (
        HouseholdStatus.objects.filter(**statuses)
        .values(*groups)
        .annotate(
            households=Count("pk"),
            **{
                f"covered_{level}": Count("pk", filter=Q(**{f"covered_on_{level}__lte": until}))
                for level in Level
            },
        )
        .order_by()
    )


def uncovered(households: QuerySet[Household], *, level: int) -> QuerySet[Household]:
    """Households nobody in which is at ``level`` yet; those with the closest member first,
    so a trainer visits where one more step covers the household."""
    return (
        with_level(households)
        .annotate(is_covered=covered_at(level))
        .filter(is_covered=False)
        .select_related("village")
        # Households with no evidence at all come last, on PostgreSQL as on SQLite.
        .order_by(F("level").desc(nulls_last=True), "village__name", "code")
    )


def find_households(
    households: QuerySet[Household],
    *,
    level: int,
    query: str = "",
    village=None,
    covered: bool | None = None,
) -> QuerySet[Household]:
    """``households`` whose code, head's or member's name contains ``query`` (without regard
    to accents, "đ" or case), in ``village`` if given, covered at ``level`` or not if
    ``covered`` is given. Each has ``level`` (its best) and ``is_covered``; those still to
    reach come first, closest first, as in ``uncovered``."""
    key = normalise(query)
    if key:
        households = households.filter(search_text__contains=key)
    if village is not None:
        households = households.filter(village=village)
    households = with_level(households).annotate(is_covered=covered_at(level))
    if covered is not None:
        households = households.filter(is_covered=covered)
    return households.select_related("village").order_by(
        "is_covered", F("level").desc(nulls_last=True), "village__name", "code"
    )


def uncovered_to_visit(*, user, commune: Commune, level: int) -> QuerySet[Household]:
    """``uncovered`` households of ``commune`` within ``user``'s scope, each with its
    ``member_count``: the list a trainer plans visits from."""
    return uncovered(households_in(user=user, commune=commune), level=level).annotate(
        member_count=Count("members", distinct=True)
    )


def weekly_coverage(
    commune: Commune,
    *,
    level: int,
    weeks: int = 12,
    today: datetime.date | None = None,
) -> list[tuple[datetime.date, int]]:
    """Covered households of ``commune`` at the end of each of the last ``weeks`` weeks
    (Monday dates), from the day of each household's first qualifying evidence (its
    roll-up status). Grouped in the database."""
    today = today or datetime.date.today()
    first = f"covered_on_{level}"
    per_week = dict(
        HouseholdStatus.objects.filter(commune=commune)
        .exclude(**{first: None})
        .annotate(week=TruncWeek(first))
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    per_week = {
        (w.date() if isinstance(w, datetime.datetime) else w): n for w, n in per_week.items()
    }
    this_monday = today - datetime.timedelta(days=today.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    before = sum(n for week, n in per_week.items() if week < mondays[0])
    series, running = [], before
    for monday in mondays:
        running += per_week.get(monday, 0)
        series.append((monday, running))
    return series


def coverage_of_communes(*, user, level: int) -> list[CoverageRow]:
    """Every commune the user may see, with its coverage (from the roll-up); communes
    without households yet are listed too, so an official can start there."""
    communes = communes_for(user)
    names = dict(communes.values_list("pk", "name")) if communes.count() <= 500 else None
    counted = {
        row["commune"]: row
        for row in coverage_totals("commune", commune__in=communes, households__gt=0)
    }
    if names is None:  # a whole country: only communes with households
        names = dict(Commune.objects.filter(pk__in=list(counted)).values_list("pk", "name"))
    codes = dict(Commune.objects.filter(pk__in=list(names)).values_list("pk", "code"))
    rows = [
        CoverageRow(
            codes[pk],
            name,
            counted.get(pk, {}).get("households", 0),
            counted.get(pk, {}).get(f"covered_{level}", 0),
        )
        for pk, name in names.items()
    ]
    return sorted(rows, key=lambda row: row.name)


def final_check_courses() -> QuerySet[CoursePage]:
    """Live courses with a final check, in the site's language: those an ambassador can
    offer a member to take on their phone."""
    return CoursePage.objects.live().filter(
        final_quiz__isnull=False, locale__language_code=settings.LANGUAGE_CODE
    )
