"""A learner saves a lesson, loses the connection, learns and answers anyway; what they did
reaches the server once when the connection returns."""

import pytest
from playwright.sync_api import expect

from courses.services import enrol
from lessons.models import LessonProgress
from lessons.narration import lesson_items
from media.services import narrate_block
from quizzes.models import Attempt
from tests.e2e.test_quiz import log_in
from tests.factories import (
    course_with_lessons,
    learner,
    lessons_of,
    login_button_quiz,
    otp_quiz,
    screenshot,
    wagtail_basics,
)

SAVE = "Lưu bài này để học khi không có mạng"


@pytest.fixture
def lesson(transactional_db):
    course = course_with_lessons(title="An toàn trên mạng", slug="an-toan", lessons=2)
    quiz = otp_quiz(title="Kiểm tra nhanh", pass_mark=50)
    lesson = lessons_of(course)[0]
    picture = screenshot("Màn hình cài đặt")
    picture.contextual_alt_text, picture.decorative = "Màn hình cài đặt VNeID", False
    lesson.body.append(("image", picture))
    lesson.body.append(("quiz", {"quiz": quiz}))
    lesson.save_revision().publish()
    for item in lesson_items(lesson):  # narration, spoken by espeak-ng
        narrate_block(item)
    return lesson


def cut_off(route):
    route.abort("internetdisconnected")


def go_offline(context):
    context.set_offline(True)
    context.route("**/*", cut_off)  # the service worker's requests too


def go_online(context):
    context.unroute("**/*", cut_off)
    context.set_offline(False)


