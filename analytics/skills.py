"""Who has shown which skill of the national framework, and by which evidence.

A person *shows* a skill (see the issue's shared definition) by:
- a valid certificate (not revoked, not expired on the report's day): the certificate's
  skills, at the certificate's level;
- a practice run completed without help: the skills of the practised lesson (its page in the
  default language, the one editors tag), at level PRACTISED;
- a correct answer, in a passed attempt the server scored itself, to a question tagged with
  skills: those skills, at level QUIZ_VERIFIED.

``skills_shown`` reads each kind of evidence in one query (plus one for the lessons' skills,
one for the tagged quizzes, one for the people, one for the skills) and joins them in pandas.
A person is an account when there is one (``u<user id>``), else a household member
(``m<member id>``); an account linked to a household member takes that member's name, birth
year, village and commune, else the account's home commune.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.models import User
from certificates.models import Certificate
from courses.models import CoursePage
from households.models import ASSISTED_PREFIX, Level, Member
from lessons.models import LessonPage, PracticeRun
from places.models import Commune
from quizzes.models import Answer, Attempt, Quiz
from skills.models import Skill

from .tables import Column, Kind

CERTIFICATE, PRACTICE, QUIZ_ANSWER = "certificate", "practice", "quiz_answer"
EVIDENCE_KINDS = [CERTIFICATE, PRACTICE, QUIZ_ANSWER]
EVIDENCE_LABELS = {
    CERTIFICATE: _("Certificate"),
    PRACTICE: _("Practice without help"),
    QUIZ_ANSWER: _("Right answer in a check"),
}
# Who confirmed a skill shown on the platform itself (a practice run, a check's answer).
SCORED_HERE = _("Nhà Số, scored automatically")

SHOWN_COLUMNS = [
    "person",
    "user_id",
    "member_id",
    "name",
    "birth_year",
    "village",
    "commune_id",
    "commune",
    "skill_id",
    "skill_code",
    "skill_name",
    "group_id",
    "group_code",
    "evidence",
    "level",
    "date",
    "confirmed_by",
    "certificate_code",
]
_EVIDENCE_COLUMNS = [
    "user_id",
    "member_id",
    "fallback_commune_id",
    "skill_id",
    "evidence",
    "level",
    "date",
    "confirmed_by",
    "certificate_code",
]


@dataclass(frozen=True)
class SkillName:
    """A skill's name in the viewer's language: the framework's Vietnamese wording, or its
    English name in the English interface. Kept whole in cached reports, chosen when shown."""

    name: str
    name_en: str = ""

    def __str__(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name


def current_skills() -> pd.DataFrame:
    """The current framework's skills in the framework's order."""
    rows = Skill.objects.filter(group__framework__is_current=True).values(
        "pk", "code", "name", "name_en", "group_id", "group__code", "group__name", "group__name_en"
    )
    frame = pd.DataFrame(
        [
            {
                "skill_id": r["pk"],
                "skill_code": r["code"],
                "skill_name": SkillName(r["name"], r["name_en"]),
                "group_id": r["group_id"],
                "group_code": r["group__code"],
                "group_name": SkillName(r["group__name"], r["group__name_en"]),
            }
            for r in rows
        ],
        columns=["skill_id", "skill_code", "skill_name", "group_id", "group_code", "group_name"],
    )
    return frame


def taught_skills(courses: Iterable[CoursePage]) -> set[int]:
    """The skills ``courses`` teach: tagged on the course or on one of its live lessons."""
    courses = list(courses)
    taught = set(
        CoursePage.skills.through.objects.filter(coursepage__in=courses).values_list(
            "skill_id", flat=True
        )
    )
    if courses:
        # Lessons are pages under their course: one query for every course's lessons.
        under = Q()
        for course in courses:
            under |= Q(lessonpage__path__startswith=course.path)
        taught |= set(
            LessonPage.skills.through.objects.filter(under, lessonpage__live=True).values_list(
                "skill_id", flat=True
            )
        )
    return taught


def _people_in(communes) -> Q:
    """Accounts of ``communes``: home commune there, or linked to a member of a household there."""
    return Q(home_commune__in=communes) | Q(household_members__household__commune__in=communes)


def _certificates(on: datetime.date, users, communes) -> pd.DataFrame:
    rows = Certificate.skills.through.objects.filter(
        certificate__revoked_at__isnull=True, certificate__issued_on__lte=on
    ).filter(Q(certificate__expires_on__isnull=True) | Q(certificate__expires_on__gte=on))
    if users is not None:
        rows = rows.filter(
            Q(certificate__holder__in=users) | Q(certificate__member__user__in=users)
        )
    if communes is not None:
        people = User.objects.filter(_people_in(communes)).values("pk")
        rows = rows.filter(
            Q(certificate__holder__in=people)
            | Q(certificate__member__household__commune__in=communes)
            | Q(
                certificate__holder__isnull=True,
                certificate__member__isnull=True,
                certificate__commune__in=communes,
            )
        )
    values = rows.values_list(
        "certificate__holder_id",
        "certificate__member_id",
        "certificate__commune_id",
        "skill_id",
        "certificate__level",
        "certificate__issued_on",
        "certificate__commune__name",
        "certificate__code",
    )
    return pd.DataFrame(
        [
            (holder, member, commune, skill, CERTIFICATE, level, day, issuer or "", code)
            for holder, member, commune, skill, level, day, issuer, code in values
        ],
        columns=_EVIDENCE_COLUMNS,
    )


def _practice(users, communes) -> pd.DataFrame:
    runs = PracticeRun.objects.filter(completed=True, without_help=True)
    if users is not None:
        runs = runs.filter(user__in=users)
    if communes is not None:
        runs = runs.filter(user__in=User.objects.filter(_people_in(communes)).values("pk"))
    runs = pd.DataFrame(
        list(runs.values_list("user_id", "lesson_key", "created_at")),
        columns=["user_id", "lesson_key", "created_at"],
    )
    if runs.empty:
        return pd.DataFrame(columns=_EVIDENCE_COLUMNS)
    # The tags are on the lesson in the default language; its translations share its key.
    tagged = pd.DataFrame(
        list(
            LessonPage.skills.through.objects.filter(
                lessonpage__translation_key__in=runs["lesson_key"].unique().tolist(),
                lessonpage__locale=Locale.get_default(),
            ).values_list("lessonpage__translation_key", "skill_id")
        ),
        columns=["lesson_key", "skill_id"],
    )
    frame = runs.merge(tagged, on="lesson_key")
    frame["member_id"] = None
    frame["fallback_commune_id"] = None
    frame["evidence"] = PRACTICE
    frame["level"] = int(Level.PRACTISED)
    frame["date"] = [timezone.localtime(t).date() for t in frame["created_at"]]
    frame["confirmed_by"] = [SCORED_HERE] * len(frame)
    frame["certificate_code"] = ""
    return frame[_EVIDENCE_COLUMNS]


def _question_skills(quiz_ids) -> dict[tuple[int, str], tuple[int, ...]]:
    """(quiz, question id) -> the skills the question checks, for tagged questions only.
    Questions carry ``skills`` (Skill pks as strings) once editors can tag them; before
    that nothing is tagged and no answer counts."""
    tags = {}
    for quiz in Quiz.objects.filter(pk__in=quiz_ids):
        for question in quiz.question_list:
            tagged = getattr(question, "skills", ()) or ()
            skills = tuple(int(pk) for pk in tagged if str(pk).isdigit())
            if skills:
                tags[(quiz.pk, question.id)] = skills
    return tags


def _quiz_answers(users, communes) -> pd.DataFrame:
    attempts = Attempt.objects.filter(
        passed=True,
        finished_at__isnull=False,
        score_reported_by_player=False,
        quiz__isnull=False,
    )
    if users is not None:
        attempts = attempts.filter(user__in=users, assisted_for="")
    if communes is not None:
        members = (
            Member.objects.filter(household__commune__in=communes)
            .annotate(ref=Concat(Value(ASSISTED_PREFIX), Cast("pk", CharField())))
            .values("ref")
        )
        people = User.objects.filter(_people_in(communes)).values("pk")
        attempts = attempts.filter(
            Q(assisted_for="", user__in=people) | Q(assisted_for__in=members)
        )
    tags = _question_skills(attempts.order_by().values("quiz_id").distinct())
    if not tags:
        return pd.DataFrame(columns=_EVIDENCE_COLUMNS)
    answers = Answer.objects.filter(
        correct=True,
        attempt__in=attempts.filter(quiz_id__in={quiz for quiz, _ in tags}),
        question_id__in={question for _, question in tags},
    ).values_list(
        "attempt__user_id",
        "attempt__assisted_for",
        "attempt__quiz_id",
        "question_id",
        "attempt__finished_at",
    )
    rows = []
    for user_id, assisted_for, quiz_id, question_id, finished_at in answers:
        member_id = None
        if assisted_for:
            if not assisted_for.startswith(ASSISTED_PREFIX):
                continue  # answered for someone analytics cannot name
            user_id, member_id = None, int(assisted_for.removeprefix(ASSISTED_PREFIX))
        day = timezone.localtime(finished_at).date()
        for skill in tags.get((quiz_id, question_id), ()):
            rows.append(
                (user_id, member_id, None, skill, QUIZ_ANSWER, int(Level.QUIZ_VERIFIED), day)
                + (SCORED_HERE, "")
            )
    return pd.DataFrame(rows, columns=_EVIDENCE_COLUMNS)


def _people(evidence: pd.DataFrame) -> pd.DataFrame:
    """Each row's person: key, name, birth year, village and commune."""
    user_ids = {int(u) for u in evidence["user_id"].dropna()}
    member_ids = {int(m) for m in evidence["member_id"].dropna()}
    members = pd.DataFrame(
        list(
            Member.objects.filter(Q(user__in=user_ids) | Q(pk__in=member_ids))
            .order_by("pk")
            .values_list(
                "pk",
                "user_id",
                "full_name",
                "birth_year",
                "household__village__name",
                "household__commune_id",
            )
        ),
        columns=["member_id", "m_user_id", "full_name", "birth_year", "village", "m_commune_id"],
    )
    user_ids |= {int(u) for u in members["m_user_id"].dropna()}
    users = pd.DataFrame(
        [
            (u.pk, u.display_name, u.home_commune_id)
            for u in User.objects.filter(pk__in=user_ids).only(
                "pk", "first_name", "last_name", "username", "home_commune_id"
            )
        ],
        columns=["user_id", "display_name", "home_commune_id"],
    )
    # An account's household member: the first one linked to it.
    linked = members.dropna(subset=["m_user_id"]).drop_duplicates("m_user_id")
    linked_member = dict(zip(linked["m_user_id"].astype(int), linked["member_id"], strict=True))
    member_user = dict(zip(members["member_id"].astype(int), members["m_user_id"], strict=True))

    def known(value) -> int | None:
        return None if value is None or pd.isna(value) else int(value)

    resolved_users, resolved_members = [], []
    for user, member in zip(evidence["user_id"], evidence["member_id"], strict=True):
        user, member = known(user), known(member)
        if user is None and member is not None:
            user = known(member_user.get(member))
        if user is not None:
            member = linked_member.get(user, member)
        resolved_users.append(user)
        resolved_members.append(member)
    frame = evidence.copy()
    frame["user_id"] = pd.array(resolved_users, dtype="Int64")
    frame["member_id"] = pd.array(resolved_members, dtype="Int64")
    frame["person"] = [
        f"u{u}" if u is not None else f"m{m}"
        for u, m in zip(resolved_users, resolved_members, strict=True)
    ]
    members["member_id"] = members["member_id"].astype("Int64")
    users["user_id"] = users["user_id"].astype("Int64")
    frame = frame.merge(members.drop(columns="m_user_id"), on="member_id", how="left").merge(
        users, on="user_id", how="left"
    )
    frame["name"] = frame["full_name"].where(frame["full_name"].notna(), frame["display_name"])
    commune = frame["m_commune_id"].astype(object)
    commune = commune.where(commune.notna(), frame["home_commune_id"].astype(object))
    commune = commune.where(commune.notna(), frame["fallback_commune_id"].astype(object))
    frame["commune_id"] = [known(c) for c in commune]
    names = dict(
        Commune.objects.filter(pk__in={int(c) for c in frame["commune_id"].dropna()}).values_list(
            "pk", "name"
        )
    )
    frame["commune"] = [names.get(c, "") for c in frame["commune_id"]]
    frame["birth_year"] = [int(y) if pd.notna(y) else None for y in frame["birth_year"]]
    frame["village"] = frame["village"].fillna("")
    return frame


