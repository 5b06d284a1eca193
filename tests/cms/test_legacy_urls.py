"""Phones keep pages saved offline and queued posts with the addresses of before the
Vietnamese paths; those posts must still be recorded, once."""

from uuid import uuid4

import pytest
from django.urls import reverse

from lessons.models import LessonProgress
from quizzes.models import Attempt
from tests.factories import learner, quiz_with_every_question_type
from tests.quizzes.test_one_page_quiz import right_answers

pytestmark = pytest.mark.django_db


def test_a_lesson_done_queued_for_the_old_address_is_counted_once(client, lessons):
    client.force_login(learner())
    sent = {"client_id": str(uuid4())}
    for _ in range(2):  # the outbox sends again after a dropped connection
        response = client.post(f"/lessons/{lessons[0].pk}/progress/", sent)
        assert response.status_code == 302
    assert LessonProgress.objects.count() == 1


def test_a_one_page_quiz_saved_with_the_old_address_is_recorded(client):
    quiz = quiz_with_every_question_type()
    client.force_login(learner())
    response = client.post(f"/quizzes/{quiz.pk}/one-page/", right_answers(quiz, uuid4()))
    assert response.status_code == 302
    assert Attempt.objects.get().is_finished


def test_pages_link_only_to_the_vietnamese_addresses(lessons):
    assert reverse("lessons:progress", args=[lessons[0].pk]).startswith("/bai-hoc/")
    assert reverse("quizzes:whole", args=[1]) == "/kiem-tra/1/mot-trang/"
    assert reverse("lessons:my_learning") == "/hoc-tap/"
