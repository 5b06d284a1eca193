"""A learner on a 360 px phone gets course and lesson pages from the cache, with their own
menu, enrolment and "done" state filled in by script; without script, the page is rendered
for them and works as before."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from lessons.models import LessonProgress
from tests.factories import PASSWORD, course_with_lessons, learner, lessons_of

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots" / "learner-cache"


@pytest.fixture
def course(transactional_db):
    return course_with_lessons(title="Tài khoản định danh VNeID", slug="vneid", lessons=3)


@pytest.fixture
def lan(transactional_db):
    return learner(username="lan", first_name="Lan")


def log_in(page, base):
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill("lan")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_learner_gets_the_lesson_from_the_cache_with_their_own_parts(
    live_server, page, course, lan
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    lesson = lessons_of(course)[0]
    log_in(page, base)

    # The course page, from the cache: the enrol form comes with the learner's parts.
    page.goto(base + course.url)
    response = page.goto(base + course.url)
    assert response.headers.get("x-page-cache") == "hit"
    expect(page.get_by_test_id("nav-my-learning")).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-learner", "Lan")
    page.get_by_test_id("enrol").click()  # a form with the token the fill-in brought
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)

    response = page.goto(base + lesson.url)
    assert response.headers.get("x-page-cache") in ("hit", "miss")
    response = page.goto(base + lesson.url)
    assert response.headers.get("x-page-cache") == "hit"
    expect(page.get_by_test_id("nav-my-learning")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập")).to_have_count(0)
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 0 trên 3 bài")
    page.screenshot(path=str(SHOTS / "lesson-filled-in.png"), full_page=True)

    page.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("lesson-done")).to_be_visible()
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 1 trên 3 bài")
    assert LessonProgress.objects.filter(user=lan).count() == 1

    response = page.reload()
    assert response.headers.get("x-page-cache") == "hit"
    expect(page.get_by_test_id("lesson-done")).to_be_visible()
    expect(page.get_by_test_id("mark-done")).to_be_hidden()
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 1 trên 3 bài")
    page.screenshot(path=str(SHOTS / "lesson-done-after-reload.png"), full_page=True)

    page.goto(base + course.url)
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 1 trên 3 bài")
    expect(page.locator("ol.lessons .done")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "course-filled-in.png"), full_page=True)


def test_without_javascript_a_learner_gets_the_rendered_lesson(live_server, browser, course, lan):
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    lesson = lessons_of(course)[0]
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 640}, locale="vi-VN"
    )
    page = context.new_page()
    page.goto(base + lesson.url)  # a visitor's copy is stored
    log_in(page, base)
    for _ in range(2):
        response = page.goto(base + lesson.url)
        assert response.headers.get("x-page-cache") is None
    assert not any(cookie["name"] == "js" for cookie in context.cookies())
    expect(page.get_by_test_id("nav-my-learning")).to_be_visible()
    page.get_by_test_id("mark-done").click()  # posts the form; the next lesson opens
    expect(page.get_by_role("status")).to_contain_text("Đã xong bài học")
    response = page.goto(base + lesson.url)
    assert response.headers.get("x-page-cache") is None
    expect(page.get_by_test_id("lesson-done")).to_be_visible()
    expect(page.get_by_test_id("mark-done")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "lesson-without-script.png"), full_page=True)
    context.close()
