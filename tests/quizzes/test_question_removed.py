"""An editor removes a question while learners are half-way through the quiz: nobody is
stranded. Open attempts finish over the questions that remain, answers to the removed one count
for nothing, and finished attempts keep the score they finished with."""

import re
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale

from quizzes import services
from quizzes.models import Answer, Attempt, Quiz
from quizzes.selectors import current_questions, next_question_number
from tests.factories import learner, quiz_with_every_question_type

from .test_attempts import RIGHT, WRONG

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return quiz_with_every_question_type()


def remove_question(quiz, number):
    """What deleting a question block in the snippet editor does: the others keep their ids."""
    quiz = Quiz.objects.get(pk=quiz.pk)
    del quiz.questions[number - 1]
    quiz.save()
    return quiz


def answer(attempt, question, answers=RIGHT):
    return services.answer_question(
        attempt=attempt,
        question_id=question.id,
        response=answers[question.type](question),
        client_id=uuid4(),
    )


def started(quiz, person=None):
    return services.start_attempt(user=person or learner(), quiz=quiz, client_id=uuid4())


# --- the service ---------------------------------------------------------------------------


def test_answers_to_a_removed_question_are_ignored_and_the_rest_finish_the_attempt(quiz):
    first, second, third, fourth, fifth = quiz.question_list
    attempt = started(quiz)
    answer(attempt, first)
    answer(attempt, third, WRONG)
    remove_question(quiz, 3)
    for question in (second, fourth, fifth):
        answer(attempt, question)
    attempt.refresh_from_db()
    # Over the four questions that remain, all right: the wrong answer to the removed one is
    # kept in the log but counts for nothing.
    assert attempt.is_finished and attempt.percent == 100 and attempt.passed
    assert attempt.question_count == 4
    assert Answer.objects.filter(attempt=attempt, question_id=third.id).exists()


def test_removing_the_only_unanswered_question_lets_the_learner_finish_on_returning(quiz):
    person = learner()
    attempt = started(quiz, person)
    for question in quiz.question_list[:2] + quiz.question_list[3:]:
        answer(attempt, question)
    remove_question(quiz, 3)
    assert next_question_number(Attempt.objects.get(pk=attempt.pk)) is None

    resumed = services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    assert resumed.pk == attempt.pk
    assert resumed.is_finished and resumed.percent == 100
    # Finished, it no longer blocks a new attempt.
    assert services.start_attempt(user=person, quiz=quiz, client_id=uuid4()).pk != attempt.pk


def test_an_open_attempt_counts_questions_added_since_it_started(quiz):
    attempt = started(quiz)
    edited = Quiz.objects.get(pk=quiz.pk)
    edited.questions.append(
        (
            "true_false",
            {
                "prompt": "<p>OTP chỉ dùng một lần.</p>",
                "is_true": True,
                "feedback_correct": "",
                "feedback_wrong": "",
            },
        )
    )
    edited.save()
    for question in quiz.question_list:
        answer(attempt, question)
    attempt.refresh_from_db()
    assert not attempt.is_finished  # question_count (5) is not trusted over the quiz's 6
    assert next_question_number(Attempt.objects.get(pk=attempt.pk)) == 6
    answer(attempt, edited.question_list[5])
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.question_count == 6 and attempt.percent == 100


def test_a_finished_attempt_keeps_its_score_when_a_question_is_removed(quiz):
    attempt = started(quiz)
    answer(attempt, quiz.question_list[0], WRONG)
    for question in quiz.question_list[1:]:
        answer(attempt, question)
    attempt.refresh_from_db()
    assert (attempt.percent, attempt.passed) == (80, True)
    remove_question(quiz, 1)
    services.finish_attempt(attempt=attempt)
    services.finish_if_complete(attempt=attempt)
    attempt.refresh_from_db()
    assert (attempt.percent, attempt.passed, attempt.question_count) == (80, True, 5)


def test_a_removed_question_cannot_be_answered(quiz):
    attempt = started(quiz)
    removed = quiz.question_list[2]
    remove_question(quiz, 3)
    with pytest.raises(ValidationError):
        answer(attempt, removed)
    assert not Answer.objects.exists()


def test_the_one_page_service_leaves_out_answers_to_removed_questions(quiz):
    questions = quiz.question_list
    responses = {q.id: RIGHT[q.type](q) for q in questions}
    responses[questions[2].id] = WRONG["true_false"](questions[2])
    remove_question(quiz, 3)
    attempt = services.answer_whole_quiz(
        user=learner(), quiz=quiz, client_id=uuid4(), responses=responses
    )
    assert attempt.is_finished and attempt.percent == 100
    assert attempt.answers.count() == 4


def test_a_translation_not_yet_updated_shows_only_the_questions_that_count(quiz):
    english = quiz.copy_for_translation(Locale.objects.create(language_code="en"))
    english.save()
    remove_question(quiz, 3)
    shown = current_questions(english, Locale.objects.get(language_code="en"))
    assert [q.id for q in shown] == [q.id for q in Quiz.objects.get(pk=quiz.pk).question_list]


# --- through the pages -----------------------------------------------------------------


@pytest.fixture
def person(client):
    user = learner()
    client.force_login(user)
    return user


