"""The commune's digital-adaptation index (chỉ số thích ứng số), from what the platform knows.

    index = 100 × (0.40·C + 0.20·L + 0.25·S + 0.15·R)

C  coverage weighted by evidence: the mean over the commune's households of the weight of the
   best level any member reached: none 0, self-reported 0.25, passed the check 0.6,
   practised the procedure 0.8, witnessed 1. A household where someone was seen doing a
   real procedure counts fully; one where an ambassador only says so counts a quarter.
L  members who learned: the share of the households' members who finished a lesson or passed
   a check on their own account, or passed a check on an ambassador's phone.
S  skills shown: for each skill of the current national framework that a live course teaches,
   the share of the commune's learners who have shown it (certificate, practice without
   help, right answer in a check; analytics.skills); S is the mean over those skills. The
   learners are the people of the commune who finished a lesson or passed a check, and
   anyone who showed a skill. No learner: 0. No skill taught at all: S is not measured,
   and the other weights are scaled up to make 1 (the page says so).
R  recency: the share of covered households (any evidence) whose latest evidence is from
   the last 12 months; no covered household: 0.

Why these weights: coverage is what the programme is judged on (the households that can use
online public services), so it weighs most, and by evidence, so that a commune cannot rise by
self-reports alone; skills shown is the framework's own measure; learning is effort rather
than result, so it weighs less; recency keeps a commune from resting on old figures.

Limits: it knows only what is recorded here (households not registered do not count, people
who learned elsewhere do not count); ambassadors' teaching visits are not counted as learning;
S depends on how many skills editors have tagged; a commune with few households moves a lot
with each one. It compares communes of a province, it does not measure a population.

Everything is counted in the database per commune (a handful of grouped queries for a whole
province); pandas joins the per-commune counts.
"""

import datetime
from dataclasses import dataclass

import pandas as pd
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from households.models import HouseholdStatus, Level, Member
from households.selectors import coverage_totals
from lessons.models import LessonProgress
from quizzes.models import Attempt

from . import skills as skill_evidence
from .selectors import live_courses

# The weight of a household's best evidence level in C.
LEVEL_WEIGHTS = {
    None: 0.0,
    Level.SELF_REPORTED: 0.25,
    Level.QUIZ_VERIFIED: 0.6,
    Level.PRACTISED: 0.8,
    Level.WITNESSED: 1.0,
}
RECENT = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Component:
    key: str
    weight: float
    label: str
    explanation: str


COMPONENTS = [
    Component(
        "coverage",
        0.40,
        _("Households covered, by evidence"),
        _(
            "Each household counts by the best evidence about one of its people: seen doing "
            "it 100%, practised 80%, passed the check 60%, self-reported 25%, none 0."
        ),
    ),
    Component(
        "learned",
        0.20,
        _("People who learned"),
        _(
            "Share of the household members who finished a lesson or passed a check, on "
            "their phone or on an ambassador's."
        ),
    ),
    Component(
        "skills",
        0.25,
        _("Skills shown"),
        _(
            "For each skill of the national framework taught here: the share of the "
            "commune's learners who showed it (certificate, practice, right answer); then "
            "the average over the skills."
        ),
    ),
    Component(
        "recent",
        0.15,
        _("Recent evidence"),
        _("Share of covered households whose latest evidence is from the last 12 months."),
    ),
]
COMPONENT_KEYS = [c.key for c in COMPONENTS]
INDEX_COLUMNS = ["commune_id", "households", "members", "learners", *COMPONENT_KEYS, "index"]


def _households(communes, on: datetime.date) -> pd.DataFrame:
    """Per commune: households, Σ weight of their best level by ``on``, covered and recently
    covered, from the households' roll-up statuses (one narrow row a household). "Recent":
    the latest evidence is within the year before ``on`` (exact for today, the dashboards'
    day; evidence is never dated ahead)."""
    best = Case(
        *[
            When(**{f"covered_on_{level}__lte": on}, then=Value(int(level)))
            for level in sorted(Level, reverse=True)
        ],
        default=None,
        output_field=IntegerField(),
    )
    recent = Q(last_evidence_on__gt=on - RECENT, last_evidence_on__lte=on)
    rows = (
        HouseholdStatus.objects.filter(commune__in=communes)
        .annotate(best=best, recent=ExpressionWrapper(recent, output_field=BooleanField()))
        .values("commune_id", "best", "recent")
        .annotate(n=Count("pk"))
        .order_by()
    )
    frame = pd.DataFrame(list(rows), columns=["commune_id", "best", "recent", "n"])
    frame["weight"] = [
        LEVEL_WEIGHTS[int(b) if pd.notna(b) else None] * n
        for b, n in zip(frame["best"], frame["n"], strict=True)
    ]
    frame["covered"] = frame["n"].where(frame["best"].notna(), 0)
    frame["covered_recent"] = frame["covered"].where(frame["recent"].astype(bool), 0)
    return frame.groupby("commune_id").agg(
        households=("n", "sum"),
        weight=("weight", "sum"),
        covered=("covered", "sum"),
        covered_recent=("covered_recent", "sum"),
    )


