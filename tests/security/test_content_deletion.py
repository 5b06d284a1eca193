"""Deleting content never deletes a learner's history, nor breaks a page (issue 14).

An editor's click in the admin is refused while learners' records refer to what would go,
with a message that offers unpublishing; outside the admin the database refuses or keeps the
records with the title they referred to; what is deleted takes its narration and files along.
"""

import datetime
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Locale, Page

from certificates.models import Certificate
from courses.models import CoursePage, Enrollment
from courses.services import enrol
from lessons.models import LessonPage, LessonProgress
from lessons.narration import narration_owner
from lessons.selectors import course_progress
from lessons.services import record_progress
from media.models import BlockNarration
from media.services import NarratableText, narrate_block
from quizzes.h5p import store as h5p_store
from quizzes.models import Attempt, H5PActivity, H5PLibrary, Quiz
from quizzes.narration import narration_owner as quiz_owner
from quizzes.services import start_attempt
from tests.factories import UserFactory, learner, otp_quiz
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def finish(lesson, user=None) -> LessonProgress:
    progress, _created = record_progress(user=user or learner(), lesson=lesson, client_id=uuid4())
    return progress


def refusals(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]


def delete_page(client, page, **data):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), data)


def delete_snippet(client, obj, **data):
    name = f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}:delete"
    return client.post(reverse(name, args=[obj.pk]), data)


def bulk_delete(client, model, objects):
    url = reverse(
        "wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"]
    )
    query = "&".join(f"id={obj.pk}" for obj in objects)
    # The site name is typed to confirm large deletions; harmless for small ones.
    return client.post(f"{url}?{query}", {"confirm_site_name": "Nhà Số"})


def h5p_activity(title="Hỏi nhanh") -> H5PActivity:
    library, _created = H5PLibrary.objects.get_or_create(
        machine_name="H5P.MultiChoice",
        major_version=1,
        minor_version=16,
        defaults={"title": "Multiple Choice", "runnable": True},
    )
    return H5PActivity.objects.create(
        title=title, folder=uuid4(), main_library=library, h5p_json={}, content_json={}
    )


def h5p_attempt(activity, user=None) -> Attempt:
    return Attempt.objects.create(
        client_id=uuid4(),
        user=user or learner(),
        activity=activity,
        quiz_key=uuid4(),
        question_count=1,
    )


def place(lesson, block_type, **value):
    lesson.body.append((block_type, value))
    lesson.save_revision().publish()


# --- Refused in the admin ---------------------------------------------------------------


def test_a_lesson_with_progress_is_not_deleted_from_the_admin(client, admin, lessons):
    lesson = lessons[0]
    finish(lesson)

    # Even the confirmation page is not offered.
    opened = client.get(reverse("wagtailadmin_pages:delete", args=[lesson.pk]))
    assert opened.status_code == 302
    client.get(opened["Location"])  # where its message is read
    response = delete_page(client, lesson)

    assert response.status_code == 302
    assert LessonPage.objects.filter(pk=lesson.pk).exists()
    assert LessonProgress.objects.get().lesson_id == lesson.pk
    [message] = refusals(response)
    assert lesson.title in message
    # The way out is offered: unpublishing keeps the history.
    assert reverse("wagtailadmin_pages:unpublish", args=[lesson.pk]) in message


def test_a_course_with_enrolments_is_not_deleted_from_the_admin(client, admin, course, lessons):
    enrol(user=learner(), course=course)
    response = delete_page(client, course)
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert LessonPage.objects.child_of(course).count() == len(lessons)
    assert Enrollment.objects.filter(course=course).count() == 1
    [message] = refusals(response)
    assert course.title in message
    assert reverse("wagtailadmin_pages:unpublish", args=[course.pk]) in message