def test_a_saved_lesson_and_its_quiz_work_offline_and_sync_once(live_server, context, page, lesson):
    person = learner(username="lothixuan")
    course = lesson.get_parent().specific
    enrol(user=person, course=course)
    log_in(page, live_server, person.username)
    page.goto(live_server.url + lesson.url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    saver = page.get_by_test_id("save-offline")
    saver.get_by_role("button", name=SAVE).click()
    expect(saver.get_by_role("status")).to_contain_text("Đã lưu trên điện thoại này")

    go_offline(context)
    page.goto(live_server.url + lesson.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("An toàn trên mạng bài 1")
    # The picture and the narration come from the phone.
    image = page.get_by_role("img", name="Màn hình cài đặt VNeID")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    expect(page.get_by_role("button", name="Nghe").first).to_be_visible()
    audio = page.evaluate(
        """async () => Promise.all([...document.querySelectorAll("audio[data-narration]")]
             .map((audio) => [...audio.querySelectorAll("source")]
               .find((source) => audio.canPlayType(source.type)))
             .map(async (source) => (await fetch(source.src)).status))"""
    )
    assert audio and set(audio) == {200}
    # Marked done without a connection: kept on the phone, and counted as waiting to be sent.
    page.get_by_test_id("mark-done").click()
    expect(page.get_by_role("status").filter(has_text="Không có mạng:")).to_be_visible()
    expect(page.get_by_test_id("lesson-pending")).to_be_visible()

    page.get_by_test_id("quiz-one-page").click()
    quiz = page.get_by_test_id("whole-quiz")
    quiz.get_by_label("Đúng", exact=True).check()
    quiz.get_by_label("Không ai cả").check()
    page.get_by_test_id("send-quiz").click()
    expect(page.get_by_role("status").filter(has_text="Không có mạng:")).to_be_visible()
    expect(page.locator("[data-outbox]")).to_contain_text("2")
    assert Attempt.objects.count() == 0 and LessonProgress.objects.count() == 0

    # The saved course page, from the phone, counts the lesson as done but not yet sent.
    page.goto(live_server.url + course.url)
    progress = page.get_by_test_id("course-progress")
    expect(progress).to_contain_text("Đã xong 1 trên 2 bài")
    expect(progress.get_by_test_id("progress-pending")).to_be_visible()

    # A page not saved says so, and lists what is.
    page.goto(live_server.url + "/hoc-tap/")
    expect(page.get_by_test_id("saved-list")).to_contain_text("An toàn trên mạng bài 1")
    waiting = page.get_by_test_id("outbox-waiting").get_by_role("listitem")
    expect(waiting).to_have_text(["An toàn trên mạng bài 1", "Kiểm tra nhanh"])
    # It knows who is signed in on this phone and offers the way back.
    expect(page.get_by_test_id("offline-learner")).to_contain_text(person.display_name)
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_hidden()
    expect(page.get_by_test_id("go-back")).to_be_visible()
    page.screenshot(path="var/screenshots/offline/offline-page-learner.png", full_page=True)

    go_online(context)
    expect(page.locator("[data-outbox]")).to_contain_text(
        "Kiểm tra nhanh: Đã gửi bài: 2/2 câu đúng (100%)"
    )
    expect(page.get_by_test_id("outbox-waiting")).to_be_hidden()
    attempt = Attempt.objects.get(user=person)
    assert attempt.is_finished and attempt.percent == 100
    assert LessonProgress.objects.filter(user=person, lesson=lesson).count() == 1

    # Nothing is sent twice: the outbox is empty after a reload.
    page.reload()
    expect(page.locator("[data-outbox]")).to_be_hidden()
    assert Attempt.objects.count() == 1 and LessonProgress.objects.count() == 1


BUDGET = 60 * 1024  # bytes of HTML + CSS + JS a lesson page may cost, compressed


def test_a_lesson_page_costs_less_than_the_budget_in_the_browser(live_server, page, lesson):
    page.goto(live_server.url + lesson.url)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate(
        """() => [...performance.getEntriesByType("navigation"),
                  ...performance.getEntriesByType("resource")]
             .map((e) => ({name: e.name, type: e.initiatorType, size: e.transferSize}))"""
    )
    code = [e for e in entries if e["type"] == "navigation" or e["name"].endswith((".css", ".js"))]
    total = sum(e["size"] for e in code)
    print(f"lesson page in the browser: {total} bytes over {len(code)} requests")
    assert 0 < total <= BUDGET


def test_on_the_one_page_quiz_a_tap_marks_the_place_and_the_button_sends_it(
    live_server, page, transactional_db
):
    wagtail_basics()
    quiz = login_button_quiz()
    person = learner(username="quangvannam")
    log_in(page, live_server, person.username)
    page.goto(f"{live_server.url}/kiem-tra/{quiz.pk}/mot-trang/")
    picture = page.get_by_role("button", name="Màn hình đầu của VNeID")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.85})
    expect(page.get_by_text("Đã đánh dấu chỗ bấm.")).to_be_visible()
    assert Attempt.objects.count() == 0  # a tap alone sends nothing
    page.get_by_test_id("send-quiz").click()
    expect(page.get_by_test_id("score")).to_contain_text("100%")
    assert Attempt.objects.get(user=person).passed


def test_on_a_shared_phone_what_waits_is_sent_only_for_the_person_who_did_it(
    live_server, context, page, lesson
):
    mother, son = learner(username="mevang"), learner(username="convang")
    log_in(page, live_server, mother.username)
    page.goto(live_server.url + lesson.url)
    context.route("**/da-xong/", cut_off)  # the connection drops as she presses the button
    page.get_by_test_id("mark-done").click()
    expect(page.locator("[data-outbox]")).to_contain_text("1")
    context.unroute("**/da-xong/", cut_off)

    page.context.clear_cookies()  # she hands the phone to her son, who logs in
    log_in(page, live_server, son.username)
    expect(page.locator("[data-outbox]")).to_contain_text("Hãy đăng nhập lại")
    assert not LessonProgress.objects.exists()

    page.context.clear_cookies()
    log_in(page, live_server, mother.username)  # the page she lands on sends it
    expect(page.locator("[data-outbox]")).to_contain_text("An toàn trên mạng bài 1: đã gửi")
    assert list(LessonProgress.objects.values_list("user__username", flat=True)) == ["mevang"]
