"""Anonymous visitors get public pages from the cache; publishing shows the change at once."""

import pytest
from django.urls import reverse

from lessons.models import LessonPage
from tests import factories

pytestmark = pytest.mark.django_db


def retitle_without_publishing(lesson, title):
    LessonPage.objects.filter(pk=lesson.pk).update(title=title)


def test_a_lesson_is_rendered_once_then_served_from_the_cache(client, lessons):
    lesson = lessons[0]
    first = client.get(lesson.url)
    assert first["X-Page-Cache"] == "miss"
    retitle_without_publishing(lesson, "Tiêu đề chưa xuất bản")
    second = client.get(lesson.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Tiêu đề chưa xuất bản" not in second.content.decode()


def test_publishing_a_lesson_shows_the_new_text_to_visitors(client, lessons):
    lesson, following = lessons[0], lessons[1]
    client.get(lesson.url)
    # The next lesson's title is shown on this page: publishing it must refresh this page too.
    following.title = "Bài tiếp theo, tên mới"
    following.save_revision().publish()
    response = client.get(lesson.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Bài tiếp theo, tên mới" in response.content.decode()


def test_each_language_is_cached_apart(client, lessons):
    lesson = lessons[0]
    vi = client.get(lesson.url)
    en = client.get("/en" + lesson.url)
    assert en["X-Page-Cache"] == "miss"
    assert 'lang="en"' in en.content.decode() and 'lang="vi"' in vi.content.decode()


def test_logged_in_learners_and_visitors_with_a_message_get_a_fresh_page(client, lessons):
    lesson = lessons[0]
    client.get(lesson.url)
    user = factories.learner()
    client.force_login(user)
    response = client.get(lesson.url)
    assert "X-Page-Cache" not in response
    assert 'name="client_id"' in response.content.decode()
    client.post(reverse("account_logout"))  # leaves "You have signed out." waiting
    after_logout = client.get(lesson.url)
    assert "X-Page-Cache" not in after_logout


def test_cached_pages_carry_no_csrf_token_and_switch_language_by_links(client, course, lessons):
    for page in (course, lessons[0]):
        html = client.get(page.url).content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert f'href="/en{page.url}" lang="en"' in html


def test_narration_made_after_publishing_refreshes_the_page(client, lessons):
    from media.models import BlockNarration

    lesson = lessons[0]
    client.get(lesson.url)
    BlockNarration.objects.create(owner=f"page:{lesson.pk}", block_id="title", language="vi")
    assert client.get(lesson.url)["X-Page-Cache"] == "miss"


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, lessons):
    from wagtail.models import PageViewRestriction

    lesson = lessons[0]
    client.get(lesson.url)
    PageViewRestriction.objects.create(page=lesson, restriction_type="login")
    response = client.get(lesson.url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
