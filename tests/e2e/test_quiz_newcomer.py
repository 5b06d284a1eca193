"""A newcomer's quiz on a small phone: put steps in order by tapping them, answer, see the
right answer (and hear it), finish, and find the lesson to read again and "Làm lại"."""

from pathlib import Path

from playwright.sync_api import expect

from media.services import NarratableText, narrate_block
from quizzes.models import Attempt, Quiz
from quizzes.narration import narratable_texts, narration_owner
from tests.factories import PASSWORD, course_with_lessons, learner, lessons_of

SHOTS = Path("var/screenshots/quiz-newcomer")
STEPS = ["Mở VNeID", "Nhập số định danh", "Nhập mã OTP"]


def activation_quiz() -> Quiz:
    return Quiz.objects.create(
        title="Kích hoạt VNeID",
        pass_mark=100,
        max_attempts=2,
        questions=[
            (
                "ordering",
                {
                    "prompt": "<p>Xếp các bước kích hoạt VNeID</p>",
                    "steps": STEPS,
                    "feedback": "Mở ứng dụng trước, nhập OTP sau cùng.",
                },
            ),
            (
                "single_choice",
                {
                    "prompt": "<p>Ai được hỏi mã OTP của bạn?</p>",
                    "choices": [
                        {"text": "Không ai cả", "correct": True, "feedback": "OTP là của bạn."},
                        {"text": "Công an gọi điện", "correct": False, "feedback": ""},
                    ],
                },
            ),
        ],
    )


def test_a_newcomer_orders_steps_by_tapping_sees_the_right_answer_and_can_try_again(
    live_server, page, transactional_db
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 360, "height": 740})
    lesson = lessons_of(course_with_lessons(lessons=1))[0]
    quiz = activation_quiz()
    lesson.body.append(("quiz", {"quiz": quiz}))
    lesson.save_revision().publish()
    texts = narratable_texts(quiz)
    choice_question = quiz.question_list[1]
    for key in [choice_question.id, *(c.id for c in choice_question.choices)]:
        narrate_block(NarratableText(narration_owner(quiz), key, "vi", texts[key]))
    person = learner(username="hoangvanba")

    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(person.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/kiem-tra/{quiz.pk}/")
    page.get_by_test_id("start-quiz").click()

    # Put the steps in order: no drop-downs, no number boxes; tap the steps one after another.
    question = page.get_by_test_id("question")
    expect(question.locator("select")).to_have_count(0)
    expect(question.get_by_role("spinbutton")).to_have_count(0)
    status = question.get_by_role("status")
    question.get_by_role("button", name="Nhập mã OTP").click()  # a slip…
    expect(status).to_contain_text("“Nhập mã OTP” là bước 1. Đã xếp 1/3 bước.")
    question.get_by_role("button", name="Bỏ bước vừa bấm").click()  # …undone
    expect(status).to_contain_text("Đã bỏ “Nhập mã OTP” ra. Đã xếp 0/3 bước.")
    question.get_by_role("button", name="Mở VNeID").click()
    # The keyboard does the same: a step is a button.
    question.get_by_role("button", name="Nhập số định danh").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Đã xếp 2/3 bước.")
    question.get_by_role("button", name="Nhập mã OTP").click()
    for n, text in enumerate(STEPS, start=1):
        step = question.get_by_role("button", name=text)
        expect(step).to_have_attribute("aria-pressed", "true")
        expect(step.locator(".step-number")).to_have_text(str(n))
    expect(status).to_contain_text("Bước nào cũng đã có số.")
    page.screenshot(path=SHOTS / "1-steps-tapped-in-order.png", full_page=True)
    page.get_by_test_id("answer").click()
    expect(page.get_by_test_id("feedback")).to_contain_text("Đúng rồi!")
    expect(page.get_by_test_id("feedback")).to_contain_text("Mở ứng dụng trước")
    page.get_by_test_id("next-question").click()

    # A wrong answer: their choice is marked, the right answer and why are said, and the
    # choices can still be heard.
    page.get_by_role("radio", name="Công an gọi điện").check()
    page.get_by_test_id("answer").click()
    feedback = page.get_by_test_id("feedback")
    expect(feedback).to_contain_text("Chưa đúng.")
    expect(feedback).to_contain_text("Đáp án đúng: Không ai cả")
    expect(feedback).to_contain_text("OTP là của bạn.")
    expect(page.get_by_test_id("picked")).to_contain_text("Công an gọi điện")
    expect(page.get_by_test_id("picked")).to_contain_text("Bạn chọn")
    listen = page.get_by_role("button", name="Nghe: Không ai cả")
    expect(listen).to_be_enabled()
    page.screenshot(path=SHOTS / "2-right-answer-after-a-wrong-one.png", full_page=True)
    listen.click()
    audio = page.locator("audio[data-narration]").nth(1)
    page.wait_for_function("el => el.currentTime > 0.3", arg=audio.element_handle(), timeout=10_000)

    # The result: one way of stating the score, the lesson to read again, and "Làm lại".
    page.get_by_test_id("see-result").click()
    expect(page.get_by_test_id("score")).to_have_text("1/2 câu đúng (50%)")
    missed = page.get_by_test_id("to-review")
    expect(missed).to_contain_text("Ai được hỏi mã OTP của bạn?")
    expect(missed).not_to_contain_text("Xếp các bước")
    lesson_link = missed.get_by_role("link", name="Đọc lại bài: VNeID bài 1")
    expect(lesson_link).to_have_attribute("href", lesson.url)
    page.screenshot(path=SHOTS / "3-result-with-lesson-and-try-again.png", full_page=True)
    lesson_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("VNeID bài 1")
    page.go_back()

    page.get_by_role("button", name="Làm lại").click()
    expect(page.get_by_test_id("question")).to_contain_text("Xếp các bước kích hoạt VNeID")
    assert Attempt.objects.filter(user=person).count() == 2
    page.goto(f"{live_server.url}/kiem-tra/{quiz.pk}/")
    expect(page.get_by_test_id("past-attempts")).to_contain_text("1/2 câu đúng (50%)")
