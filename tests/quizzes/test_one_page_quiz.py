"""The one-page quiz: filled in offline, sent later, perhaps twice; counted once."""

from uuid import uuid4

import pytest
from django.urls import reverse

from quizzes.models import Answer, Attempt
from tests.factories import learner, quiz_with_every_question_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return quiz_with_every_question_type()


def right_answers(quiz, client_id):
    q = quiz.question_list
    return {
        "client_id": str(client_id),
        "q1-choice": q[0].choices[0].id,
        "q2-choices": [q[1].choices[0].id, q[1].choices[1].id],
        "q3-value": "true",
        **{f"q4-position-{s.id}": n for n, s in enumerate(q[3].choices, start=1)},
        # Tapped at (100, 340) on the picture shown 200 × 400 px: 50 %, 85 %.
        "q5-tap.x": "100",
        "q5-tap.y": "340",
        "q5-tap_width": "200",
        "q5-tap_height": "400",
    }


def test_every_question_is_on_one_page_with_its_own_field_names(client, quiz):
    client.force_login(learner())
    html = client.get(reverse("quizzes:whole", args=[quiz.pk])).content.decode()
    assert "Ai được hỏi mã OTP của bạn?" in html and "Bấm vào nút Đăng nhập" in html
    for name in ('name="q1-choice"', 'name="q2-choices"', 'name="q3-value"', 'name="q5-tap"'):
        assert name in html
    assert html.count("data-question-type=") == 5
    assert "Câu 5 / 5" in html


def test_answers_sent_twice_make_one_finished_attempt(client, quiz):
    client.force_login(learner())
    url = reverse("quizzes:whole", args=[quiz.pk])
    data = right_answers(quiz, uuid4())
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    second = client.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.percent == 100 and attempt.passed
    assert Answer.objects.count() == 5
    assert first.json()["result_url"] == reverse("quizzes:result", args=[attempt.pk])


def test_a_second_delivery_after_the_attempt_finished_starts_no_new_attempt(client, quiz):
    user = learner()
    client.force_login(user)
    # The learner began online, one question at a time, then went offline.
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    url = reverse("quizzes:whole", args=[quiz.pk])
    data = right_answers(quiz, uuid4())
    client.post(url, data, HTTP_ACCEPT="application/json")
    client.post(url, data, HTTP_ACCEPT="application/json")
    assert Attempt.objects.filter(user=user).count() == 1
    assert Attempt.objects.get().is_finished


def test_blank_questions_leave_the_attempt_open_to_finish_online(client, quiz):
    client.force_login(learner())
    data = {"client_id": str(uuid4()), "q3-value": "false"}
    response = client.post(reverse("quizzes:whole", args=[quiz.pk]), data)
    attempt = Attempt.objects.get()
    assert not attempt.is_finished and attempt.answers.count() == 1
    # The result page sends the learner on to the first unanswered question.
    assert client.get(response.url).url == reverse("quizzes:question", args=[attempt.pk, 1])


def test_an_empty_form_is_refused_with_a_translated_reason(client, quiz):
    client.force_login(learner())
    response = client.post(
        reverse("quizzes:whole", args=[quiz.pk]),
        {"client_id": str(uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Hãy trả lời ít nhất một câu trước khi gửi."
    assert not Attempt.objects.exists()


def test_used_up_attempts_are_refused_offline_too(client, quiz):
    client.force_login(learner())
    url = reverse("quizzes:whole", args=[quiz.pk])
    for _ in range(2):
        client.post(url, right_answers(quiz, uuid4()))
    response = client.post(url, right_answers(quiz, uuid4()), HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "2" in response.json()["error"]
    assert Attempt.objects.count() == 2


def test_a_submission_that_fails_half_way_leaves_nothing_behind(client, quiz, monkeypatch):
    """The attempt, its answers and its score land together or not at all."""
    from quizzes import services

    real_grade, graded = services.grade, []

    def grade_then_fail(question, response):
        graded.append(question.id)
        if len(graded) == 3:  # the attempt and two answers are written by now
            raise RuntimeError("the server stopped half-way")
        return real_grade(question, response)

    monkeypatch.setattr(services, "grade", grade_then_fail)
    client.force_login(learner())
    client.raise_request_exception = False
    response = client.post(reverse("quizzes:whole", args=[quiz.pk]), right_answers(quiz, uuid4()))
    assert response.status_code == 500
    assert Attempt.objects.count() == 0 and Answer.objects.count() == 0
    # Sent again once the server is well, the same submission is stored whole.
    monkeypatch.setattr(services, "grade", real_grade)
    client.post(reverse("quizzes:whole", args=[quiz.pk]), right_answers(quiz, uuid4()))
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.answers.count() == 5
