"""Every dashboard figure against a count by hand on a small world, the exports against
the page, and who may see what."""

import csv
import datetime
import io
from uuid import uuid4

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from analytics import reports
from analytics.reports import Filters
from base.models import AuditEvent
from courses.models import Cohort, CohortSession
from courses.services import add_member, enrol, record_attendance
from households.models import Level, TeachingVisit
from households.services import approve_link, request_link
from lessons.models import LessonProgress
from lessons.services import record_progress
from places.models import Village
from quizzes.models import Answer, Attempt
from tests.factories import (
    CommuneFactory,
    ProvinceFactory,
    UserFactory,
    course_with_lessons,
    household,
    lessons_of,
    quiz_with_every_question_type,
    serves,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()
TODAY = timezone.localdate()


def days_ago(n):
    return NOW - datetime.timedelta(days=n)


def attempt(user, quiz, *, score, passed, answers=(), when=None):
    made = Attempt.objects.create(
        client_id=uuid4(),
        user=user,
        quiz=quiz,
        quiz_key=quiz.translation_key,
        question_count=len(quiz.question_list),
        finished_at=when or NOW,
        score=score,
        passed=passed,
    )
    Attempt.objects.filter(pk=made.pk).update(started_at=when or NOW)
    for question_id, correct in answers:
        Answer.objects.create(
            client_id=uuid4(),
            attempt=made,
            question_id=question_id,
            response={},
            score=1.0 if correct else 0.0,
            correct=correct,
        )
    return made


@pytest.fixture
def world():
    """Counted by hand below. Province P: commune A (5 households in two villages, a cohort
    of 3, an ambassador, an official) and commune B (1 household, covered 30 days ago).
    Commune C is in another province."""
    province = ProvinceFactory(name="Tỉnh Điện Biên")
    a = CommuneFactory(name="Xã A", province=province)
    b = CommuneFactory(name="Xã B", province=province)
    c = CommuneFactory(name="Xã C", province=ProvinceFactory(code="14", name="Tỉnh Sơn La"))
    bản_a = Village.objects.create(commune=a, name="Bản A")
    bản_b = Village.objects.create(commune=a, name="Bản B")
    a1 = household(a, bản_a, "A1", Level.WITNESSED, None)
    household(a, bản_a, "A2", Level.QUIZ_VERIFIED)
    household(a, bản_a, "A3", Level.SELF_REPORTED, Level.SELF_REPORTED)
    household(a, bản_b, "B1", None, None)
    household(a, bản_b, "B2")
    long_ago = TODAY - datetime.timedelta(days=30)
    household(
        b,
        Village.objects.create(commune=b, name="Bản Xa"),
        "X1",
        Level.QUIZ_VERIFIED,
        observed_on=long_ago,
    )
    household(c, Village.objects.create(commune=c, name="Bản C"), "C1", Level.WITNESSED)

    course = course_with_lessons(title="VNeID", slug="vneid", lessons=3)
    quiz = quiz_with_every_question_type()
    course.final_quiz = quiz
    course.save()
    trainer = serves(UserFactory(role=Role.TRAINER, first_name="Tập huấn"), a)
    cohort = Cohort.objects.create(name="Lớp A", course=course, commune=a)
    cohort.trainers.add(trainer)
    m1, m2, m3 = (
        UserFactory(role=Role.LEARNER, first_name=n, home_commune=a) for n in ("An", "Bình", "Chi")
    )
    for member in (m1, m2, m3):
        add_member(cohort=cohort, user=member)
    held_long_ago = CohortSession.objects.create(cohort=cohort, starts_at=days_ago(10))
    held_lately = CohortSession.objects.create(cohort=cohort, starts_at=days_ago(2))
    CohortSession.objects.create(cohort=cohort, starts_at=NOW + datetime.timedelta(days=3))
    record_attendance(session=held_long_ago, present_user_ids={m1.pk, m2.pk}, recorded_by=trainer)
    record_attendance(session=held_lately, present_user_ids={m1.pk}, recorded_by=trainer)
    lessons = lessons_of(course)
    for lesson in lessons:
        record_progress(user=m1, lesson=lesson, client_id=uuid4())
    record_progress(user=m2, lesson=lessons[0], client_id=uuid4())
    LessonProgress.objects.filter(user=m2).update(created_at=days_ago(10))
    questions = [q.id for q in quiz.question_list]
    attempt(m1, quiz, score=1.0, passed=True, answers=[(questions[0], True), (questions[1], True)])
    attempt(
        m2,
        quiz,
        score=0.5,
        passed=False,
        when=days_ago(10),
        answers=[(questions[0], False), (questions[1], True)],
    )

    ambassador = UserFactory(role=Role.AMBASSADOR, first_name="Sinh viên")
    approve_link(
        link=request_link(ambassador=ambassador, household=a1, relation="Con"), user=trainer
    )
    request_link(
        ambassador=ambassador, household=a1.__class__.objects.get(code="A2"), relation="Cháu"
    )
    for member in a1.members.all():
        TeachingVisit.objects.create(
            ambassador=ambassador, member=member, skill="VNeID", visited_on=TODAY
        )

    refresher = course_with_lessons(title="Cán bộ", slug="can-bo", lessons=2, essential=False)
    refresher.audience = "officials"
    refresher.save()
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, first_name="Cán bộ", home_commune=a)
    enrol(user=official, course=refresher)
    record_progress(user=official, lesson=lessons_of(refresher)[0], client_id=uuid4())
    province_admin = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=b)
    return {
        "province": province,
        "a": a,
        "b": b,
        "c": c,
        "cohort": cohort,
        "trainer": trainer,
        "members": (m1, m2, m3),
        "course": course,
        "quiz": quiz,
        "official": official,
        "province_admin": province_admin,
        "ambassador": ambassador,
    }


