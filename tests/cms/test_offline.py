"""The service worker, the web manifest, what "save for offline" stores, and the outbox."""

from uuid import uuid4

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lessons.models import LessonProgress
from lessons.services import record_progress
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests import factories
from tests.factories import quiz_with_every_question_type

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_with_the_app_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    for url in (
        "/static/cms/site.css",
        "/static/cms/offline.js",
        "/khong-co-mang/",
        "/en/khong-co-mang/",
        "/static/fonts/noto-sans/noto-sans-vietnamese-400-normal.woff2",
    ):
        assert f'"{url}"' in body
    # Every shell file exists: one missing file would stop the worker from installing.
    for url in (
        "/static/cms/offline.js",
        "/static/cms/icons/icon-192.png",
        "/static/fonts/noto-sans/noto-sans-vietnamese-700-normal.woff2",
    ):
        assert client.get(url).status_code == 200


def test_the_manifest_makes_the_site_installable(client):
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_offline_page_lists_saved_lessons_in_the_learners_language(client):
    assert "Không có kết nối" in client.get("/khong-co-mang/").content.decode()
    assert "No connection" in client.get("/en/khong-co-mang/").content.decode()


def test_a_lesson_pack_names_its_pages_and_its_quiz_for_a_learner(client, course, lessons):
    quiz = quiz_with_every_question_type()
    lesson = lessons[0]
    lesson.body.append(("quiz", {"quiz": quiz}))
    lesson.save_revision().publish()
    url = reverse("lessons:offline_pack", args=[lesson.pk])
    anonymous = client.get(url).json()
    assert anonymous["pages"] == [lesson.url, course.url]
    client.force_login(factories.learner())
    pack = client.get(url).json()
    assert pack["key"] == f"page-{lesson.pk}" and pack["title"] == lesson.title
    assert pack["pages"] == [lesson.url, course.url, reverse("quizzes:whole", args=[quiz.pk])]


def test_a_course_pack_holds_every_lesson_and_the_final_check(client, course, lessons):
    quiz = quiz_with_every_question_type()
    course.final_quiz = quiz
    course.save_revision().publish()
    client.force_login(factories.learner())
    pack = client.get(reverse("lessons:offline_pack", args=[course.pk])).json()
    assert pack["pages"] == [
        course.url,
        *(lesson.url for lesson in lessons),
        reverse("quizzes:whole", args=[quiz.pk]),
    ]


def test_lesson_and_course_pages_offer_to_save_themselves(client, course, lessons):
    for page in (course, lessons[0]):
        html = client.get(page.url).content.decode()
        assert f'data-pack="{reverse("lessons:offline_pack", args=[page.pk])}"' in html
        assert 'rel="manifest"' in html and "/static/cms/offline.js" in html


def test_only_live_lessons_and_courses_have_a_pack(client, lessons):
    lessons[0].unpublish()
    assert client.get(reverse("lessons:offline_pack", args=[lessons[0].pk])).status_code == 404
    home = factories.site_home()
    assert client.get(reverse("lessons:offline_pack", args=[home.pk])).status_code == 404


# --- The outbox -------------------------------------------------------------------------
# cms/offline.js keeps an item until the server answers for it: a 2xx takes it, a final 4xx
# refuses it (its JSON "error" is shown until dismissed), 5xx and 429 are tried again, and
# 401/403/409 and redirects to the login page wait for the person who made it.


def outbox_post(client, url, data, *, user):
    """A post as the outbox sends it: asking for JSON, naming the account it was made under."""
    return client.post(
        url, data, headers={"Accept": "application/json", "X-Outbox-User": str(user.pk)}
    )


def test_every_page_has_an_outbox_that_can_list_what_the_server_refused(client):
    client.force_login(factories.learner())
    html = BeautifulSoup(client.get(reverse("offline")).content, "html.parser")
    box = html.select_one("[data-outbox]")
    assert box.has_attr("hidden") and box["data-user"]
    for word in ("waiting", "busy", "retrying", "sent", "login", "refused", "dismiss"):
        assert box[f"data-{word}"], word
    assert "{n}" in box["data-waiting"] and "{n}" in box["data-busy"]
    assert box.select_one("[role=status][data-outbox-status]").has_attr("hidden")
    refused = box.select_one("[data-outbox-refused]")
    assert refused.has_attr("hidden") and refused.select_one("h2") and refused.select_one("ul")


def test_the_progress_bar_names_the_lessons_still_to_do_so_waiting_marks_can_be_counted(
    client, course, lessons
):
    person = factories.learner()
    record_progress(user=person, lesson=lessons[0], client_id=uuid4())
    client.force_login(person)
    html = BeautifulSoup(client.get(course.url).content, "html.parser")
    text = html.select_one("[data-testid=course-progress] [data-progress-text]")
    assert (text["data-done"], text["data-total"]) == ("1", "3")
    assert text["data-todo"].split() == [str(lesson.translation_key) for lesson in lessons[1:]]
    assert text["data-template"] == "Đã xong {done} trên {total} bài"
    assert text.select_one("[data-progress-count]").get_text() == "Đã xong 1 trên 3 bài"
    pending = text.select_one("[data-progress-pending]")
    assert pending.has_attr("hidden") and "{n}" in pending["data-template"]


def test_the_lesson_form_names_the_lesson_its_waiting_mark_counts_as_done(client, lessons):
    client.force_login(factories.learner())
    html = BeautifulSoup(client.get(lessons[0].url).content, "html.parser")
    form = html.select_one("[data-progress-form]")
    assert form["data-outbox-done"] == str(lessons[0].translation_key)
    assert html.select_one("[data-testid=lesson-done] [data-testid=lesson-pending]").has_attr(
        "hidden"
    )


def test_a_lesson_done_sent_again_after_it_was_stored_is_taken_again(client, lessons):
    person = factories.learner()
    client.force_login(person)
    url, data = reverse("lessons:progress", args=[lessons[0].pk]), {"client_id": str(uuid4())}
    # The first answer was lost on the way back (a 502 at the proxy): the outbox sends again.
    assert outbox_post(client, url, data, user=person).status_code == 200
    assert outbox_post(client, url, data, user=person).status_code == 200
    assert LessonProgress.objects.filter(user=person).count() == 1


def test_a_quiz_sent_after_its_attempts_are_used_up_is_refused_for_good_with_a_reason(client):
    person = factories.learner()
    quiz = factories.otp_quiz(max_attempts=1)
    used = quiz_services.start_attempt(user=person, quiz=quiz, client_id=uuid4())
    quiz_services.finish_attempt(attempt=used)
    client.force_login(person)
    response = outbox_post(
        client, reverse("quizzes:whole", args=[quiz.pk]), {"client_id": str(uuid4())}, user=person
    )
    assert 400 <= response.status_code < 500 and response.status_code not in (401, 403, 409)
    assert response.json()["error"]
    assert Attempt.objects.count() == 1


def test_a_kept_post_waits_while_someone_else_is_logged_in_or_nobody_is(client, lessons):
    mother, son = factories.learner(), factories.learner()
    url, data = reverse("lessons:progress", args=[lessons[0].pk]), {"client_id": str(uuid4())}
    assert outbox_post(client, url, data, user=mother).status_code == 409
    client.force_login(son)
    assert outbox_post(client, url, data, user=mother).status_code == 409
    assert not LessonProgress.objects.exists()
