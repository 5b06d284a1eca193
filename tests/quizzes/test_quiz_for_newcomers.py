"""A quiz a newcomer can do: after each answer they see what they chose, the right answer and
why; the result says the score one way, sends them to the lesson to read again, and lets them
try again while attempts remain."""

import re
from uuid import uuid4

import pytest
from django.urls import reverse

from media.services import NarratableText, narrate_block
from quizzes import grading, services
from quizzes.models import Attempt
from quizzes.narration import narratable_texts, narration_owner
from quizzes.selectors import scores_of
from tests.factories import learner, quiz_with_every_question_type
from tests.quizzes.test_attempts import RIGHT
from tests.quizzes.test_one_page_quiz import right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return quiz_with_every_question_type()


@pytest.fixture
def person(client):
    user = learner()
    client.force_login(user)
    return user


def start(client, quiz) -> Attempt:
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    return Attempt.objects.filter(finished_at__isnull=True).get()


def finish(attempt, *, wrong_first=False):
    """Answers every question right, except the first (single choice) when ``wrong_first``."""
    for question in attempt.quiz.question_list:
        response = RIGHT[question.type](question)
        if wrong_first and question.type == "single_choice":
            response = {"choice": question.choices[1].id}
        services.answer_question(
            attempt=attempt, question_id=question.id, response=response, client_id=uuid4()
        )
    attempt.refresh_from_db()
    return attempt


def question_url(attempt, number):
    return reverse("quizzes:question", args=[attempt.pk, number])


# --- after an answer ----------------------------------------------------------------------


def test_after_a_wrong_answer_the_learner_sees_their_choice_the_right_answer_and_why(
    client, quiz, person
):
    attempt = start(client, quiz)
    question = quiz.question_list[0]
    url = question_url(attempt, 1)
    client.post(url, {"client_id": str(uuid4()), "choice": question.choices[1].id})
    html = client.get(url).content.decode()

    assert "Chưa đúng." in html
    review = html[html.index('data-testid="answer-review"') :]
    picked = re.search(r'data-testid="picked">(.*?)</div>', review, re.S).group(1)
    assert "Công an gọi điện" in picked and "Bạn chọn" in picked
    assert "Đáp án đúng: Không ai cả" in " ".join(html.split())
    assert "Công an không hỏi OTP." in html  # why their choice was wrong
    assert "Đúng: OTP là của riêng bạn." in html  # why the right one is right
    # Readable, not a locked form: nothing greyed out.
    assert "disabled" not in html and 'type="radio"' not in html


def test_the_listen_buttons_still_play_once_the_question_is_answered(client, quiz, person):
    question = quiz.question_list[0]
    texts = narratable_texts(quiz)
    for key in [question.id, *(c.id for c in question.choices)]:
        narrate_block(NarratableText(narration_owner(quiz), key, "vi", texts[key]))
    attempt = start(client, quiz)
    url = question_url(attempt, 1)
    client.post(url, {"client_id": str(uuid4()), "choice": question.choices[0].id})
    html = client.get(url).content.decode()
    assert "Đúng rồi!" in html
    assert html.count('<audio controls preload="none" data-narration') == 4  # question + 3
    assert "Nghe: Không ai cả" in html
    assert "<fieldset" not in html and "disabled" not in html
    assert "media/listen.js" in html


def test_an_ordering_put_wrongly_shows_where_each_step_went_and_the_right_order(
    client, quiz, person
):
    attempt = start(client, quiz)
    steps = quiz.question_list[3].choices  # Mở VNeID, Nhập số định danh, Nhập mã OTP
    wrong = [steps[1], steps[0], steps[2]]
    url = question_url(attempt, 4)
    client.post(
        url,
        {
            "client_id": str(uuid4()),
            **{f"position-{step.id}": n for n, step in enumerate(wrong, start=1)},
        },
    )
    html = " ".join(client.get(url).content.decode().split())
    assert "Đúng một phần." in html
    shown = re.search(r'data-testid="right-answer">(.*?)</p>', html, re.S).group(1)
    words = " ".join(re.sub(r"<[^>]+>", " ", shown).split())
    assert words == "Đáp án đúng: 1. Mở VNeID 2. Nhập số định danh 3. Nhập mã OTP"
    assert "Mở ứng dụng trước, nhập OTP sau cùng." in html  # the explanation
    assert html.count("Sai chỗ") == 2 and html.count("Đúng chỗ") == 1
    right_order = html[html.index('data-testid="right-order"') :]
    positions = [right_order.index(step.text) for step in steps]
    assert positions == sorted(positions)