def skills_shown(
    users: Iterable[int] | None = None,
    communes=None,
    *,
    on: datetime.date | None = None,
) -> pd.DataFrame:
    """One row per (person, skill, kind of evidence): the strongest showing of that kind
    (its level, the first day it was shown at that level, who confirmed it, the certificate's
    code). ``users`` (account ids) and ``communes`` (communes or their pks) narrow it down;
    ``on`` is the day certificates must be valid on (today by default).

    Callers check scope first: this reads every person it is asked about."""
    on = on or timezone.localdate()
    users = list(users) if users is not None else None
    if communes is not None and not isinstance(communes, list | tuple | set):
        communes = communes.values("pk") if hasattr(communes, "values") else list(communes)
    parts = [
        part
        for part in (
            _certificates(on, users, communes),
            _practice(users, communes),
            _quiz_answers(users, communes),
        )
        if not part.empty
    ]
    if not parts:
        return pd.DataFrame(columns=SHOWN_COLUMNS)
    evidence = pd.concat(parts, ignore_index=True)
    skills = pd.DataFrame(
        list(
            Skill.objects.filter(pk__in=evidence["skill_id"].unique().tolist()).values_list(
                "pk", "code", "name", "name_en", "group_id", "group__code"
            )
        ),
        columns=["skill_id", "skill_code", "name_vi", "name_en", "group_id", "group_code"],
    )
    skills["skill_name"] = [
        SkillName(n, e) for n, e in zip(skills["name_vi"], skills["name_en"], strict=True)
    ]
    frame = _people(evidence).merge(skills.drop(columns=["name_vi", "name_en"]), on="skill_id")
    if communes is not None:
        wanted = (
            set(Commune.objects.filter(pk__in=communes).values_list("pk", flat=True))
            if not isinstance(communes, list | tuple | set)
            else {getattr(c, "pk", c) for c in communes}
        )
        frame = frame[frame["commune_id"].isin(wanted)]
    frame = frame.sort_values(["level", "date"], ascending=[False, True])
    frame = frame.drop_duplicates(["person", "skill_id", "evidence"])
    frame["level"] = frame["level"].astype(int)
    return frame[SHOWN_COLUMNS].sort_values(["name", "skill_code"]).reset_index(drop=True)


