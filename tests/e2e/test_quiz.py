import pytest
from playwright.sync_api import expect

from quizzes.models import Attempt, Quiz
from tests.factories import PASSWORD, learner, login_button_quiz, otp_quiz, wagtail_basics


@pytest.fixture
def tap_quiz(transactional_db):
    wagtail_basics()
    return login_button_quiz()


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_tapping_the_right_place_on_a_screenshot(live_server, page, tap_quiz):
    person = learner(username="vuamai")
    log_in(page, live_server, person.username)
    page.goto(f"{live_server.url}/kiem-tra/{tap_quiz.pk}/")
    page.get_by_test_id("start-quiz").click()

    picture = page.get_by_role("button", name="Màn hình đầu của VNeID")
    box = picture.bounding_box()
    # 50 % across, 85 % down: inside the right rectangle, whatever size the phone shows it at.
    picture.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.85})

    expect(page.get_by_test_id("feedback")).to_contain_text("Đúng rồi!")
    page.get_by_test_id("see-result").click()
    expect(page.get_by_test_id("score")).to_contain_text("100%")
    assert Attempt.objects.get(user=person).passed


def test_a_question_removed_while_the_one_page_quiz_is_open_is_left_out_of_the_score(
    live_server, page, transactional_db
):
    wagtail_basics()
    quiz = otp_quiz(pass_mark=100)
    person = learner(username="lamthihoa")
    log_in(page, live_server, person.username)
    page.goto(f"{live_server.url}/kiem-tra/{quiz.pk}/mot-trang/")
    form = page.get_by_test_id("whole-quiz")
    form.get_by_label("Sai", exact=True).check()  # wrong, on the question about to go
    form.get_by_label("Không ai cả").check()

    # Meanwhile an editor deletes the first question.
    edited = Quiz.objects.get(pk=quiz.pk)
    del edited.questions[0]
    edited.save()

    page.get_by_test_id("send-quiz").click()
    expect(page.get_by_test_id("score")).to_contain_text("100%")
    attempt = Attempt.objects.get(user=person)
    assert attempt.is_finished and attempt.passed and attempt.question_count == 1
