"""Read-only figures for the dashboards, as pandas frames.

Every query aggregates in the database (one row per session, member, village, commune or
course); pandas only joins, pivots and divides those small frames. Scope is checked here,
not in templates: each public function takes the viewer and refuses what they may not see.
"""

import datetime

import pandas as pd
from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, has_role
from certificates.models import Certificate
from courses.models import Attendance, Audience, Cohort, CoursePage, Enrollment
from courses.selectors import (
    cohort_for_trainer,
    cohort_members,
    cohorts_for_trainer,
    courses_for_cohorts,
)
from households.models import AmbassadorLink, Level, TeachingVisit
from households.selectors import (
    APPROVED_LINK,
    coverage_as_of,
    coverage_totals,
    weekly_coverage,
)
from lessons.models import LessonProgress
from lessons.selectors import course_lessons, course_quizzes
from places.models import Commune, Province
from quizzes.models import Answer, Attempt

from .tables import share

INACTIVE_AFTER = datetime.timedelta(days=7)
NEEDS_REFRESHER = _("Needs a refresher")


# --- scope ---------------------------------------------------------------------------------


def cohort_in_scope(*, user, cohort_id: int) -> Cohort:
    """A trainer's own cohort; 404 for anyone else's."""
    return cohort_for_trainer(user=user, cohort_id=cohort_id)


def provinces_for(user) -> QuerySet[Province]:
    if user.is_superuser:
        return Province.objects.all()
    if has_role(user, Role.PROVINCE_ADMIN) and user.home_commune_id:
        return Province.objects.filter(communes=user.home_commune)
    return Province.objects.none()


def province_in_scope(*, user, code: str) -> Province:
    return get_object_or_404(provinces_for(user), code=code)


# --- a cohort ------------------------------------------------------------------------------


def _members_frame(cohort: Cohort) -> pd.DataFrame:
    members = cohort_members(cohort=cohort)
    return pd.DataFrame(
        [(m.pk, m.display_name) for m in members], columns=["user_id", "member"]
    ).set_index("user_id")


def cohort_member_names(cohort: Cohort) -> pd.DataFrame:
    """The cohort's members: user id -> ``member`` (their name)."""
    return _members_frame(cohort)


def cohort_attendance(cohort: Cohort) -> pd.DataFrame:
    """One row per session held: how many of the cohort's members were there."""
    members = cohort_members(cohort=cohort).count()
    held = cohort.sessions.filter(starts_at__lte=timezone.now())  # planned ones count later
    # Oldest first, said explicitly: a model's default ordering is dropped from GROUP BY
    # queries, and PostgreSQL then returns the sessions in any order.
    rows = (
        held.annotate(present=Count("attendances", filter=Q(attendances__present=True)))
        .order_by("starts_at", "pk")
        .values("starts_at", "topic", "place", "present")
    )
    frame = pd.DataFrame(list(rows), columns=["starts_at", "topic", "place", "present"])
    frame["date"] = [timezone.localtime(t).date() for t in frame["starts_at"]]
    frame["members"] = members
    frame["share"] = share(frame["present"], frame["members"])
    return frame.drop(columns="starts_at")


def cohort_completion(cohort: Cohort) -> tuple[pd.DataFrame, list]:
    """The member x lesson grid (True where the member finished the lesson), with each
    member's count and share of lessons done."""
    lessons = course_lessons(course=cohort.course)
    keys = [str(lesson.translation_key) for lesson in lessons]
    members = _members_frame(cohort)
    done = pd.DataFrame(
        list(
            LessonProgress.objects.filter(user__in=members.index.tolist(), lesson_key__in=keys)
            .values_list("user_id", "lesson_key")
            .distinct()
        ),
        columns=["user_id", "lesson_key"],
    )
    done["lesson_key"] = done["lesson_key"].astype(str)
    grid = (
        pd.crosstab(done["user_id"], done["lesson_key"]).gt(0)
        if len(done)
        else pd.DataFrame(index=pd.Index([], name="user_id"))
    )
    grid = grid.reindex(index=members.index, columns=keys, fill_value=False).astype(bool)
    frame = members.join(grid)
    frame["done"] = grid.sum(axis=1)
    frame["share"] = share(frame["done"], pd.Series(len(keys), index=frame.index))
    return frame.reset_index(drop=True), lessons


