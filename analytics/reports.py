"""The dashboards: which tables each one shows, titled and labelled for people.

Each report is built for an object the viewer's scope was already checked against (see
``selectors.*_in_scope``) and cached, keyed by what it shows, never by who asked; the
province report is built in the background because it reads every household of a province.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from base.tasks import enqueue_on_commit
from households.models import Level
from households.selectors import communes_for

from . import adaptation, selectors
from . import skills as by_skill
from .tables import Chart, Column, Kind, Report, Table

# Above the default (0): on the database queue a province report runs before narration.
REPORT_PRIORITY = 50


@dataclass(frozen=True)
class Filters:
    """What a province report is narrowed to; part of its cache key."""

    level: int = Level.QUIZ_VERIFIED
    course: str = ""  # a course's translation key; empty: all courses
    since: datetime.date | None = None
    until: datetime.date | None = None

    def as_json(self) -> str:
        return json.dumps(
            {
                "level": self.level,
                "course": self.course,
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat() if self.until else None,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> "Filters":
        data = json.loads(text)
        day = datetime.date.fromisoformat
        return cls(
            level=data["level"],
            course=data["course"],
            since=day(data["since"]) if data["since"] else None,
            until=day(data["until"]) if data["until"] else None,
        )


def _coverage_columns(unit: Column) -> list[Column]:
    columns = [unit, Column("households", _("Households"), Kind.INT)]
    for level in Level:
        columns += [
            Column(f"covered_{level}", level.label, Kind.INT),
            Column(
                f"share_{level}",
                _("%(level)s (share)") % {"level": level.label},
                Kind.PERCENT,
                missing=_("No data yet"),  # no household: nothing measured, not 0 %
            ),
        ]
    return columns


def _now():
    return timezone.now()


def _percent(part: int, whole: int) -> str | None:
    """A headline share; None (shown "–") when there is nothing to share out."""
    return f"{round(100 * part / whole)}%" if whole else None


def _level_columns() -> list[Column]:
    return [Column(f"level_{lv}", lv.label, Kind.INT) for lv in by_skill.LEVELS_SHOWN]


def _skill_columns() -> list[Column]:
    return [Column("skill_code", _("Code")), Column("skill_name", _("Skill"))]


INDEX_NOTE = _(
    "How it is counted: index = 40% × households covered by evidence + 20% × people who "
    "learned + 25% × skills shown + 15% × recent evidence, out of 100. It counts only what "
    "is recorded in Nhà Số."
)
NO_SKILL_TAUGHT = _(
    "No course teaches a skill of the national framework yet: skills shown is not counted, "
    "and the other parts share its weight."
)


def _index_note(measured: bool) -> str:
    return INDEX_NOTE if measured else format_lazy("{} {}", INDEX_NOTE, NO_SKILL_TAUGHT)


def _index_components(row, measured: bool) -> pd.DataFrame:
    """The index's parts for one commune: what each measures, its weight, its value and
    the points it adds to the index."""
    total = sum(c.weight for c in adaptation.COMPONENTS if measured or c.key != "skills")
    records = []
    for component in adaptation.COMPONENTS:
        value = row[component.key] if row is not None else float("nan")
        counted = measured or component.key != "skills"
        records.append(
            {
                "component": component.label,
                "explanation": component.explanation,
                "weight": component.weight / total if counted else float("nan"),
                "value": value,
                "points": 100 * component.weight / total * (0 if value != value else value)
                if counted
                else float("nan"),
            }
        )
    return pd.DataFrame(records)


# --- the reports ---------------------------------------------------------------------------


def trainer_report(user) -> Report:
    cohorts = selectors.trainer_cohorts(user=user)
    cohorts["url"] = [reverse("analytics:cohort", args=[pk]) for pk in cohorts["cohort_id"]]
    communes = communes_for(user).filter(cohorts__trainers=user).distinct()
    uncovered = selectors.uncovered_by_commune(communes, level=Level.QUIZ_VERIFIED)
    uncovered["url"] = [reverse("households:commune", args=[code]) for code in uncovered["code"]]
    # The same words as the cohort pages (courses), already translated.
    if cohorts.empty:
        empty = _("You do not lead any cohort yet.")
    elif not cohorts["members"].sum():
        empty = _("No members yet.")
    else:
        empty = ""
    return Report(
        title=_("My cohorts"),
        computed_at=_now(),
        empty=empty,
        tables=[
            Table(
                "cohorts",
                _("Cohorts"),
                cohorts,
                [
                    Column("cohort", _("Cohort")),
                    Column("commune", _("Commune")),
                    Column("members", _("Members"), Kind.INT),
                    Column("sessions", _("Sessions"), Kind.INT),
                    Column("attendance", _("Average attendance"), Kind.PERCENT),
                    Column("completed", _("Finished every lesson"), Kind.INT),
                    Column("inactive", _("Not back for 7 days"), Kind.INT),
                ],
                link="url",
            ),
            Table(
                "uncovered",
                _("Households still to reach in my communes"),
                uncovered,
                [
                    Column("commune", _("Commune")),
                    Column("households", _("Households"), Kind.INT),
                    Column("uncovered", _("Nobody has passed the check yet"), Kind.INT),
                ],
                link="url",
            ),
        ],
    )


def cohort_report(cohort) -> Report:
    completion, lessons = selectors.cohort_completion(cohort)
    scores, quizzes = selectors.cohort_quiz_scores(cohort)
    attendance = selectors.cohort_attendance(cohort)
    finished = int((completion["done"] == len(lessons)).sum()) if lessons else 0
    return Report(
        title=cohort.name,
        computed_at=_now(),
        empty="" if len(completion) else _("No members yet."),
        facts=[
            (_("Members"), len(completion)),
            (_("Sessions"), len(attendance)),
            (_("Finished every lesson"), finished),
        ],
        tables=[
            Table(
                "attendance",
                _("Attendance per session"),
                attendance,
                [
                    Column("date", _("Date"), Kind.DATE),
                    Column("topic", _("Topic")),
                    Column("present", _("Present"), Kind.INT),
                    Column("members", _("Members"), Kind.INT),
                    Column("share", _("Attendance"), Kind.PERCENT),
                ],
                chart=Chart("date", "share", _("Share of members present at each session.")),
            ),
            Table(
                "lessons",
                _("Lessons finished, member by member"),
                completion,
                [Column("member", _("Member"))]
                + [
                    Column(str(lesson.translation_key), str(n), Kind.CHECK, title=lesson.title)
                    for n, lesson in enumerate(lessons, start=1)
                ]
                + [
                    Column("done", _("Lessons done"), Kind.INT),
                    Column("share", _("Share done"), Kind.PERCENT),
                ],
            ),
            Table(
                "quizzes",
                _("Best quiz scores"),
                scores,
                [Column("member", _("Member"))]
                + [Column(str(q.translation_key), q.title, Kind.PERCENT) for q in quizzes],
                note=_("Empty: not taken yet."),
            ),
            Table(
                "missed",
                _("Questions most often missed"),
                selectors.most_missed_questions(cohort),
                [
                    Column("quiz", _("Quiz")),
                    Column("question", _("Question")),
                    Column("answered", _("Answers"), Kind.INT),
                    Column("wrong", _("Wrong"), Kind.INT),
                    Column("wrong_share", _("Wrong (share)"), Kind.PERCENT),
                ],
                chart=Chart("question", "wrong_share", _("Share of wrong answers per question.")),
            ),
            Table(
                "inactive",
                _("Members not back for 7 days"),
                selectors.inactive_members(cohort),
                [
                    Column("member", _("Member")),
                    Column("last_seen", _("Last seen"), Kind.DATE),
                    Column("days", _("Days ago"), Kind.INT),
                ],
                note=_("No lesson finished, quiz started or session attended for a week."),
            ),
            Table(
                "skills",
                _("By skill"),
                by_skill.cohort_skills(cohort, selectors.cohort_member_names(cohort)),
                [
                    *_skill_columns(),
                    Column("people", _("Members who showed it"), Kind.INT),
                    Column("share", _("Share of members"), Kind.PERCENT),
                    *_level_columns(),
                    Column("who", _("Who")),
                ],
                note=_(
                    "The skills of the national framework this course teaches. Shown by a "
                    "certificate, a practice without help or a right answer in a check; "
                    "counted at the best level."
                ),
            ),
        ],
    )


def commune_report(commune) -> Report:
    villages = selectors.coverage_by_village(commune)
    trend = selectors.weekly_trend(commune)
    total = int(villages["households"].sum())
    covered = int(villages[f"covered_{Level.QUIZ_VERIFIED}"].sum())
    measured = adaptation.skills_measured()
    index = adaptation.adaptation_index([commune]).iloc[0]
    score = None if index["index"] != index["index"] else round(float(index["index"]), 1)
    return Report(
        title=commune.name,
        computed_at=_now(),
        empty="" if total else _("No household of this commune is recorded yet."),
        index=score,
        facts=[
            (_("Households"), total),
            (_("Someone passed the check"), covered),
            (_("Share covered"), _percent(covered, total)),
            (_("Digital-adaptation index (out of 100)"), score),
        ],
        tables=[
            Table(
                "adaptation",
                _("Digital-adaptation index: its parts"),
                _index_components(index, measured),
                [
                    Column("component", _("Part")),
                    Column("value", _("Value"), Kind.PERCENT, missing=_("Not counted")),
                    Column("weight", _("Weight"), Kind.PERCENT, missing=_("Not counted")),
                    Column("points", _("Points in the index"), Kind.SCORE),
                    Column("explanation", _("What it counts")),
                ],
                note=_index_note(measured),
            ),
            Table(
                "villages",
                _("Coverage by village, at each level"),
                villages,
                _coverage_columns(Column("village", _("Village"))),
                chart=Chart(
                    "village",
                    f"share_{Level.QUIZ_VERIFIED}",
                    _("Share of households where someone passed the check, by village."),
                ),
            ),
            Table(
                "trend",
                _("Covered households, week by week"),
                trend,
                [Column("week", _("Week of"), Kind.DATE)]
                + [Column(f"covered_{level}", level.label, Kind.INT) for level in Level],
            ),
            Table(
                "learning",
                _("Learners of the commune, by course"),
                selectors.learning_in_commune(commune),
                [
                    Column("course", _("Course")),
                    Column("learners", _("Enrolled"), Kind.INT),
                    Column("completed", _("Finished every lesson"), Kind.INT),
                    Column("passed", _("Passed the final check"), Kind.INT),
                ],
            ),
            Table(
                "ambassadors",
                _("Student ambassadors and their teaching visits"),
                selectors.ambassadors_in_commune(commune),
                [
                    Column("ambassador", _("Ambassador")),
                    Column("approved", _("Households approved"), Kind.INT),
                    Column("waiting", _("Waiting for approval"), Kind.INT),
                    Column("visits", _("Teaching visits"), Kind.INT),
                    Column("taught", _("Members taught"), Kind.INT),
                    Column("last_visit", _("Last visit"), Kind.DATE),
                ],
            ),
            Table(
                "officials",
                _("Officials' refresher courses"),
                selectors.official_refreshers(commune),
                [
                    Column("official", _("Official")),
                    Column("course", _("Course")),
                    Column("done", _("Lessons done"), Kind.INT),
                    Column("lessons", _("Lessons"), Kind.INT),
                    Column("share", _("Share done"), Kind.PERCENT),
                    Column("passed", _("Passed the final check"), Kind.CHECK),
                    Column("valid_until", _("Certificate valid until"), Kind.DATE),
                    Column("refresh", _("Refresher")),
                ],
                note=_("Needs a refresher: the certificate has expired or expires within 30 days."),
            ),
            Table(
                "skills",
                _("Digital skills on the national framework"),
                by_skill.commune_skills(commune),
                [
                    *_skill_columns(),
                    Column("people", _("People who showed it"), Kind.INT),
                    Column(by_skill.CERTIFICATE, _("By certificate"), Kind.INT),
                    Column(by_skill.PRACTICE, _("By practice"), Kind.INT),
                    Column(by_skill.QUIZ_ANSWER, _("By a right answer"), Kind.INT),
                    *_level_columns(),
                ],
                note=_(
                    "People of the commune who showed each skill; someone shown in several "
                    "ways counts in each, and once under their best level."
                ),
            ),
        ],
    )


def province_report(province, filters: Filters) -> Report:
    frame = selectors.province_by_commune(
        province,
        level=filters.level,
        course_key=filters.course or None,
        since=filters.since,
        until=filters.until,
    )
    frame["url"] = [reverse("analytics:commune", args=[code]) for code in frame["code"]]
    level_label = Level(filters.level).label
    columns = [Column("rank", _("Rank"), Kind.INT)] + _coverage_columns(
        Column("commune", _("Commune"))
    )
    columns += [
        Column("new", _("Newly covered in the period"), Kind.INT),
        Column("learners", _("Enrolled"), Kind.INT),
        Column("completed", _("Finished every lesson"), Kind.INT),
        Column("passed", _("Passed the final check"), Kind.INT),
    ]
    total = int(frame["households"].sum())
    covered = int(frame[f"covered_{filters.level}"].sum())
    communes = province.communes.all()
    places = frame[["code", "commune", "url"]].assign(
        commune_id=lambda f: f["code"].map(dict(communes.values_list("code", "pk")))
    )
    index = adaptation.adaptation_index(communes)
    # A province without communes has nothing to join; keep the columns' types aligned.
    index["commune_id"] = index["commune_id"].astype("int64")
    places["commune_id"] = places["commune_id"].astype("int64")
    index = index.merge(places, on="commune_id")
    index = index.sort_values(["index", "commune"], ascending=[False, True], na_position="last")
    groups_frame, groups = by_skill.skill_groups_by_commune(communes)
    groups_frame["url"] = [reverse("analytics:commune", args=[c]) for c in groups_frame["code"]]
    return Report(
        title=province.name,
        computed_at=_now(),
        empty="" if total else _("No household of this province is recorded yet."),
        facts=[
            (_("Communes"), len(frame)),
            (_("Households"), total),
            (_("Covered"), covered),
            (_("Share covered"), _percent(covered, total)),
        ],
        tables=[
            Table(
                "communes",
                _("Communes ranked by coverage"),
                frame,
                columns,
                chart=Chart(
                    "commune",
                    f"share_{filters.level}",
                    _("Share of households covered (%(level)s), by commune, highest first.")
                    % {"level": level_label},
                ),
                link="url",
                heading="commune",
            ),
            Table(
                "adaptation",
                _("Digital-adaptation index by commune"),
                index.reset_index(drop=True),
                [
                    Column("commune", _("Commune")),
                    Column("index", _("Index (out of 100)"), Kind.SCORE, missing=_("No data yet")),
                    *[
                        Column(c.key, c.label, Kind.PERCENT, missing=_("No data yet"))
                        for c in adaptation.COMPONENTS
                    ],
                    Column("households", _("Households"), Kind.INT),
                    Column("learners", _("Learners"), Kind.INT),
                ],
                note=_index_note(adaptation.skills_measured()),
                link="url",
            ),
            Table(
                "skill_groups",
                _("People who showed a skill, by commune and skill group"),
                groups_frame,
                [Column("commune", _("Commune"))]
                + [
                    Column(f"group_{g}", format_lazy("{}. {}", code, name), Kind.INT)
                    for g, code, name in groups.itertuples(index=False)
                ]
                + [Column("people", _("Any skill"), Kind.INT)],
                note=_("People with at least one skill of the group shown, counted once each."),
                link="url",
            ),
        ],
    )


def national_report() -> Report:
    """Every province: households and coverage at each level, members and those who
    learned, summed from the roll-up's village rows (one grouped query, whatever the
    number of households)."""
    frame = selectors.coverage_by_province()
    frame["url"] = [reverse("analytics:province", args=[code]) for code in frame["code"]]
    total = int(frame["households"].sum())
    covered = int(frame[f"covered_{Level.QUIZ_VERIFIED}"].sum())
    return Report(
        title=_("The whole country"),
        computed_at=_now(),
        empty="" if total else _("No household is recorded yet."),
        facts=[
            (_("Provinces with households"), int((frame["households"] > 0).sum())),
            (_("Households"), total),
            (_("Someone passed the check"), covered),
            (_("Share covered"), _percent(covered, total)),
        ],
        tables=[
            Table(
                "provinces",
                _("Coverage by province, at each level"),
                frame,
                _coverage_columns(Column("province", _("Province")))
                + [
                    Column("members", _("Members"), Kind.INT),
                    Column("learned_share", _("Members who learned"), Kind.PERCENT),
                ],
                chart=Chart(
                    "province",
                    f"share_{Level.QUIZ_VERIFIED}",
                    _("Share of households where someone passed the check, by province."),
                ),
                link="url",
                heading="province",
            ),
        ],
    )


# --- caching -------------------------------------------------------------------------------


def cached(name: str, build) -> Report:
    """The cached report, or a fresh one (then cached)."""
    report = cache.get(name)
    if report is None:
        report = build()
        cache.set(name, report, settings.ANALYTICS_CACHE_SECONDS)
    return report


def province_cache_key(province, filters: Filters) -> str:
    digest = hashlib.sha1(filters.as_json().encode()).hexdigest()[:16]
    return f"analytics:province:{province.code}:{digest}"


def store_province_report(province, filters_json: str) -> Report:
    filters = Filters.from_json(filters_json)
    report = province_report(province, filters)
    name = province_cache_key(province, filters)
    cache.set(name, report, settings.ANALYTICS_CACHE_SECONDS)
    cache.delete(f"{name}:pending")
    return report


def province_report_or_queue(province, filters: Filters, *, refresh: bool = False):
    """The cached province report, or None after queueing its computation (once: a second
    viewer does not queue it again while it runs)."""
    from .tasks import build_province_report

    name = province_cache_key(province, filters)
    if refresh:
        cache.delete(name)
    report = cache.get(name)
    # The mark expires, so a worker that died does not leave the page waiting for ever.
    if report is None and cache.add(f"{name}:pending", True, 10 * 60):
        # Reports first: a province page never waits behind a catalogue's narration.
        enqueue_on_commit(
            build_province_report, province.code, filters.as_json(), priority=REPORT_PRIORITY
        )
        report = cache.get(name)  # an immediate task backend has already filled it
    return report


def confirmations_table(commune) -> Table:
    """The commune's skill confirmations as a table (by_skill.CONFIRMATION_COLUMNS)."""
    return Table(
        "xac-nhan-ky-nang",
        _("Skill confirmations"),
        by_skill.confirmations(commune),
        by_skill.CONFIRMATION_COLUMNS,
    )