def test_a_course_whose_certificates_were_issued_is_not_deleted_from_the_admin(
    client, admin, course
):
    # Witnessed without an account: a certificate with no enrolment behind it.
    certificate = Certificate.objects.create(
        holder_name="Vì Thị Mai",
        course=course,
        course_title=course.title,
        level=4,
        issued_on=datetime.date(2026, 11, 1),
    )
    response = delete_page(client, course)
    assert response.status_code == 302
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert Certificate.objects.get().pk == certificate.pk
    [message] = refusals(response)
    assert course.title in message


def test_a_course_is_not_deleted_when_a_lesson_in_it_holds_progress(client, admin, course, lessons):
    progress = finish(lessons[1])
    Enrollment.objects.all().delete()  # only the lesson's history is left to protect
    response = delete_page(client, course)
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert LessonProgress.objects.get().pk == progress.pk
    assert lessons[1].title in refusals(response)[0]


def test_the_course_index_is_not_deleted_while_a_course_below_has_learners(
    client, admin, course, lessons
):
    enrol(user=learner(), course=course)
    index = course.get_parent()
    response = delete_page(client, index)
    assert Page.objects.filter(pk=index.pk).exists()
    assert course.title in refusals(response)[0]


def test_bulk_deleting_pages_with_learners_is_refused(client, admin, course, lessons):
    finish(lessons[0])
    response = bulk_delete(client, Page, [lessons[0], lessons[2]])
    assert LessonPage.objects.filter(pk__in=[lessons[0].pk, lessons[2].pk]).count() == 2
    assert lessons[0].title in refusals(response)[0]


def test_a_quiz_with_attempts_is_not_deleted_from_the_admin(client, admin):
    quiz = otp_quiz()
    start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    response = delete_snippet(client, quiz)
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    assert Attempt.objects.filter(quiz=quiz).count() == 1
    [message] = refusals(response)
    assert quiz.title in message


def test_an_h5p_activity_with_attempts_is_not_deleted_from_the_admin(client, admin):
    activity = h5p_activity()
    h5p_attempt(activity)
    response = delete_snippet(client, activity)
    assert H5PActivity.objects.filter(pk=activity.pk).exists()
    assert Attempt.objects.filter(activity=activity).count() == 1
    assert activity.title in refusals(response)[0]


def test_an_h5p_activity_placed_in_a_live_lesson_is_not_deleted(client, admin, lessons):
    activity = h5p_activity()
    place(lessons[1], "h5p", heading="", activity=activity)
    response = delete_snippet(client, activity)
    assert H5PActivity.objects.filter(pk=activity.pk).exists()
    [message] = refusals(response)
    assert activity.title in message and lessons[1].title in message
    # The lesson still answers.
    client.force_login(learner())
    assert client.get(lessons[1].url).status_code == 200


def test_a_quiz_placed_in_a_live_lesson_is_not_deleted(client, admin, lessons):
    quiz = otp_quiz()
    place(lessons[2], "quiz", quiz=quiz)
    response = delete_snippet(client, quiz)
    assert Quiz.objects.filter(pk=quiz.pk).exists()
    assert lessons[2].title in refusals(response)[0]


def test_bulk_deleting_snippets_with_attempts_is_refused(client, admin):
    used, unused = h5p_activity("Đã làm"), h5p_activity("Chưa ai làm")
    h5p_attempt(used)
    response = bulk_delete(client, H5PActivity, [used, unused])
    assert H5PActivity.objects.count() == 2
    assert "Đã làm" in refusals(response)[0]


# --- Allowed, and what goes with it ------------------------------------------------------


def narrate(owner, block_id="b1", text="Mở ứng dụng VNeID"):
    narrate_block(NarratableText(owner=owner, block_id=block_id, language="vi", text=text))


def test_a_lesson_nobody_has_finished_is_deleted_with_its_narration(client, admin, lessons):
    lesson, other = lessons[0], lessons[1]
    narrate(narration_owner(lesson))
    narrate(narration_owner(other))
    response = delete_page(client, lesson)
    assert refusals(response) == []
    assert not LessonPage.objects.filter(pk=lesson.pk).exists()
    assert not BlockNarration.objects.filter(owner=f"page:{lesson.pk}").exists()
    assert BlockNarration.objects.filter(owner=narration_owner(other)).count() == 1