def test_ordering_offers_number_boxes_without_javascript_and_no_drop_downs(client, quiz, person):
    attempt = start(client, quiz)
    html = client.get(question_url(attempt, 4)).content.decode()
    steps = quiz.question_list[3].choices
    for step in steps:
        assert f'type="number" name="position-{step.id}"' in html
    assert "<select" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "quizzes/ordering.js" in html  # taps the steps in order where scripts run


def test_ordering_posted_as_numbers_as_before_is_still_graded(client, quiz, person):
    attempt = start(client, quiz)
    steps = quiz.question_list[3].choices
    response = client.post(
        question_url(attempt, 4),
        {
            "client_id": str(uuid4()),
            **{f"position-{step.id}": str(n) for n, step in enumerate(steps, start=1)},
        },
        headers={"Accept": "application/json"},
    )
    assert response.json()["correct"] is True
    assert attempt.answers.get(question_id=quiz.question_list[3].id).response == {
        "order": [step.id for step in steps]
    }


def test_a_tap_is_shown_on_the_picture_with_the_right_place(client, quiz, person):
    attempt = start(client, quiz)
    url = question_url(attempt, 5)
    data = {"client_id": str(uuid4()), "tap.x": "100", "tap.y": "40"}
    client.post(url, {**data, "tap_width": "200", "tap_height": "400"})
    html = client.get(url).content.decode()
    assert "Chưa đúng." in html and "Nút ở cuối màn hình." in html
    # Percentages of the picture, never written the Vietnamese way (10,0).
    assert '<rect class="right-place" x="10" y="80" width="80" height="10">' in html
    assert 'x1="50.0" y1="10.0"' in html


# --- the result ---------------------------------------------------------------------------


def test_the_result_lists_the_missed_question_with_a_link_to_the_lesson_that_teaches_it(
    client, quiz, person, lessons
):
    lesson = lessons[1]
    lesson.body.append(("quiz", {"quiz": quiz}))
    lesson.save_revision().publish()
    attempt = finish(start(client, quiz), wrong_first=True)
    html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    missed = html[html.index('data-testid="to-review"') :]
    assert "Câu 1" in missed and "Ai được hỏi mã OTP của bạn?" in missed
    assert "Câu 2" not in missed
    assert f'href="{lesson.url}" data-testid="lesson-link">Đọc lại bài: VNeID bài 2' in missed
    assert f'href="{question_url(attempt, 1)}" data-testid="see-answer"' in missed


def test_a_missed_question_of_a_course_final_check_links_to_the_course(
    client, quiz, person, course
):
    course.final_quiz = quiz
    course.save_revision().publish()
    attempt = finish(start(client, quiz), wrong_first=True)
    html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert f'href="{course.url}" data-testid="lesson-link">Đọc lại bài: VNeID' in html


def test_try_again_is_offered_while_attempts_remain_and_not_after(client, quiz, person):
    first = finish(start(client, quiz), wrong_first=True)
    result = reverse("quizzes:result", args=[first.pk])
    html = client.get(result).content.decode()
    assert "Làm lại" in html and 'data-testid="try-again"' in html
    action = reverse("quizzes:start", args=[quiz.pk])
    form = html[html.index(f'action="{action}"') :]
    client_id = re.search(r'name="client_id" value="([0-9a-f-]+)"', form).group(1)
    assert client_id != str(first.client_id)  # a fresh try, not the first one re-sent

    again = client.post(action, {"client_id": client_id})
    second = Attempt.objects.get(client_id=client_id)
    assert second.pk != first.pk and again.url == question_url(second, 1)
    finish(second)
    for attempt in (first, second):  # both attempts used: the quiz allows two
        html = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
        assert 'data-testid="try-again"' not in html and "Làm lại" not in html