def cohort_quiz_scores(cohort: Cohort) -> tuple[pd.DataFrame, list]:
    """Each member's best finished score per quiz of the course (their own attempts only:
    an ambassador's assisted checks count for the household member, not for them)."""
    quizzes = course_quizzes(course=cohort.course)
    keys = [str(q.translation_key) for q in quizzes]
    members = _members_frame(cohort)
    best = pd.DataFrame(
        list(
            Attempt.objects.filter(
                user__in=members.index.tolist(),
                quiz_key__in=keys,
                finished_at__isnull=False,
                assisted_for="",
            )
            .values("user_id", "quiz_key")
            .annotate(best=Max("score"))
            .values_list("user_id", "quiz_key", "best")
        ),
        columns=["user_id", "quiz_key", "best"],
    )
    best["quiz_key"] = best["quiz_key"].astype(str)
    scores = best.pivot(index="user_id", columns="quiz_key", values="best") if len(best) else None
    scores = (
        scores.reindex(index=members.index, columns=keys)
        if scores is not None
        else pd.DataFrame(index=members.index, columns=keys, dtype=float)
    )
    return members.join(scores).reset_index(drop=True), quizzes


def most_missed_questions(cohort: Cohort, *, limit: int = 10) -> pd.DataFrame:
    """The questions the cohort's members most often got wrong, across the course's quizzes."""
    quizzes = {str(q.translation_key): q for q in course_quizzes(course=cohort.course)}
    rows = (
        Answer.objects.filter(
            attempt__user__in=cohort_members(cohort=cohort),
            attempt__quiz_key__in=list(quizzes),
            attempt__assisted_for="",
        )
        .values("attempt__quiz_key", "question_id")
        .annotate(answered=Count("id"), wrong=Count("id", filter=Q(correct=False)))
    )
    prompts = {
        (key, question.id): (quiz.title, question.prompt)
        for key, quiz in quizzes.items()
        for question in quiz.question_list
    }
    records = []
    for row in rows:
        found = prompts.get((str(row["attempt__quiz_key"]), row["question_id"]))
        if found:  # a question since removed from the quiz is no longer worth teaching
            records.append({"quiz": found[0], "question": found[1], **row})
    frame = pd.DataFrame(records, columns=["quiz", "question", "answered", "wrong"])
    frame["wrong_share"] = share(frame["wrong"], frame["answered"])
    frame = frame[frame["wrong"] > 0]
    return frame.sort_values(["wrong_share", "wrong"], ascending=False).head(limit)


def inactive_members(cohort: Cohort, *, now: datetime.datetime | None = None) -> pd.DataFrame:
    """Members with nothing for 7 days: no lesson finished, no quiz started, no session
    attended. Never-seen members come first."""
    now = now or timezone.now()
    members = _members_frame(cohort)
    ids = members.index.tolist()
    last = [
        dict(
            LessonProgress.objects.filter(user__in=ids)
            .values("user_id")
            .annotate(t=Max("created_at"))
            .values_list("user_id", "t")
        ),
        dict(
            Attempt.objects.filter(user__in=ids, assisted_for="")
            .values("user_id")
            .annotate(t=Max("started_at"))
            .values_list("user_id", "t")
        ),
        dict(
            Attendance.objects.filter(user__in=ids, present=True, session__starts_at__lte=now)
            .values("user_id")
            .annotate(t=Max("session__starts_at"))
            .values_list("user_id", "t")
        ),
    ]
    members["last_seen"] = pd.Series(
        {uid: max((d[uid] for d in last if uid in d), default=None) for uid in ids}, dtype=object
    )
    # A boolean Series, not a list: an empty list would select no *columns* and lose them.
    is_stale = members["last_seen"].map(lambda t: t is None or now - t >= INACTIVE_AFTER)
    stale = members.loc[is_stale.astype(bool)].copy()
    stale["days"] = [(now - t).days if t else None for t in stale["last_seen"]]
    stale["last_seen"] = [timezone.localtime(t).date() if t else None for t in stale["last_seen"]]
    stale["never"] = stale["days"].isna()
    stale = stale.sort_values(["never", "days"], ascending=False)
    return stale.drop(columns="never").reset_index(drop=True)


# --- a trainer -----------------------------------------------------------------------------