def test_the_narration_of_every_lesson_of_a_deleted_course_goes_too(client, admin, course, lessons):
    for lesson in lessons:
        narrate(narration_owner(lesson))
    delete_page(client, course)
    assert not CoursePage.objects.filter(pk=course.pk).exists()
    assert not BlockNarration.objects.exists()


def test_a_quiz_nobody_answered_is_deleted_with_its_narration(client, admin):
    quiz, kept = otp_quiz(), otp_quiz(title="Giữ lại")
    narrate(quiz_owner(quiz))
    narrate(quiz_owner(kept))
    response = delete_snippet(client, quiz)
    assert refusals(response) == []
    assert not Quiz.objects.filter(pk=quiz.pk).exists()
    assert list(BlockNarration.objects.values_list("owner", flat=True)) == [quiz_owner(kept)]


def test_an_unused_h5p_activity_is_deleted_with_its_files(
    client, admin, django_capture_on_commit_callbacks
):
    manager = UserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    activity = h5p_store.install(
        upload=SimpleUploadedFile("a.h5p", fx.package()), title="", user=manager
    )
    folder = h5p_store.content_dir(activity)
    assert (folder / "content.json").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = delete_snippet(client, activity)
    assert refusals(response) == []
    assert not H5PActivity.objects.exists()
    assert not folder.exists()
    # Libraries are shared by other activities and stay.
    assert h5p_store.library_dir(fx.LIBRARY).exists()


def test_files_stay_when_the_deletion_is_rolled_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    activity = h5p_activity()
    folder = h5p_store.content_dir(activity)
    folder.mkdir(parents=True)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                activity.delete()
                raise RuntimeError("the editor's request failed later")
        except RuntimeError:
            pass
    assert folder.exists()


def test_deleting_a_translation_keeps_the_progress_made_in_it_with_its_title(
    client, admin, course, lessons
):
    english = Locale.objects.create(language_code="en")
    lesson = lessons[0]
    translation = lesson.copy_for_translation(english, copy_parents=True)
    translation.title = "VNeID lesson 1"
    translation.save_revision().publish()
    reader = learner()
    progress = finish(translation, user=reader)
    assert progress.lesson_title == "VNeID lesson 1"

    # The lesson lives on in Vietnamese, where the same progress counts: nothing is lost.
    response = delete_page(client, translation)
    assert refusals(response) == []
    assert not LessonPage.objects.filter(pk=translation.pk).exists()
    progress.refresh_from_db()
    assert progress.lesson_id is None
    assert progress.lesson_title == "VNeID lesson 1"
    assert progress.lesson_key == lesson.translation_key
    assert course_progress(user=reader, course=course).is_done(lesson)


# --- Outside the admin --------------------------------------------------------------------


def test_outside_the_admin_a_course_with_learners_cannot_be_deleted(course, lessons):
    enrol(user=learner(), course=course)
    with pytest.raises(ProtectedError):
        course.delete()
    assert Enrollment.objects.count() == 1


def test_outside_the_admin_a_quiz_or_activity_with_attempts_cannot_be_deleted():
    quiz, activity = otp_quiz(), h5p_activity()
    start_attempt(user=learner(), quiz=quiz, client_id=uuid4())
    h5p_attempt(activity)
    with pytest.raises(ProtectedError):
        quiz.delete()
    with pytest.raises(ProtectedError):
        activity.delete()
    assert Attempt.objects.count() == 2


def test_outside_the_admin_a_deleted_lesson_leaves_its_progress_with_its_title(lessons):
    lesson = lessons[0]
    progress = finish(lesson)
    Page.objects.get(pk=lesson.pk).delete()
    progress.refresh_from_db()
    assert (progress.lesson_id, progress.lesson_title) == (None, lesson.title)
    assert progress.lesson_key == lesson.translation_key