def _members(communes) -> pd.DataFrame:
    """Per commune: household members, and those who learned (the roll-up's village rows;
    who counts as having learned: households.coverage.learned)."""
    rows = coverage_totals("commune", commune__in=communes)
    frame = pd.DataFrame(list(rows), columns=["commune", "members", "learned"])
    return frame.rename(columns={"commune": "commune_id"}).set_index("commune_id")


def _active_learners(communes) -> pd.DataFrame:
    """Per commune: accounts that finished a lesson or passed a check, placed in the commune
    of their household member there if they have one (the first, if several), else their
    home commune."""
    progress = Exists(LessonProgress.objects.filter(user=OuterRef("pk")))
    passed = Exists(Attempt.objects.filter(user=OuterRef("pk"), passed=True, assisted_for=""))
    # Few members have an account (an index of their own): the accounts' households first,
    # then the accounts by a plain IN, with no per-account subquery.
    linked = dict(
        Member.objects.filter(user__isnull=False, household__commune__in=communes)
        .order_by("-pk")
        .values_list("user_id", "household__commune_id")
    )
    rows = (
        User.objects.filter(Q(home_commune__in=communes) | Q(pk__in=list(linked)))
        .filter(Q(progress) | Q(passed))
        .values_list("pk", "home_commune_id")
    )
    frame = pd.DataFrame(
        [(pk, linked.get(pk, home)) for pk, home in rows], columns=["user_id", "place"]
    )
    return frame


def _skills(communes, active: pd.DataFrame, on: datetime.date) -> tuple[pd.Series, pd.Series]:
    """Per commune: S, the mean share of learners who showed each taught skill (empty when
    no skill of the current framework is taught by a live course), and the learners."""
    current = skill_evidence.current_skills()
    taught = set(current["skill_id"]) & skill_evidence.taught_skills(live_courses())
    if not taught:
        return pd.Series(dtype=float), active.groupby("place")["user_id"].nunique()
    shown = skill_evidence.skills_shown(communes=communes, on=on)
    shown = shown.drop_duplicates(["person", "skill_id"])
    # Learners: active accounts, and anyone who showed a skill (a member without an account
    # certified after a witnessed procedure learned too).
    people = pd.concat(
        [
            pd.DataFrame(
                {"person": [f"u{u}" for u in active["user_id"]], "commune_id": active["place"]}
            ),
            shown[["person", "commune_id"]],
        ]
    ).drop_duplicates("person")
    learners = people.groupby("commune_id")["person"].nunique()
    counts = (
        shown[shown["skill_id"].isin(taught)]
        .groupby(["commune_id", "skill_id"])["person"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(columns=sorted(taught), fill_value=0)
    )
    counts = counts.reindex(learners.index, fill_value=0)
    return counts.div(learners, axis=0).mean(axis=1), learners


def adaptation_index(communes, *, on: datetime.date | None = None) -> pd.DataFrame:
    """One row per commune of ``communes`` (that has households or learners): households,
    members, learners, the four components (0..1) and the index (0..100, NaN without any
    household). Callers check scope first."""
    on = on or timezone.localdate()
    ids = (
        list(communes.values_list("pk", flat=True))
        if hasattr(communes, "values_list")
        else [getattr(c, "pk", c) for c in communes]
    )
    frame = pd.DataFrame(index=pd.Index(ids, name="commune_id"))
    frame = frame.join(_households(ids, on)).join(_members(ids))
    active = _active_learners(ids)
    skills, frame["learners"] = _skills(ids, active, on)
    counts = ["households", "weight", "covered", "covered_recent", "members", "learned"]
    frame[counts + ["learners"]] = frame[counts + ["learners"]].fillna(0)
    frame["coverage"] = frame["weight"] / frame["households"].where(frame["households"] > 0)
    frame["learned"] = frame["learned"] / frame["members"].where(frame["members"] > 0)
    frame["recent"] = (
        frame["covered_recent"] / frame["covered"].where(frame["covered"] > 0)
    ).where(frame["covered"] > 0, 0.0)
    measured_skills = not skills.empty
    frame["skills"] = skills.reindex(frame.index).fillna(0.0) if measured_skills else float("nan")
    weights = {c.key: c.weight for c in COMPONENTS}
    if not measured_skills:
        # No skill taught: S is not measured; the other weights share its part.
        del weights["skills"]
    total = sum(weights.values())
    frame["index"] = 100 * sum(
        frame[key].fillna(0) * weight / total for key, weight in weights.items()
    )
    # Without a household nothing was measured: no index and no parts (shown "No data yet"),
    # never a "0 %" that would read as a measured nothing.
    frame.loc[frame["households"] == 0, ["index", "recent"]] = float("nan")
    frame["members"] = frame["members"].astype(int)
    frame["households"] = frame["households"].astype(int)
    frame["learners"] = frame["learners"].astype(int)
    return frame.reset_index()[INDEX_COLUMNS]


def skills_measured() -> bool:
    """Whether a live course teaches a skill of the current framework (S is measured)."""
    current = set(skill_evidence.current_skills()["skill_id"])
    return bool(current & skill_evidence.taught_skills(live_courses()))