# --- reports by skill ----------------------------------------------------------------------

LEVELS_SHOWN = [Level.QUIZ_VERIFIED, Level.PRACTISED, Level.WITNESSED]


def _best_levels(shown: pd.DataFrame) -> pd.DataFrame:
    """One row per (person, skill) at the best level it was shown."""
    return (
        shown.sort_values("level", ascending=False)
        .drop_duplicates(["person", "skill_id"])
        .reset_index(drop=True)
    )


def _per_skill(skills: pd.DataFrame, shown: pd.DataFrame) -> pd.DataFrame:
    """``skills`` with: people who showed each, and how many at each best level."""
    best = _best_levels(shown)
    frame = skills.copy().set_index("skill_id")
    frame["people"] = best.groupby("skill_id")["person"].nunique()
    for level in LEVELS_SHOWN:
        frame[f"level_{level}"] = best[best["level"] == level].groupby("skill_id").size()
    counts = ["people"] + [f"level_{level}" for level in LEVELS_SHOWN]
    frame[counts] = frame[counts].fillna(0).astype(int)
    return frame


def cohort_skills(cohort, members: pd.DataFrame) -> pd.DataFrame:
    """Each skill of the current framework the cohort's course teaches: how many of the
    cohort's ``members`` (user_id -> member name) showed it, at which best level, and who."""
    skills = current_skills()
    skills = skills[skills["skill_id"].isin(taught_skills([cohort.course]))]
    shown = skills_shown(users=members.index.tolist())
    frame = _per_skill(skills, shown)
    best = _best_levels(shown)
    best["member"] = best["user_id"].map(members["member"])
    frame["who"] = best.groupby("skill_id")["member"].agg(lambda n: ", ".join(sorted(set(n))))
    frame["who"] = frame["who"].fillna("")
    frame["share"] = frame["people"] / (len(members) or float("nan"))
    return frame.reset_index()


