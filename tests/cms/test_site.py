import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from accounts.models import User
from accounts.roles import Role, has_role
from courses.models import Attendance, Cohort, CoursePage
from households.models import Evidence, Household, Level
from lessons.models import LessonPage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(capsys):
    call_command("seed_demo", "--no-narration")
    return capsys.readouterr().out


def test_seed_demo_loads_a_real_catalogue_and_an_account_per_role(demo):
    vi_courses = CoursePage.objects.filter(locale__language_code="vi")
    vi_lessons = LessonPage.objects.filter(locale__language_code="vi")
    assert vi_courses.count() >= 5
    assert vi_lessons.count() >= 20
    assert vi_courses.filter(title__icontains="VNeID").exists()
    for username, role in [
        ("hocvien", Role.LEARNER),
        ("sinhvien", Role.AMBASSADOR),
        ("taphuan", Role.TRAINER),
        ("canbo", Role.COMMUNE_OFFICIAL),
        ("bientap", Role.EDITOR),
    ]:
        assert has_role(User.objects.get(username=username), role)
        assert username in demo  # logins are printed for the person who ran it
    assert "hoc-so-2026" in demo
    vneid = CoursePage.objects.get(locale__language_code="vi", slug="vneid")
    assert vneid.final_quiz and len(vneid.final_quiz.questions) == 5
    cohort = Cohort.objects.get()
    assert cohort.enrollments.count() >= 3
    assert Attendance.objects.filter(session__cohort=cohort).exists()

    # Idempotent: a second run leaves one copy of everything.
    counts = (
        Page.objects.count(),
        User.objects.count(),
        Cohort.objects.count(),
        Attendance.objects.count(),
    )
    lesson = LessonPage.objects.filter(locale__language_code="vi").first()
    block_ids = [block.id for block in lesson.body]
    call_command("seed_demo", "--no-narration")
    lesson.refresh_from_db()
    assert [block.id for block in lesson.body] == block_ids  # narration keeps its blocks
    assert (
        Page.objects.count(),
        User.objects.count(),
        Cohort.objects.count(),
        Attendance.objects.count(),
    ) == counts


# The demo takes seconds to load, so the checks of the public pages share one load.
def test_public_pages_of_the_demo_site(demo, client):
    check_home_page_lists_essential_courses_first_with_minutes_and_languages(client)
    check_a_minority_language_page_falls_back_to_vietnamese_and_says_so(client)
    check_sitemap_lists_course_and_lesson_pages_but_not_fallback_copies(client)
    check_demo_commune_has_households_at_every_level_and_an_ambassador(client)


def check_demo_commune_has_households_at_every_level_and_an_ambassador(client):
    assert 190 <= Household.objects.count() <= 210
    levels = set(Evidence.objects.values_list("level", flat=True))
    assert {Level.SELF_REPORTED, Level.QUIZ_VERIFIED, Level.WITNESSED} <= levels
    client.force_login(User.objects.get(username="sinhvien"))
    html = client.get(reverse("households:mine")).content.decode()
    assert "MP-0007" in html and "Cài đặt và kích hoạt VNeID" in html
    assert "MP-0012" in html  # asked for, waiting for the official


def check_home_page_lists_essential_courses_first_with_minutes_and_languages(client):
    html = client.get("/").content.decode()
    essential = html.index('data-testid="essential-courses"')
    assert html.index("Hướng dẫn người thân") > essential  # the students' course comes after
    first_card = html[essential : html.index("</li>", essential)]
    assert "VNeID" in first_card
    assert re.search(r"\d+ phút", first_card)
    assert "Tiếng Việt" in first_card


def check_a_minority_language_page_falls_back_to_vietnamese_and_says_so(client):
    lesson = LessonPage.objects.get(locale__language_code="tyz", slug="vneid-la-gi")
    response = client.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="fallback-note"' in html
    assert "Tày" in html
    assert '<article class="lesson" lang="vi">' in html


def check_sitemap_lists_course_and_lesson_pages_but_not_fallback_copies(client):
    xml = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    lesson = LessonPage.objects.filter(locale__language_code="vi").first()
    course = CoursePage.objects.filter(locale__language_code="vi").first()
    assert any(loc.endswith(lesson.url) for loc in locs)
    assert any(loc.endswith(course.url) for loc in locs)
    assert not any("/tyz/" in loc or "/hnj/" in loc for loc in locs)


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-9Q!",
        ALLOWED_HOSTS="nhaso.example.vn",
        DATABASE_URL="sqlite:////tmp/nhaso-check.db",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_put_cache_sessions_and_tasks_on_redis():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="nhaso.example.vn",
        DATABASE_URL="postgres://nhaso:secret@db.internal:5432/nhaso",
        REDIS_URL="redis://cache.internal:6379/0",
        REDIS_SESSIONS_URL="redis://cache.internal:6379/1",
    )
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django_tasks import task_backends; "
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], "
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.CACHES['sessions']['LOCATION'], "
        "type(task_backends['default']).__name__, s.RQ_QUEUES['reports']['URL'], "
        "s.STORAGES['staticfiles']['BACKEND']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.db.backends.postgresql",
        "db.internal",
        "base.cache.ForgivingRedisCache",
        "django.contrib.sessions.backends.cached_db",
        "redis://cache.internal:6379/1",
        "RQBackend",
        "redis://cache.internal:6379/0",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_pages_carry_a_content_security_policy_without_inline_code(client, lessons):
    response = client.get(lessons[0].url)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # Nothing on the page needs an exception: no inline script, handler or style attribute.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    assert not re.search(r"\son[a-z]+=|\sstyle=", html)


def test_the_vietnamese_catalogue_translates_every_interface_string():
    import polib

    for domain in ("django", "djangojs"):
        path = ROOT / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        catalogue = polib.pofile(str(path))
        missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        assert missing == [], f"{domain}.po: {missing[:10]}"
        assert len(catalogue.translated_entries()) > 500
