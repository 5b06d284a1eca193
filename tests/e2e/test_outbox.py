"""The outbox forgets only what the server answered for: taken (2xx), or refused for good (a
final 4xx, listed with the server's reason until the learner dismisses it). A server that is
down or busy (5xx, 429) leaves the work on the phone, and the page never calls it sent."""

import re
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from courses.services import enrol
from lessons.models import LessonProgress
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.e2e.test_offline import go_offline, go_online
from tests.e2e.test_quiz import log_in
from tests.factories import course_with_lessons, learner, lessons_of, otp_quiz, wagtail_basics

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "outbox"
SENT = re.compile("đã gửi", re.IGNORECASE)  # "sent", as the page says it
OFFLINE_PAGE = "/khong-co-mang/"


def snap(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def waiting_on_the_phone(page):
    return page.evaluate("(JSON.parse(localStorage.getItem('nhaso-outbox')) || {}).items || []")


def wait_until(page, condition, seconds=20):
    # Lets Playwright run route handlers while the test waits for them.
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        page.wait_for_timeout(100)


def open_page(page, url):
    page.goto(url)
    # Routes set up while the service worker is still taking over the page can miss its
    # requests; once it controls the page they see them all.
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def answer_the_otp_quiz(page):
    quiz = page.get_by_test_id("whole-quiz")
    quiz.get_by_label("Đúng", exact=True).check()
    quiz.get_by_label("Không ai cả").check()


def send_the_quiz_without_a_connection(page, context, live_server, quiz):
    open_page(page, f"{live_server.url}/kiem-tra/{quiz.pk}/mot-trang/")
    answer_the_otp_quiz(page)
    go_offline(context)
    page.get_by_test_id("send-quiz").click()
    expect(page.get_by_role("status").filter(has_text="Không có mạng:")).to_be_visible()


@pytest.fixture
def quiz(transactional_db):
    wagtail_basics()
    return otp_quiz(title="Kiểm tra nhanh", pass_mark=50)


def test_a_quiz_the_server_cannot_take_waits_on_the_phone_and_is_stored_once(
    live_server, context, page, quiz
):
    person = learner(username="tranthimai")
    log_in(page, live_server, person.username)
    send_the_quiz_without_a_connection(page, context, live_server, quiz)

    answers = []  # what the learner's phone heard back, in order

    def struggling_server(route):
        if route.request.method != "POST":
            return route.continue_()
        if not answers:  # "database is locked": nothing stored
            answers.append(500)
            return route.fulfill(status=500, content_type="text/html", body="Server Error (500)")
        if len(answers) == 1:  # stored, but the proxy in front lost the answer
            answers.append(502)
            route.fetch()
            return route.fulfill(status=502, content_type="text/html", body="Bad Gateway")
        answers.append(200)
        return route.continue_()

    context.route("**/mot-trang/", struggling_server)
    go_online(context)
    outbox = page.get_by_test_id("outbox-status")
    beside_the_button = page.get_by_test_id("whole-quiz").locator("+ [role=status]")

    wait_until(page, lambda: answers == [500])
    expect(outbox).to_contain_text("1")
    for said in (outbox, beside_the_button):
        expect(said).not_to_contain_text(SENT)
    assert len(waiting_on_the_phone(page)) == 1
    assert Attempt.objects.count() == 0

    wait_until(page, lambda: answers == [500, 502])  # tried again, without a page load
    expect(outbox).to_contain_text("1")
    for said in (outbox, beside_the_button):
        expect(said).not_to_contain_text(SENT)
    expect(page.get_by_test_id("outbox-refused")).to_be_hidden()
    assert len(waiting_on_the_phone(page)) == 1
    page.evaluate("scrollTo(0, 0)")
    snap(page, "waiting-after-502")

    # The server is back: the third try is taken, and the attempt stored by the second counts once.
    sent = "Đã gửi bài: 2/2 câu đúng (100%)"
    expect(outbox).to_contain_text(f"Kiểm tra nhanh: {sent}", timeout=15_000)
    expect(beside_the_button).to_have_text(sent)
    assert answers == [500, 502, 200]
    assert waiting_on_the_phone(page) == []
    attempt = Attempt.objects.get()
    assert attempt.user == person and attempt.is_finished and attempt.percent == 100


def test_a_quiz_refused_for_good_is_listed_with_the_reason_until_dismissed(
    live_server, context, page, quiz
):
    quiz.max_attempts = 1
    quiz.save()
    person = learner(username="hoangvanbinh")
    log_in(page, live_server, person.username)
    send_the_quiz_without_a_connection(page, context, live_server, quiz)
    # Meanwhile he used his one attempt on his daughter's phone.
    elsewhere = quiz_services.start_attempt(user=person, quiz=quiz, client_id=uuid.uuid4())
    quiz_services.finish_attempt(attempt=elsewhere)

    go_online(context)
    refused = page.get_by_test_id("outbox-refused")
    reason = "Bạn đã dùng hết 1 lượt làm bài kiểm tra này."
    expect(refused).to_contain_text(f"Kiểm tra nhanh: {reason}")
    # Beside the button too, where he pressed "send" and is looking.
    expect(page.get_by_test_id("whole-quiz").locator("+ [role=status]")).to_have_text(reason)
    expect(page.locator("main")).not_to_contain_text(SENT)
    assert waiting_on_the_phone(page) == []  # it is not sent again
    page.evaluate("scrollTo(0, 0)")
    snap(page, "refused")

    page.goto(live_server.url + OFFLINE_PAGE)  # another page, another day
    expect(refused).to_contain_text("Bạn đã dùng hết 1 lượt làm bài kiểm tra này.")
    expect(page.get_by_test_id("outbox-status")).to_be_hidden()
    snap(page, "refused-after-reload")

    refused.get_by_test_id("outbox-dismiss").click()
    expect(page.locator("[data-outbox]")).to_be_hidden()
    page.reload()
    expect(page.locator("[data-outbox]")).to_be_hidden()
    assert Attempt.objects.count() == 1  # only the one made on the other phone


def test_a_lesson_done_while_the_server_is_down_counts_as_waiting_until_it_is_taken(
    live_server, context, page, transactional_db
):
    course = course_with_lessons(title="An toàn trên mạng", slug="an-toan", lessons=2)
    lesson = lessons_of(course)[0]
    person = learner(username="lothixuan")
    enrol(user=person, course=course)
    log_in(page, live_server, person.username)
    open_page(page, live_server.url + lesson.url)

    def down(route):
        route.fulfill(status=503, content_type="text/html", body="Service Unavailable")

    context.route("**/da-xong/", down)
    page.get_by_test_id("mark-done").click()
    expect(page.get_by_test_id("lesson-done")).to_be_visible()
    expect(page.get_by_test_id("lesson-pending")).to_be_visible()
    expect(page.get_by_test_id("mark-done")).to_be_hidden()
    expect(page.get_by_test_id("course-progress")).to_contain_text("Đã xong 1 trên 2 bài")
    expect(page.locator("main")).not_to_contain_text(SENT)

    page.goto(live_server.url + course.url)  # the server is still down when the page opens
    progress = page.get_by_test_id("course-progress")
    expect(progress).to_contain_text("Đã xong 1 trên 2 bài")
    expect(progress.get_by_test_id("progress-pending")).to_be_visible()
    expect(progress.locator("progress")).to_have_js_property("value", 50)
    snap(page, "course-progress-waiting")
    assert not LessonProgress.objects.exists()

    context.unroute("**/da-xong/", down)
    page.reload()
    expect(page.locator("[data-outbox]")).to_contain_text("An toàn trên mạng bài 1: đã gửi")
    expect(progress).to_contain_text("Đã xong 1 trên 2 bài")
    expect(progress.get_by_test_id("progress-pending")).to_be_hidden()
    assert LessonProgress.objects.filter(user=person, lesson=lesson).count() == 1


def test_the_answer_decides_whether_an_item_leaves_waits_or_is_listed(live_server, page):
    page.goto(live_server.url + OFFLINE_PAGE)
    fates = page.evaluate(
        """() => Object.fromEntries(
             [200, 201, 204, 400, 404, 410, 413, 422, 401, 403, 409, 408, 429, 500, 502, 503, 504]
               .map((status) => [status, window.nhaso.fate({ status })]))"""
    )
    assert fates == {
        **dict.fromkeys(["200", "201", "204"], "taken"),
        **dict.fromkeys(["400", "404", "410", "413", "422"], "refused"),
        **dict.fromkeys(["401", "403", "409"], "owner"),
        **dict.fromkeys(["408", "429", "500", "502", "503", "504"], "retry"),
    }
    # Sent to the login page: it waits for its person, even though the login page says 200.
    assert page.evaluate("window.nhaso.fate({ status: 200, redirected: true })") == "owner"

    delays = page.evaluate("() => [1, 2, 3, 8, 20].map((round) => window.nhaso.retryDelay(round))")
    ceilings = [2_000, 4_000, 8_000, 256_000, 300_000]
    assert all(c / 2 <= d <= c for d, c in zip(delays, ceilings, strict=True))
    assert page.evaluate("window.nhaso.retryDelay(1, 30000)") == 30_000  # Retry-After: 30


def test_a_refusal_is_shown_only_to_the_person_whose_work_it_was(
    live_server, page, transactional_db
):
    page.goto(live_server.url + OFFLINE_PAGE)  # nobody logged in
    page.evaluate(
        """() => localStorage.setItem("nhaso-outbox", JSON.stringify({items: [], refused: [
             {id: "a", label: "Bài của khách", reason: "Không mở được."},
             {id: "b", user: "7", label: "Bài của mẹ", reason: "Đã hết lượt."}]}))"""
    )
    page.reload()
    refused = page.get_by_test_id("outbox-refused")
    expect(refused.get_by_role("listitem")).to_have_count(1)
    expect(refused).to_contain_text("Bài của khách: Không mở được.")
    refused.get_by_role("button").click()
    kept = page.evaluate("JSON.parse(localStorage.getItem('nhaso-outbox')).refused")
    assert [entry["id"] for entry in kept] == ["b"]  # hers waits for her
