from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale

from courses import services as cohorts
from media.services import NarratableText
from quizzes import services
from quizzes.models import Answer, Attempt
from quizzes.selectors import next_question_number, quiz_report
from tests.factories import learner, quiz_with_every_question_type, trainer

pytestmark = pytest.mark.django_db

RIGHT = {
    "single_choice": lambda q: {"choice": q.choices[0].id},
    "multiple_choice": lambda q: {"choices": [q.choices[0].id, q.choices[1].id]},
    "true_false": lambda q: {"value": True},
    "ordering": lambda q: {"order": [c.id for c in q.choices]},
    "tap_the_right_place": lambda q: {"x": 50, "y": 85},
}
WRONG = {
    "single_choice": lambda q: {"choice": q.choices[1].id},
    "multiple_choice": lambda q: {"choices": [q.choices[2].id]},
    "true_false": lambda q: {"value": False},
    "ordering": lambda q: {"order": [c.id for c in q.choices[1:] + q.choices[:1]]},
    "tap_the_right_place": lambda q: {"x": 50, "y": 10},
}


def answer_all(attempt, answers):
    for question in attempt.quiz.question_list:
        services.answer_question(
            attempt=attempt,
            question_id=question.id,
            response=answers[question.type](question),
            client_id=uuid4(),
        )
    attempt.refresh_from_db()
    return attempt


@pytest.fixture
def quiz():
    return quiz_with_every_question_type()


def test_all_right_passes_and_finishes_with_the_last_answer(quiz):
    attempt = answer_all(
        services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4()), RIGHT
    )
    assert attempt.is_finished and attempt.passed and attempt.percent == 100


def test_all_wrong_fails(quiz):
    attempt = answer_all(
        services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4()), WRONG
    )
    assert attempt.is_finished and not attempt.passed and attempt.percent == 0


def test_an_answer_sent_twice_counts_once(quiz):
    attempt = services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    question, client_id = quiz.question_list[0], uuid4()
    for _ in range(2):
        stored, feedback = services.answer_question(
            attempt=attempt,
            question_id=question.id,
            response=RIGHT["single_choice"](question),
            client_id=client_id,
        )
    assert Answer.objects.count() == 1
    assert feedback == ["Đúng: OTP là của riêng bạn."]


def test_the_first_answer_stands_once_feedback_is_seen(quiz):
    attempt = services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    question = quiz.question_list[0]
    services.answer_question(
        attempt=attempt,
        question_id=question.id,
        response=WRONG["single_choice"](question),
        client_id=uuid4(),
    )
    stored, _ = services.answer_question(
        attempt=attempt,
        question_id=question.id,
        response=RIGHT["single_choice"](question),
        client_id=uuid4(),
    )
    assert not stored.correct
    assert Answer.objects.count() == 1


def test_an_interrupted_attempt_resumes_at_the_first_unanswered_question(quiz):
    person = learner()
    attempt = services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    first = quiz.question_list[0]
    services.answer_question(
        attempt=attempt,
        question_id=first.id,
        response=RIGHT["single_choice"](first),
        client_id=uuid4(),
    )
    resumed = services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    assert resumed.pk == attempt.pk
    assert next_question_number(resumed) == 2


def test_attempts_are_limited(quiz):
    person = learner()
    for _ in range(quiz.max_attempts):
        answer_all(services.start_attempt(user=person, quiz=quiz, client_id=uuid4()), WRONG)
    with pytest.raises(ValidationError, match="2"):
        services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    assert Attempt.objects.count() == 2


def test_a_translated_quiz_is_graded_and_counted_as_the_same_quiz(quiz):
    english = quiz.copy_for_translation(Locale.objects.create(language_code="en"))
    english.title = "Check: VNeID safety"
    english.save()
    person = learner()
    attempt = services.start_attempt(user=person, quiz=english, client_id=uuid4())
    assert attempt.quiz == quiz  # attempts point at the source quiz
    # Question and choice ids are kept by the translation.
    assert [q.id for q in english.question_list] == [q.id for q in quiz.question_list]
    assert answer_all(attempt, RIGHT).passed


def test_item_analysis_counts_only_the_group_and_ranks_the_most_missed_first(quiz):
    good, poor, outsider = learner(), learner(), learner()
    answer_all(services.start_attempt(user=good, quiz=quiz, client_id=uuid4()), RIGHT)
    mixed = dict(RIGHT, true_false=WRONG["true_false"])
    answer_all(services.start_attempt(user=poor, quiz=quiz, client_id=uuid4()), mixed)
    answer_all(services.start_attempt(user=outsider, quiz=quiz, client_id=uuid4()), WRONG)
    report = quiz_report(quiz=quiz, user_ids=[good.pk, poor.pk])
    assert (report.attempts, report.finished, report.passed) == (2, 2, 2)
    assert report.average_percent == 90  # (100 + 80) / 2
    worst = report.questions[0]
    assert worst.question.type == "true_false"
    assert (worst.answered, worst.wrong, worst.wrong_percent) == (2, 1, 50)


# --- through the pages -----------------------------------------------------------------