def trainer_cohorts(*, user) -> pd.DataFrame:
    """One row per cohort the user trains, with its headline figures."""
    rows = []
    for cohort in cohorts_for_trainer(user=user).order_by("name"):
        completion, lessons = cohort_completion(cohort)
        attendance = cohort_attendance(cohort)
        rows.append(
            {
                "cohort_id": cohort.pk,
                "cohort": cohort.name,
                "commune": cohort.commune.name if cohort.commune else "",
                "members": len(completion),
                "sessions": len(attendance),
                # No session yet (or nobody to attend): no average, rather than 0.
                "attendance": attendance["share"].mean() if len(attendance) else float("nan"),
                "completed": int((completion["done"] == len(lessons)).sum()) if lessons else 0,
                "inactive": len(inactive_members(cohort)),
            }
        )
    columns = ["cohort_id", "cohort", "commune", "members", "sessions", "attendance"]
    return pd.DataFrame(rows, columns=[*columns, "completed", "inactive"])


def uncovered_by_commune(communes: QuerySet[Commune], *, level: int) -> pd.DataFrame:
    """Per commune: households, and those nobody in which is at ``level`` yet."""
    frame = coverage_by_commune(communes)
    frame["uncovered"] = frame["households"] - frame[f"covered_{level}"]
    return frame[["code", "commune", "households", "uncovered"]]


# --- coverage (from the roll-up: households/coverage.py) -------------------------------------

COVERAGE = ["households", *(f"covered_{level}" for level in Level)]


def _coverage(rows, group: dict[str, str]) -> pd.DataFrame:
    """A frame of households and covered households at every level per group, with shares."""
    frame = pd.DataFrame(list(rows), columns=[*group.values(), *COVERAGE])
    frame = frame.rename(columns={field: name for name, field in group.items()})
    frame[COVERAGE] = frame[COVERAGE].fillna(0).astype(int)
    for level in Level:
        frame[f"share_{level}"] = share(frame[f"covered_{level}"], frame["households"])
    return frame


def coverage_by_village(commune: Commune) -> pd.DataFrame:
    rows = coverage_totals("village__name", commune=commune, households__gt=0)
    frame = _coverage(rows, {"village": "village__name"}).sort_values("village")
    return frame.reset_index(drop=True)


def coverage_by_commune(
    communes: QuerySet[Commune], until: datetime.date | None = None
) -> pd.DataFrame:
    """Per commune with households: coverage now (village rows), or by the end of ``until``
    (households' statuses: a date needs one row a household)."""
    group = {"code": "commune__code", "commune": "commune__name"}
    if until is None:
        rows = coverage_totals(*group.values(), commune__in=communes, households__gt=0)
    else:
        rows = coverage_as_of(until, *group.values(), commune__in=communes)
    return _coverage(rows, group)


def coverage_by_province() -> pd.DataFrame:
    """Every province: coverage at each level, members and the share who learned, from the
    village rows of the roll-up; provinces without households are listed with none."""
    provinces = pd.DataFrame(
        list(Province.objects.values_list("pk", "code", "name")),
        columns=["province_id", "code", "province"],
    )
    rows = coverage_totals("province", households__gt=0)
    counts = pd.DataFrame(list(rows), columns=["province", *COVERAGE, "members", "learned"])
    frame = provinces.merge(
        counts.rename(columns={"province": "province_id"}), on="province_id", how="left"
    )
    frame[[*COVERAGE, "members", "learned"]] = (
        frame[[*COVERAGE, "members", "learned"]].fillna(0).astype(int)
    )
    for level in Level:
        frame[f"share_{level}"] = share(frame[f"covered_{level}"], frame["households"])
    frame["learned_share"] = share(frame["learned"], frame["members"])
    return frame.sort_values(
        [f"share_{Level.QUIZ_VERIFIED}", "province"], ascending=[False, True], na_position="last"
    ).reset_index(drop=True)


def weekly_trend(commune: Commune, *, weeks: int = 12) -> pd.DataFrame:
    """Covered households at the end of each week, at every level."""
    frame = None
    for level in Level:
        series = pd.DataFrame(
            weekly_coverage(commune, level=level, weeks=weeks),
            columns=["week", f"covered_{level}"],
        )
        frame = series if frame is None else frame.merge(series, on="week")
    frame["households"] = sum(r["households"] for r in coverage_totals("commune", commune=commune))
    return frame


# --- learning ------------------------------------------------------------------------------


def live_courses(course_key: str | None = None) -> list[CoursePage]:
    """Courses in the default language (one per translation), optionally just one."""
    found = courses_for_cohorts()
    return list(found.filter(translation_key=course_key) if course_key else found)


def _day_bounds(since, until):
    """Aware datetimes for the first moment of ``since`` and the last of ``until``."""
    start = (
        timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)) if since else None
    )
    end = (
        timezone.make_aware(datetime.datetime.combine(until, datetime.time.max)) if until else None
    )
    return start, end