def test_the_result_page_of_an_attempt_left_with_nothing_to_answer_shows_the_score(
    client, quiz, person
):
    attempt = started(quiz, person)
    for question in quiz.question_list[:4]:
        answer(attempt, question)
    remove_question(quiz, 5)
    response = client.get(reverse("quizzes:result", args=[attempt.pk]))
    assert response.status_code == 200
    assert "4/4 câu đúng (100%)" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.is_finished


def test_continue_on_the_start_page_leads_to_the_result_not_an_error(client, quiz, person):
    attempt = started(quiz, person)
    for question in quiz.question_list[1:]:
        answer(attempt, question)
    remove_question(quiz, 1)
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    assert response.url == reverse("quizzes:result", args=[attempt.pk])
    assert client.get(response.url).status_code == 200


def test_a_question_number_past_the_end_goes_on_to_the_first_unanswered_question(
    client, quiz, person
):
    attempt = started(quiz, person)
    for question in quiz.question_list[:2]:
        answer(attempt, question)
    remove_question(quiz, 4)  # question 5 is now question 4
    response = client.get(reverse("quizzes:question", args=[attempt.pk, 5]))
    assert response.status_code == 302
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 3])


def test_a_question_number_past_the_end_of_a_finished_attempt_goes_to_its_result(
    client, quiz, person
):
    attempt = started(quiz, person)
    for question in quiz.question_list:
        answer(attempt, question)
    remove_question(quiz, 2)
    response = client.get(reverse("quizzes:question", args=[attempt.pk, 5]))
    assert response.url == reverse("quizzes:result", args=[attempt.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "5/5 câu đúng (100%)" in page.content.decode()


def test_an_answer_to_a_question_removed_while_its_page_was_open_is_not_counted(
    client, quiz, person
):
    attempt = started(quiz, person)
    for question in quiz.question_list[:2]:
        answer(attempt, question)
    shown = quiz.question_list[2]  # on the learner's screen when the editor removes it
    remove_question(quiz, 3)
    url = reverse("quizzes:question", args=[attempt.pk, 3])
    data = {"client_id": str(uuid4()), "question_id": shown.id, "value": "true"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url  # now the next one, old question 4
    said = [str(message) for message in response.context["messages"]]
    assert len(said) == 1 and said[0] in response.content.decode()
    assert not Answer.objects.filter(question_id=shown.id).exists()

    sent_later = client.post(
        url, {**data, "client_id": str(uuid4())}, HTTP_ACCEPT="application/json"
    )
    assert sent_later.status_code == 400
    assert sent_later.json()["next_url"] == url


def test_an_answer_sent_from_a_page_whose_question_moved_is_counted_for_that_question(
    client, quiz, person
):
    attempt = started(quiz, person)
    answer(attempt, quiz.question_list[0])
    shown = quiz.question_list[2]  # question 3 on the learner's screen ...
    remove_question(quiz, 2)  # ... is question 2 now
    response = client.post(
        reverse("quizzes:question", args=[attempt.pk, 3]),
        {"client_id": str(uuid4()), "question_id": shown.id, "value": "true"},
    )
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 2])
    stored = Answer.objects.get(attempt=attempt, question_id=shown.id)
    assert stored.correct


def test_the_question_page_says_which_question_it_shows(client, quiz, person):
    attempt = started(quiz, person)
    html = client.get(reverse("quizzes:question", args=[attempt.pk, 2])).content.decode()
    assert f'name="question_id" value="{quiz.question_list[1].id}"' in html


def one_page_form(client, quiz):
    """The one-page quiz as the learner's phone saved it: the form's fields, right answers."""
    html = client.get(reverse("quizzes:whole", args=[quiz.pk])).content.decode()
    ids = re.findall(r'name="(q\d+-question_id)" value="([^"]+)"', html)
    q = quiz.question_list
    assert [value for _name, value in ids] == [question.id for question in q]
    return {
        "client_id": str(uuid4()),
        **dict(ids),
        "q1-choice": q[0].choices[0].id,
        "q2-choices": [q[1].choices[0].id, q[1].choices[1].id],
        "q3-value": "false",  # wrong, and removed before the form is sent
        **{f"q4-position-{s.id}": n for n, s in enumerate(q[3].choices, start=1)},
        "q5-tap.x": "100",
        "q5-tap.y": "340",
        "q5-tap_width": "200",
        "q5-tap_height": "400",
    }


def test_a_one_page_form_filled_offline_before_a_removal_counts_the_remaining_answers(
    client, quiz, person
):
    data = one_page_form(client, quiz)
    removed = quiz.question_list[2]
    remove_question(quiz, 3)  # every later question moves up one
    url = reverse("quizzes:whole", args=[quiz.pk])
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    second = client.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.percent == 100 and attempt.question_count == 4
    assert not attempt.answers.filter(question_id=removed.id).exists()
    assert client.get(first.json()["result_url"]).status_code == 200


def test_the_one_page_quiz_after_a_removal_shows_the_remaining_questions(client, quiz, person):
    remove_question(quiz, 3)
    html = client.get(reverse("quizzes:whole", args=[quiz.pk])).content.decode()
    assert "VNeID là ứng dụng miễn phí." not in html
    assert html.count("data-question-type=") == 4 and "Câu 4 / 4" in html