def table(report, key):
    return report.table(key).frame


# --- figures, by hand ----------------------------------------------------------------------


def test_cohort_figures(world):
    report = reports.cohort_report(world["cohort"])
    attendance = table(report, "attendance")
    assert list(attendance["present"]) == [2, 1]  # the planned session is not counted yet
    assert [round(s, 3) for s in attendance["share"]] == [0.667, 0.333]

    grid = table(report, "lessons").set_index("member")
    assert grid.loc["An", "done"] == 3 and grid.loc["Bình", "done"] == 1
    assert grid.loc["Chi", "done"] == 0
    first = str(lessons_of(world["course"])[0].translation_key)
    assert list(grid[first]) == [True, True, False]  # An, Bình, Chi

    key = str(world["quiz"].translation_key)
    scores = table(report, "quizzes").set_index("member")[key]
    assert scores["An"] == 1.0 and scores["Bình"] == 0.5 and scores.isna()["Chi"]

    missed = table(report, "missed")
    assert len(missed) == 1  # one question was ever answered wrong
    assert (missed.iloc[0]["answered"], missed.iloc[0]["wrong"]) == (2, 1)

    inactive = table(report, "inactive")
    assert list(inactive["member"]) == ["Chi", "Bình"]  # never seen first, then 10 days
    assert inactive.iloc[1]["days"] == 10


def test_trainer_figures(world):
    report = reports.trainer_report(world["trainer"])
    row = table(report, "cohorts").iloc[0]
    assert (row["members"], row["sessions"], row["completed"], row["inactive"]) == (3, 2, 1, 2)
    assert round(row["attendance"], 3) == 0.5  # (2/3 + 1/3) / 2
    uncovered = table(report, "uncovered").set_index("commune")
    assert uncovered.loc["Xã A", "households"] == 5
    assert uncovered.loc["Xã A", "uncovered"] == 3  # A3, B1, B2: nobody passed the check
    assert "Xã B" not in uncovered.index  # not a commune of their cohorts


def test_commune_figures(world):
    report = reports.commune_report(world["a"])
    villages = table(report, "villages").set_index("village")
    assert villages.loc[
        "Bản A", ["households", "covered_1", "covered_2", "covered_3"]
    ].tolist() == [3, 3, 2, 1]
    assert villages.loc["Bản B", ["households", "covered_1"]].tolist() == [2, 0]
    assert round(villages.loc["Bản A", "share_2"], 3) == 0.667

    trend = table(report, "trend")
    assert trend.iloc[-1][["covered_1", "covered_2", "covered_3"]].tolist() == [3, 2, 1]

    learning = table(report, "learning").set_index("course")
    assert learning.loc["VNeID", ["learners", "completed", "passed"]].tolist() == [3, 1, 1]
    assert learning.loc["Cán bộ", ["learners", "completed", "passed"]].tolist() == [1, 0, 0]

    ambassador = table(report, "ambassadors").iloc[0]
    assert ambassador[["approved", "waiting", "visits", "taught"]].tolist() == [1, 1, 2, 2]

    officials = table(report, "officials")
    assert officials[["official", "course", "done", "lessons", "passed"]].values.tolist() == [
        ["Cán bộ", "Cán bộ", 1, 2, False]
    ]