def test_a_learner_answers_page_by_page_and_sees_score_and_what_to_review(client, quiz):
    client.force_login(learner())
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    attempt = Attempt.objects.get()
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 1])
    questions = quiz.question_list

    page = client.get(response.url).content.decode()
    assert "Ai được hỏi mã OTP của bạn?" in page and "Câu 1 / 5" in page
    client.post(response.url, {"client_id": str(uuid4()), "choice": questions[0].choices[1].id})
    page = client.get(response.url).content.decode()
    assert "Chưa đúng." in page and "Công an không hỏi OTP." in page

    url = reverse("quizzes:question", args=[attempt.pk, 2])
    client.post(
        url,
        {
            "client_id": str(uuid4()),
            "choices": [questions[1].choices[0].id, questions[1].choices[1].id],
        },
    )
    url = reverse("quizzes:question", args=[attempt.pk, 3])
    client.post(url, {"client_id": str(uuid4()), "value": "true"})
    url = reverse("quizzes:question", args=[attempt.pk, 4])
    steps = questions[3].choices
    client.post(
        url,
        {
            "client_id": str(uuid4()),
            **{f"position-{s.id}": n for n, s in enumerate(steps, start=1)},
        },
    )
    url = reverse("quizzes:question", args=[attempt.pk, 5])
    # Tapped at (100, 340) on the picture shown 200 × 400 px: 50 %, 85 %.
    client.post(
        url,
        {
            "client_id": str(uuid4()),
            "tap.x": "100",
            "tap.y": "340",
            "tap_width": "200",
            "tap_height": "400",
        },
    )

    result = client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "4/5 câu đúng (80%)" in result
    assert "Bạn đã đạt" in result
    assert "Ai được hỏi mã OTP" in result  # the missed question is listed to review


def test_an_empty_answer_is_explained_and_nothing_is_stored(client, quiz):
    client.force_login(learner())
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    attempt = Attempt.objects.get()
    response = client.post(
        reverse("quizzes:question", args=[attempt.pk, 1]), {"client_id": str(uuid4())}
    )
    assert response.status_code == 400
    assert "Hãy chọn một câu trả lời" in response.content.decode()
    assert not Answer.objects.exists()


def test_ordering_with_a_repeated_number_is_refused(client, quiz):
    client.force_login(learner())
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    attempt = Attempt.objects.get()
    steps = quiz.question_list[3].choices
    response = client.post(
        reverse("quizzes:question", args=[attempt.pk, 4]),
        {"client_id": str(uuid4()), **{f"position-{s.id}": 1 for s in steps}},
    )
    assert response.status_code == 400
    assert "mỗi bước một số khác nhau" in response.content.decode()


def test_a_retried_answer_post_returns_the_same_json(client, quiz):
    client.force_login(learner())
    client.post(reverse("quizzes:start", args=[quiz.pk]), {"client_id": str(uuid4())})
    attempt = Attempt.objects.get()
    url = reverse("quizzes:question", args=[attempt.pk, 1])
    data = {"client_id": str(uuid4()), "choice": quiz.question_list[0].choices[0].id}
    first = client.post(url, data, headers={"Accept": "application/json"}).json()
    retry = client.post(url, data, headers={"Accept": "application/json"}).json()
    assert first == retry
    assert first["correct"] is True
    assert Answer.objects.count() == 1


def test_nobody_opens_another_learners_attempt(client, quiz):
    attempt = services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    client.force_login(learner())
    assert client.get(reverse("quizzes:question", args=[attempt.pk, 1])).status_code == 404
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404


def test_trainer_report_covers_only_their_cohort(client, quiz, course, commune):
    course.final_quiz = quiz
    course.save()
    owner = trainer()
    cohort = cohorts.create_cohort(trainer=owner, course=course, name="Lớp A", commune=commune)
    member = learner()
    cohorts.add_member(cohort=cohort, user=member)
    answer_all(services.start_attempt(user=member, quiz=quiz, client_id=uuid4()), RIGHT)
    answer_all(services.start_attempt(user=learner(), quiz=quiz, client_id=uuid4()), WRONG)
    client.force_login(owner)
    page = client.get(reverse("lessons:cohort_quiz_report", args=[cohort.pk])).content.decode()
    assert "1 lượt làm, 1 đã xong, 1 đạt" in page
    client.force_login(trainer())
    assert client.get(reverse("lessons:cohort_quiz_report", args=[cohort.pk])).status_code == 404


def test_a_quiz_placed_in_a_lesson_and_as_final_check_is_offered_to_the_learner(
    client, quiz, course, lessons
):
    lesson = lessons[0]
    lesson.body.append(("quiz", {"quiz": quiz}))
    lesson.save_revision().publish()
    course.final_quiz = quiz
    course.save_revision().publish()
    client.force_login(learner())
    for page in (lesson, course):
        html = client.get(page.url).content.decode()
        assert "Tự kiểm tra: Kiểm tra: an toàn với VNeID" in html
        assert reverse("quizzes:quiz", args=[quiz.pk]) in html
    start = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    assert "5 câu hỏi" in start and "Điểm đạt: 80%" in start and "còn 2 lượt làm" in start


def test_a_question_and_its_answers_can_be_heard(client, quiz):
    from media.services import narrate_block
    from quizzes.narration import narratable_texts, narration_owner
    from quizzes.services import start_attempt

    question = quiz.question_list[0]
    texts = narratable_texts(quiz)
    for key in [question.id, *(c.id for c in question.choices)]:
        narrate_block(NarratableText(narration_owner(quiz), key, "vi", texts[key]))
    person = learner()
    attempt = start_attempt(user=person, quiz=quiz, client_id=uuid4())
    client.force_login(person)
    html = client.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    assert html.count('<audio controls preload="none" data-narration') == 4  # question + 3
    assert "Nghe: Không ai cả" in html
