"""axe-core (npm) over the main pages, as a visitor and as each kind of user."""

from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User
from courses.models import CoursePage
from demo.management.commands.seed_demo import DEMO_PASSWORD
from lessons.models import LessonPage
from quizzes.models import Quiz
from tests.factories import learner, wagtail_basics

from .test_quiz import log_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def demo(transactional_db):
    wagtail_basics()
    call_command("seed_demo", "--no-narration", verbosity=0)


@pytest.fixture
def context(browser, browser_context_args):
    # axe is injected as an inline script, which our Content-Security-Policy rightly refuses.
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    yield context
    context.close()


def violations(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
             const tags = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"];
             const result = await axe.run(document, {runOnly: tags});
             return result.violations.map((v) =>
               `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
           }"""
    )
    return [f"{url}: {line}" for line in found]


def test_public_pages_have_no_accessibility_violations(live_server, page, demo):
    course = CoursePage.objects.filter(locale__language_code="vi").first()
    lesson = LessonPage.objects.filter(locale__language_code="vi").first()
    urls = [
        "/",
        course.url,
        lesson.url,
        "/en" + lesson.url,
        "/accounts/login/",
        "/accounts/signup/",
        "/khong-co-mang/",
    ]
    found = [line for url in urls for line in violations(page, live_server.url + url)]
    assert found == [], "\n".join(found)


ROLES = {
    "hocvien": ["/hoc-tap/", "quiz", "quiz_whole"],
    "taphuan": ["/lop-hoc/", "/thong-ke/lop/"],
    "canbo": ["/ho-gia-dinh/", "commune_households", "commune_dashboard"],
    "sinhvien": ["/ho-gia-dinh/cua-toi/"],
    "tinh": ["province_dashboard"],
}


def test_pages_behind_the_login_have_no_accessibility_violations(live_server, page, demo):
    quiz = Quiz.objects.filter(locale__language_code="vi").first()
    commune = User.objects.get(username="canbo").home_commune
    named = {
        "quiz": f"/kiem-tra/{quiz.pk}/",
        "quiz_whole": f"/kiem-tra/{quiz.pk}/mot-trang/",
        "commune_households": f"/ho-gia-dinh/xa/{commune.code}/",
        "commune_dashboard": f"/thong-ke/xa/{commune.code}/",
        "province_dashboard": f"/thong-ke/tinh/{commune.province.code}/",
    }
    found = []
    for username, paths in ROLES.items():  # one demo for every role: it is slow to load
        page.context.clear_cookies()
        log_in(page, live_server, username, DEMO_PASSWORD)
        for path in paths:
            found += violations(page, live_server.url + named.get(path, path))
    assert found == [], "\n".join(found)


def test_a_lesson_can_be_finished_with_the_keyboard_alone(live_server, page, demo):
    from playwright.sync_api import expect

    log_in(page, live_server, learner(username="bantay").username)  # nothing done yet
    lesson = LessonPage.objects.filter(locale__language_code="vi").first()
    page.goto(live_server.url + lesson.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "mark-done":
            break
    else:
        pytest.fail("the 'finished' button cannot be reached with Tab")
    page.keyboard.press("Enter")
    done = page.get_by_test_id("lesson-done")
    expect(done).to_be_visible()
    expect(done).to_be_focused()  # a screen reader hears the result at once
