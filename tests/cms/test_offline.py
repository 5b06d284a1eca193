"""The service worker, the web manifest and what "save for offline" stores."""

import pytest
from django.urls import reverse

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
    url = reverse("offline_pack", args=[lesson.pk])
    anonymous = client.get(url).json()
    assert anonymous["pages"] == [lesson.url, course.url]
    client.force_login(factories.learner())
    pack = client.get(url).json()
    assert pack["key"] == f"page-{lesson.pk}" and pack["title"] == lesson.title
    assert pack["pages"] == [lesson.url, course.url, reverse("quiz_whole", args=[quiz.pk])]


def test_a_course_pack_holds_every_lesson_and_the_final_check(client, course, lessons):
    quiz = quiz_with_every_question_type()
    course.final_quiz = quiz
    course.save_revision().publish()
    client.force_login(factories.learner())
    pack = client.get(reverse("offline_pack", args=[course.pk])).json()
    assert pack["pages"] == [
        course.url,
        *(lesson.url for lesson in lessons),
        reverse("quiz_whole", args=[quiz.pk]),
    ]


def test_lesson_and_course_pages_offer_to_save_themselves(client, course, lessons):
    for page in (course, lessons[0]):
        html = client.get(page.url).content.decode()
        assert f'data-pack="{reverse("offline_pack", args=[page.pk])}"' in html
        assert 'rel="manifest"' in html and "/static/cms/offline.js" in html


def test_only_live_lessons_and_courses_have_a_pack(client, lessons):
    lessons[0].unpublish()
    assert client.get(reverse("offline_pack", args=[lessons[0].pk])).status_code == 404
    home = factories.site_home()
    assert client.get(reverse("offline_pack", args=[home.pk])).status_code == 404