def test_the_score_is_said_the_same_way_on_the_start_and_result_pages(client, quiz, person):
    attempt = finish(start(client, quiz), wrong_first=True)
    result = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    start_page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    assert "4/5 câu đúng (80%)" in result
    assert "4/5 câu đúng (80%)" in start_page.split('data-testid="past-attempts"')[1]
    assert "5 câu hỏi" in start_page


def test_the_one_page_quiz_reports_the_score_in_the_same_words(client, quiz, person):
    data = {**right_answers(quiz, uuid4()), "q1-choice": quiz.question_list[0].choices[1].id}
    response = client.post(
        reverse("quizzes:whole", args=[quiz.pk]), data, HTTP_ACCEPT="application/json"
    )
    assert response.json()["message"] == "Đã gửi bài: 4/5 câu đúng (80%)"


def test_a_partly_right_answer_earns_points_but_is_not_counted_right():
    attempt_quiz = quiz_with_every_question_type()
    attempt = services.start_attempt(user=learner(), quiz=attempt_quiz, client_id=uuid4())
    for question in attempt_quiz.question_list:
        response = RIGHT[question.type](question)
        if question.type == "multiple_choice":
            response = {"choices": [question.choices[0].id]}  # half the right answers
        services.answer_question(
            attempt=attempt, question_id=question.id, response=response, client_id=uuid4()
        )
    attempt.refresh_from_db()
    score = scores_of([attempt])[attempt.pk]
    assert (score.right, score.total, score.percent) == (4, 5, 90)


def test_an_answer_to_a_question_removed_before_the_end_is_never_stated_as_right():
    quiz = quiz_with_every_question_type()
    attempt = services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    first = quiz.question_list[0]
    services.answer_question(
        attempt=attempt, question_id=first.id, response=RIGHT[first.type](first), client_id=uuid4()
    )
    del quiz.questions[0]
    quiz.save()
    for question in quiz.question_list[:-1]:
        services.answer_question(
            attempt=attempt,
            question_id=question.id,
            response=RIGHT[question.type](question),
            client_id=uuid4(),
        )
    last = quiz.question_list[-1]
    services.answer_question(
        attempt=attempt, question_id=last.id, response={"x": 50, "y": 10}, client_id=uuid4()
    )
    attempt.refresh_from_db()
    score = scores_of([attempt])[attempt.pk]
    assert (score.right, score.total, score.percent) == (3, 4, 75)


# --- the review, without a database -------------------------------------------------------


def test_the_review_of_a_partly_right_multiple_choice_names_every_right_choice():
    question = grading.Question(
        "q",
        "multiple_choice",
        "?",
        choices=(
            grading.Choice("a", "A", correct=True),
            grading.Choice("b", "B", correct=True, feedback="B too."),
            grading.Choice("c", "C"),
        ),
    )
    review = grading.review(question, {"choices": ["a"]})
    assert not review.grade.correct and review.grade.score == 0.5
    assert [(o.text, o.picked, o.right) for o in review.options] == [
        ("A", True, True),
        ("B", False, True),
        ("C", False, False),
    ]
    assert review.right_answer == ("A", "B") and review.explanation == ("B too.",)


def test_the_review_of_true_or_false_shows_both_answers():
    question = grading.Question("q", "true_false", "?", is_true=False, feedback_wrong="No.")
    review = grading.review(question, {"value": True})
    assert [(o.id, o.picked, o.right) for o in review.options] == [
        ("true", True, False),
        ("false", False, True),
    ]
    assert review.explanation == ("No.",)