def _within(query: QuerySet, field: str, start, end) -> QuerySet:
    if start:
        query = query.filter(**{f"{field}__gte": start})
    if end:
        query = query.filter(**{f"{field}__lte": end})
    return query


LEARNING = ["learners", "completed", "passed"]


def learning_by(
    learners: QuerySet[User],
    *,
    group: str,
    course_key: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> pd.DataFrame:
    """Per ``group`` (a field of the learner, e.g. their commune) and course: learners
    enrolled, learners who finished every lesson, learners who passed the final check.
    The dates filter when the enrolment, the last lesson or the pass happened."""
    start, end = _day_bounds(since, until)
    rows = []
    for course in live_courses(course_key):
        keys = [lesson.translation_key for lesson in course_lessons(course=course)]
        enrolled = Enrollment.objects.filter(course__translation_key=course.translation_key)
        finished = (
            LessonProgress.objects.filter(lesson_key__in=keys)
            .values("user_id")
            .annotate(lessons=Count("lesson_key", distinct=True), last=Max("created_at"))
            .filter(lessons__gte=len(keys) or 1)
        )
        passed = Attempt.objects.filter(
            passed=True,
            assisted_for="",
            quiz_key=getattr(course.final_quiz, "translation_key", None),
        )
        who = {
            "learners": _within(enrolled, "created_at", start, end).values("user_id"),
            "completed": _within(finished, "last", start, end).values("user_id"),
            "passed": _within(passed, "finished_at", start, end).values("user_id"),
        }
        for figure, user_ids in who.items():
            counted = (
                learners.filter(pk__in=user_ids)
                .values(group)
                .annotate(n=Count("pk"))
                .values_list(group, "n")
            )
            rows += [
                {
                    "group": key,
                    "course_key": str(course.translation_key),
                    "course": course.title,
                    "figure": figure,
                    "n": n,
                }
                for key, n in counted
            ]
    frame = pd.DataFrame(rows, columns=["group", "course_key", "course", "figure", "n"])
    if frame.empty:
        return pd.DataFrame(columns=["group", "course_key", "course", *LEARNING])
    wide = frame.pivot_table(
        index=["group", "course_key", "course"], columns="figure", values="n", aggfunc="sum"
    )
    wide = wide.reindex(columns=LEARNING).fillna(0).astype(int)
    return wide.reset_index()


def learning_in_commune(commune: Commune) -> pd.DataFrame:
    """Per course: the commune's learners, completions and passes (all courses listed)."""
    frame = learning_by(User.objects.filter(home_commune=commune), group="home_commune")
    per_course = frame.groupby(["course_key", "course"], as_index=False)[LEARNING].sum()
    every_course = pd.DataFrame(
        [(str(c.translation_key), c.title) for c in live_courses()],
        columns=["course_key", "course"],
    )
    merged = every_course.merge(per_course, on=["course_key", "course"], how="left")
    merged[LEARNING] = merged[LEARNING].fillna(0).astype(int)
    return merged


def ambassadors_in_commune(commune: Commune) -> pd.DataFrame:
    """Each ambassador helping households of the commune: households approved and waiting,
    teaching visits, members taught, the last visit."""
    links = (
        AmbassadorLink.objects.filter(household__commune=commune)
        .values("ambassador_id")
        .annotate(
            approved=Count("id", filter=APPROVED_LINK),
            waiting=Count("id", filter=~APPROVED_LINK),
        )
    )
    visits = {
        row["ambassador_id"]: row
        for row in TeachingVisit.objects.filter(member__household__commune=commune)
        .values("ambassador_id")
        .annotate(visits=Count("id"), taught=Count("member", distinct=True), last=Max("visited_on"))
    }
    names = dict(
        (u.pk, u.display_name)
        for u in User.objects.filter(pk__in=[row["ambassador_id"] for row in links])
    )
    frame = pd.DataFrame(
        [
            {
                "ambassador": names[row["ambassador_id"]],
                "approved": row["approved"],
                "waiting": row["waiting"],
                "visits": visits.get(row["ambassador_id"], {}).get("visits", 0),
                "taught": visits.get(row["ambassador_id"], {}).get("taught", 0),
                "last_visit": visits.get(row["ambassador_id"], {}).get("last"),
            }
            for row in links
        ],
        columns=["ambassador", "approved", "waiting", "visits", "taught", "last_visit"],
    )
    return frame.sort_values(["visits", "ambassador"], ascending=[False, True]).reset_index(
        drop=True
    )


REFRESH_BEFORE = datetime.timedelta(days=30)


def official_refreshers(commune: Commune, *, today: datetime.date | None = None) -> pd.DataFrame:
    """The commune's officials against the courses written for officials: lessons done of
    the course's lessons, whether they passed its final check, and until when their latest
    certificate of the course is valid. ``refresh`` says "needs a refresher" when that
    certificate has expired or expires within 30 days (certificates of refresher courses
    expire; the others never do)."""
    today = today or timezone.localdate()
    officials = User.objects.filter(
        home_commune=commune, groups__name=Role.COMMUNE_OFFICIAL.value
    ).order_by("first_name", "username")
    courses = [c for c in live_courses() if c.audience == Audience.OFFICIALS]
    # The latest certificate (not revoked) of each official for each course, in one query.
    valid_until = {}
    for holder, course_key, expires_on in (
        Certificate.objects.filter(
            holder__in=officials,
            revoked_at__isnull=True,
            course__translation_key__in=[c.translation_key for c in courses],
        )
        .order_by("issued_on", "pk")
        .values_list("holder_id", "course__translation_key", "expires_on")
    ):
        valid_until[(holder, str(course_key))] = expires_on  # the latest wins
    rows = []
    for course in courses:
        keys = [lesson.translation_key for lesson in course_lessons(course=course)]
        done = dict(
            LessonProgress.objects.filter(user__in=officials, lesson_key__in=keys)
            .values("user_id")
            .annotate(n=Count("lesson_key", distinct=True))
            .values_list("user_id", "n")
        )
        passed = set(
            Attempt.objects.filter(
                user__in=officials,
                passed=True,
                quiz_key=getattr(course.final_quiz, "translation_key", None),
            ).values_list("user_id", flat=True)
        )
        for official in officials:
            until = valid_until.get((official.pk, str(course.translation_key)))
            rows.append(
                {
                    "official": official.display_name,
                    "course": course.title,
                    "done": done.get(official.pk, 0),
                    "lessons": len(keys),
                    "passed": official.pk in passed,
                    "valid_until": until,
                    "refresh": NEEDS_REFRESHER if until and until - today <= REFRESH_BEFORE else "",
                }
            )
    columns = ["official", "course", "done", "lessons", "passed", "valid_until", "refresh"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["share"] = share(frame["done"], frame["lessons"])
    return frame


# --- a province ----------------------------------------------------------------------------


def province_by_commune(
    province: Province,
    *,
    level: int,
    course_key: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> pd.DataFrame:
    """Every commune of the province: households and coverage as of ``until``, households
    newly covered at ``level`` between the dates, and learning in the chosen course(s).
    Ranked by the share covered at ``level``."""
    communes = pd.DataFrame(
        list(province.communes.values_list("pk", "code", "name")), columns=["pk", "code", "commune"]
    )
    coverage = coverage_by_commune(province.communes.all(), until)
    frame = communes.merge(coverage.drop(columns="commune"), on="code", how="left")
    if since:
        before = coverage_by_commune(province.communes.all(), since - datetime.timedelta(days=1))
        frame = frame.merge(
            before[["code", f"covered_{level}"]].rename(columns={f"covered_{level}": "before"}),
            on="code",
            how="left",
        )
        frame["new"] = frame[f"covered_{level}"].fillna(0) - frame["before"].fillna(0)
        frame = frame.drop(columns="before")
    else:
        frame["new"] = frame[f"covered_{level}"]
    learning = learning_by(
        User.objects.filter(home_commune__province=province),
        group="home_commune",
        course_key=course_key,
        since=since,
        until=until,
    )
    learning = learning.groupby("group", as_index=False)[LEARNING].sum()
    frame = frame.merge(learning, left_on="pk", right_on="group", how="left").drop(
        columns=["group", "pk"]
    )
    counts = ["households", "new", *LEARNING] + [f"covered_{lv}" for lv in Level]
    frame[counts] = frame[counts].fillna(0).astype(int)
    # A commune with no household keeps no share (NaN, last in the ranking) and no rank.
    frame = frame.sort_values(
        [f"share_{level}", "households", "commune"], ascending=[False, False, True]
    ).reset_index(drop=True)
    ranked = frame["households"] > 0
    frame.insert(0, "rank", ranked.cumsum().where(ranked))
    return frame