def commune_skills(commune, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every skill of the current framework: the commune's people who showed it, by kind of
    evidence (people with at least one of that kind) and by their best level."""
    shown = skills_shown(communes=[commune]) if shown is None else shown
    frame = _per_skill(current_skills(), shown)
    for kind in EVIDENCE_KINDS:
        frame[kind] = shown[shown["evidence"] == kind].groupby("skill_id")["person"].nunique()
    frame[EVIDENCE_KINDS] = frame[EVIDENCE_KINDS].fillna(0).astype(int)
    return frame.reset_index()


def skill_groups_by_commune(communes) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per commune (pk, code, name) and group of the current framework: people who showed at
    least one of the group's skills. Returns the frame and the groups (id, code, name)."""
    skills = current_skills()
    groups = skills.drop_duplicates("group_id")[["group_id", "group_code", "group_name"]]
    shown = skills_shown(communes=communes)
    shown = shown[shown["skill_id"].isin(skills["skill_id"])]
    counts = (
        shown.groupby(["commune_id", "group_id"])["person"].nunique().unstack(fill_value=0)
        if len(shown)
        else pd.DataFrame()
    )
    counts = counts.reindex(columns=groups["group_id"].tolist(), fill_value=0)
    counts.columns = [f"group_{g}" for g in counts.columns]
    places = pd.DataFrame(
        list(communes.values_list("pk", "code", "name")), columns=["commune_id", "code", "commune"]
    ).set_index("commune_id")
    frame = places.join(counts).fillna(0)
    frame["people"] = (
        shown.groupby("commune_id")["person"].nunique() if len(shown) else pd.Series(dtype=int)
    )
    number_columns = [*counts.columns, "people"]
    frame[number_columns] = frame[number_columns].fillna(0).astype(int)
    return frame.reset_index().sort_values("commune"), groups


# --- the commune's confirmations, for reporting upward ---------------------------------------


CONFIRMATION_COLUMNS = [
    Column("number", _("No."), Kind.INT),
    Column("name", _("Full name")),
    Column("birth_year", _("Year of birth")),  # a year: never "1.970"
    Column("village", pgettext_lazy("skill confirmations", "Village")),
    Column("commune", pgettext_lazy("skill confirmations", "Commune")),
    Column("skills", _("Skills shown (codes)")),
    Column("evidence", _("How it was assessed (evidence)")),
    Column("level", _("Level")),
    Column("date", _("Date confirmed"), Kind.DATE),
    Column("confirmed_by", _("Confirmed by / unit")),
    Column("certificates", _("Certificate number")),
]
"""The columns of a commune's export of skill confirmations, in ONE place.

They are Nhà Số's own: Annex II of Decision 757/QĐ-BKHCN (the official confirmation form)
could not be read when this was written. When it can, change CONFIRMATION_COLUMNS (names,
labels, order) and ``confirmations`` below to fill any new column; nothing else depends on
them. The page says so to the official ("not yet checked against Annex II")."""


def confirmations(commune, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per person of ``commune`` who showed at least one skill of the current
    framework, in CONFIRMATION_COLUMNS: the skills' codes, the kinds of evidence, the best
    level, the latest day, who confirmed (issuing communes; "Nhà Số" for what was scored
    here) and the certificates' codes."""
    shown = skills_shown(communes=[commune]) if shown is None else shown
    shown = shown[shown["skill_id"].isin(current_skills()["skill_id"])]
    names = [c.name for c in CONFIRMATION_COLUMNS]
    if shown.empty:
        return pd.DataFrame(columns=names)

    def joined(values) -> str:
        return "; ".join(sorted({str(v) for v in values if v is not None and str(v)}))

    rows = []
    for _person, rows_of in shown.groupby("person", sort=False):
        first = rows_of.iloc[0]
        best = int(rows_of["level"].max())
        rows.append(
            {
                "name": first["name"],
                "birth_year": first["birth_year"],
                "village": first["village"],
                "commune": first["commune"],
                "skills": joined(rows_of["skill_code"]),
                "evidence": "; ".join(
                    str(EVIDENCE_LABELS[k]) for k in EVIDENCE_KINDS if k in set(rows_of["evidence"])
                ),
                "level": str(Level(best).label),
                "date": rows_of["date"].max(),
                "confirmed_by": joined(rows_of["confirmed_by"]),
                "certificates": joined(rows_of["certificate_code"]),
            }
        )
    frame = pd.DataFrame(rows)
    frame["no_village"] = frame["village"] == ""  # people with no household record last
    frame = frame.sort_values(["no_village", "village", "name"]).reset_index(drop=True)
    frame["number"] = range(1, len(frame) + 1)
    # pandas makes a number column of floats once one person has none: 1985, never "1985.0".
    frame["birth_year"] = pd.Series(
        [int(y) if pd.notna(y) else None for y in frame["birth_year"]],
        dtype=object,
        index=frame.index,
    )
    return frame[names]