def test_province_ranks_communes_and_filters_by_date_and_course(world):
    report = reports.province_report(world["province"], Filters())
    communes = table(report, "communes")
    assert list(communes["commune"]) == ["Xã B", "Xã A"]  # 1/1 covered before 2/5
    a = communes.set_index("commune").loc["Xã A"]
    assert (a["rank"], a["households"], a["covered_2"], a["learners"]) == (2, 5, 2, 4)
    assert "Xã C" not in set(communes["commune"])  # another province

    week_ago = TODAY - datetime.timedelta(days=7)
    until = table(
        reports.province_report(world["province"], Filters(until=week_ago)), "communes"
    ).set_index("commune")
    assert until.loc["Xã A", "covered_2"] == 0 and until.loc["Xã B", "covered_2"] == 1
    since = table(
        reports.province_report(world["province"], Filters(since=week_ago)), "communes"
    ).set_index("commune")
    assert since.loc["Xã A", "new"] == 2 and since.loc["Xã B", "new"] == 0

    only_vneid = Filters(course=str(world["course"].translation_key))
    by_course = table(reports.province_report(world["province"], only_vneid), "communes")
    assert by_course.set_index("commune").loc["Xã A", "learners"] == 3  # not the official


# --- pages, exports, scope -----------------------------------------------------------------


def test_commune_page_shows_chart_and_tables_and_exports_match(client, world):
    client.force_login(world["official"])
    url = reverse("analytics:commune", args=[world["a"].code])
    html = client.get(url).content.decode()
    assert '<svg role="img"' in html and "<desc" in html  # a chart with its text alternative
    assert 'data-testid="table-villages"' in html and "Bản A" in html
    assert "Số liệu tính lúc" in html

    xlsx = client.get(
        reverse("analytics:commune_export", args=[world["a"].code, "villages", "xlsx"])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Thôn, bản", "Hộ gia đình", "Tự khai")
    assert rows[1][:3] == ("Bản A", 3, 3)
    bản_a = dict(zip(rows[0], rows[1], strict=True))
    assert bản_a["Đã đạt bài kiểm tra"] == 2
    assert abs(bản_a["Đã đạt bài kiểm tra (tỉ lệ)"] - 2 / 3) < 1e-9
    assert sheet["C2"].number_format == "#,##0" and sheet["F2"].number_format == "0.0%"

    text = client.get(
        reverse("analytics:commune_export", args=[world["a"].code, "villages", "csv"])
    ).content.decode()
    table_rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table_rows[1][:3] == ["Bản A", "3", "3"]
    assert table_rows[1][5] == "66.7"  # shares as percentages in CSV
    for wrong in (("villages", "pdf"), ("nothing", "csv")):
        export = reverse("analytics:commune_export", args=[world["a"].code, *wrong])
        assert client.get(export).status_code == 404
    events = AuditEvent.objects.filter(action="analytics.export").order_by("pk")
    assert [(e.target, e.detail["table"], e.detail["format"]) for e in events] == [
        (f"commune:{world['a'].code}", "villages", "xlsx"),
        (f"commune:{world['a'].code}", "villages", "csv"),
    ]
    assert all(e.user == world["official"] for e in events)


def test_cohort_page_and_export_for_its_trainer_only(client, world):
    cohort = world["cohort"]
    client.force_login(world["trainer"])
    html = client.get(reverse("analytics:cohort", args=[cohort.pk])).content.decode()
    assert "Chi" in html and 'data-testid="table-inactive"' in html
    xlsx = client.get(reverse("analytics:cohort_export", args=[cohort.pk, "lessons", "xlsx"]))
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "VNeID bài 1"  # the lesson's title, not its number
    assert rows[1][0] == "An" and rows[1][1:4] == (1, 1, 1)

    client.force_login(UserFactory(role=Role.TRAINER))
    assert client.get(reverse("analytics:cohort", args=[cohort.pk])).status_code == 404
    export = reverse("analytics:cohort_export", args=[cohort.pk, "lessons", "csv"])
    assert client.get(export).status_code == 404
    assert not AuditEvent.objects.filter(user__isnull=False, detail__format="csv").exists()
    assert "Lớp A" not in client.get(reverse("analytics:trainer")).content.decode()


def test_an_official_sees_only_their_commune(client, world):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=world["b"]))
    a = world["a"].code
    assert client.get(reverse("analytics:commune", args=[a])).status_code == 404
    assert (
        client.get(reverse("analytics:commune_export", args=[a, "villages", "xlsx"])).status_code
        == 404
    )
    province = world["province"].code
    assert client.get(reverse("analytics:province", args=[province])).status_code == 403
    assert client.get(reverse("analytics:cohort", args=[world["cohort"].pk])).status_code == 403
    index = client.get(reverse("analytics:index")).content.decode()
    assert "Xã B" in index and "Xã A" not in index


