from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale

from courses.models import Enrollment
from lessons.models import LessonProgress
from lessons.selectors import course_progress
from lessons.services import record_progress
from tests.factories import learner

pytestmark = pytest.mark.django_db


def test_finishing_a_lesson_enrols_and_moves_course_progress(course, lessons):
    person = learner()
    record_progress(user=person, lesson=lessons[0], client_id=uuid4())
    progress = course_progress(user=person, course=course)
    assert (progress.done, progress.total, progress.percent) == (1, 3, 33)
    assert progress.next_lesson == lessons[1]
    assert Enrollment.objects.filter(user=person, course=course).exists()


def test_the_same_client_id_sent_twice_counts_once(course, lessons):
    person, client_id = learner(), uuid4()
    first, created = record_progress(user=person, lesson=lessons[0], client_id=client_id)
    again, created_again = record_progress(user=person, lesson=lessons[0], client_id=client_id)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert LessonProgress.objects.count() == 1


def test_a_client_id_cannot_be_reused_for_another_learner(lessons):
    client_id = uuid4()
    record_progress(user=learner(), lesson=lessons[0], client_id=client_id)
    with pytest.raises(ValidationError):
        record_progress(user=learner(), lesson=lessons[0], client_id=client_id)


def test_course_complete_only_when_every_lesson_is_done(course, lessons):
    person = learner()
    for lesson in lessons:
        assert not course_progress(user=person, course=course).is_complete
        record_progress(user=person, lesson=lesson, client_id=uuid4())
    assert course_progress(user=person, course=course).is_complete


def test_a_lesson_finished_in_english_counts_for_the_vietnamese_course(course, lessons):
    english = Locale.objects.create(language_code="en")
    course.get_parent().get_parent().copy_for_translation(english, alias=True)
    course.get_parent().copy_for_translation(english, alias=True)
    english_course = course.copy_for_translation(english, alias=True)
    english_lesson = lessons[0].copy_for_translation(english, alias=True)
    person = learner()
    record_progress(user=person, lesson=english_lesson, client_id=uuid4())
    assert course_progress(user=person, course=course).done == 1
    assert course_progress(user=person, course=english_course).done == 1


# --- the progress endpoint --------------------------------------------------------------


def post_done(client, lesson, client_id, json=True):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        reverse("lessons:progress", args=[lesson.pk]),
        {"client_id": str(client_id)},
        headers=headers,
    )


def test_a_retried_post_is_counted_once_and_answers_the_same(client, lessons):
    client.force_login(learner())
    client_id = uuid4()
    first = post_done(client, lessons[0], client_id).json()
    retry = post_done(client, lessons[0], client_id).json()
    assert (
        first
        == retry
        == {
            "lesson_done": True,
            "done": 1,
            "total": 3,
            "percent": 33,
            "progress_text": "Đã xong 1 trên 3 bài",
            "next_url": lessons[1].url,
        }
    )
    assert LessonProgress.objects.count() == 1


def test_a_plain_form_post_goes_on_to_the_next_lesson(client, lessons):
    client.force_login(learner())
    response = post_done(client, lessons[0], uuid4(), json=False)
    assert response.status_code == 302
    assert response.url == lessons[1].url
    page = client.get(response.url).content.decode()
    assert "Đã xong bài học. Giỏi lắm!" in page


def test_a_garbled_request_gets_a_clear_error_and_records_nothing(client, lessons):
    client.force_login(learner())
    response = post_done(client, lessons[0], "not-a-uuid")
    assert response.status_code == 400
    assert "tải lại trang" in response.json()["error"]
    assert not LessonProgress.objects.exists()


def test_anonymous_progress_is_not_recorded(client, lessons):
    response = post_done(client, lessons[0], uuid4(), json=False)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert not LessonProgress.objects.exists()


def test_lesson_page_shows_the_steps_and_the_finish_button(client, lessons):
    client.force_login(learner())
    page = client.get(lessons[0].url).content.decode()
    assert "Nội dung bài 1" in page
    assert "Mở ứng dụng" in page
    assert 'data-testid="mark-done"' in page
    assert "<progress" in page


def test_my_learning_lists_courses_with_their_progress(client, course, lessons):
    person = learner()
    record_progress(user=person, lesson=lessons[0], client_id=uuid4())
    client.force_login(person)
    page = client.get(reverse("lessons:my_learning")).content.decode()
    assert course.title in page
    assert 'value="33"' in page
    assert "Đã xong 1 trên 3 bài" in page
    assert lessons[1].title in page  # "continue" goes to the next unfinished lesson