def test_learners_and_ambassadors_see_no_dashboard(client, world):
    for user in (world["members"][0], world["ambassador"]):
        client.force_login(user)
        assert client.get(reverse("analytics:index")).status_code == 403
        assert client.get(reverse("analytics:commune", args=[world["a"].code])).status_code == 403


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_province_page_for_its_administrator_with_filters(client, world):
    code = world["province"].code
    client.force_login(world["province_admin"])
    html = client.get(reverse("analytics:province", args=[code])).content.decode()
    assert html.index("Xã B") < html.index("Xã A")  # ranked
    filtered = client.get(
        reverse("analytics:province", args=[code]), {"until": "2000-01-01"}
    ).content.decode()
    assert 'data-testid="filters"' in filtered
    xlsx = client.get(
        reverse("analytics:province_export", args=[code, "communes", "xlsx"]),
        {"until": "2000-01-01"},
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert {row[1]: row[4] for row in rows[1:]} == {"Xã A": 0, "Xã B": 0}  # nobody yet in 2000
    bad = client.get(
        reverse("analytics:province", args=[code]), {"since": "2026-02-01", "until": "2026-01-01"}
    ).content.decode()
    assert "Ngày bắt đầu sau ngày kết thúc" in bad

    client.force_login(UserFactory(role=Role.PROVINCE_ADMIN, home_commune=world["c"]))
    assert client.get(reverse("analytics:province", args=[code])).status_code == 404


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_the_province_report_is_built_once_in_the_background(client, world, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "reports"],
        }
    }
    from django_tasks import default_task_backend

    default_task_backend.clear()
    code = world["province"].code
    client.force_login(world["province_admin"])
    url = reverse("analytics:province", args=[code])
    first = client.get(url)
    assert first.status_code == 202 and 'data-testid="computing"' in first.content.decode()
    client.get(url)  # a second look while it runs does not queue it again
    assert len(default_task_backend.results) == 1
    task = default_task_backend.results[0]
    assert task.task.queue_name == "reports"  # its own worker: never behind narration
    task.task.call(*task.args, **task.kwargs)  # what the worker does
    page = client.get(url)
    assert page.status_code == 200 and "Xã A" in page.content.decode()


def test_cached_figures_say_when_they_were_computed_and_can_be_recomputed(client, world):
    from django.core.cache import cache

    client.force_login(world["official"])
    url = reverse("analytics:commune", args=[world["a"].code])
    client.get(url)
    household(world["a"], Village.objects.get(name="Bản B"), "B3", Level.QUIZ_VERIFIED)

    def bản_b_covered():
        report = cache.get(f"analytics:commune:{world['a'].code}")
        return table(report, "villages").set_index("village").loc["Bản B", "covered_2"]

    page = client.get(url).content.decode()
    assert 'data-testid="computed-at"' in page and bản_b_covered() == 0  # the cached figure
    again = client.post(url)  # "compute again", then back to the page
    assert again.status_code == 302
    assert "B3" not in client.get(again.url).content.decode()  # aggregates, no household listed
    assert bản_b_covered() == 1
