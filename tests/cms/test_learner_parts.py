"""Logged-in learners whose browser runs script get course and lesson pages from the cache,
and their own parts from one request (base/page_cache.py, cms/learner_parts.py)."""

import re
import uuid

import pytest
from django.urls import reverse

from base.page_cache import SCRIPT_COOKIE
from courses.services import enrol
from lessons.models import LessonPage
from lessons.services import record_progress
from tests import factories

pytestmark = pytest.mark.django_db

PARTS_URL = "/ca-nhan/trang/"


def with_script(client):
    client.cookies[SCRIPT_COOKIE] = "1"
    return client


def parts_of(client, page_or_path):
    path = page_or_path if isinstance(page_or_path, str) else page_or_path.url
    return client.get(PARTS_URL, {"path": path})


def filled_in(cached: str, answer: dict) -> str:
    """What cms/static/cms/learner.js makes of a cached copy, done with regular expressions."""
    html = cached
    for name, part in answer["parts"].items():
        marked = re.compile(rf"<!--part:{name}-->.*?<!--/part:{name}-->", re.S)
        assert marked.search(html), name
        html = marked.sub(lambda _m, part=part: part, html)
    learner = answer["learner"]
    html = re.sub(r' data-learner-parts="[^"]*"', f' data-learner="{learner["name"]}"', html)
    html = html.replace("data-outbox hidden", f'data-outbox hidden data-user="{learner["id"]}"')
    if answer["practice_url"]:
        html = re.sub(r'(data-radius="[^"]*")', rf'\1 data-url="{answer["practice_url"]}"', html)
    return html


def comparable(html: str) -> str:
    """Tokens and client ids differ on every rendering; white space is not markup."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", html)
    html = re.sub(r'name="client_id" value="[^"]+"', "CLIENT_ID", html)
    return " ".join(html.split())


@pytest.fixture
def learner(client):
    person = factories.learner(first_name="Lan")
    client.force_login(person)
    return person


# --- The cached copy, for whom ------------------------------------------------------------


def test_a_learner_with_script_gets_the_cached_copy_of_a_lesson_and_without_it_the_rendered_page(
    client, lessons, learner
):
    lesson = lessons[0]
    rendered = client.get(lesson.url)
    assert "X-Page-Cache" not in rendered
    assert 'name="client_id"' in rendered.content.decode()
    with_script(client)
    first = client.get(lesson.url)
    assert first["X-Page-Cache"] == "miss"  # rendered as a visitor sees it, and stored
    second = client.get(lesson.url)
    assert second["X-Page-Cache"] == "hit"
    html = second.content.decode()
    assert f'data-learner-parts="{PARTS_URL}?path=' in html
    assert "Lan" not in html and "csrfmiddlewaretoken" not in html


def test_the_copy_a_learner_is_served_is_the_one_a_visitor_gets(client, lessons, learner):
    from django.test import Client

    lesson = lessons[0]
    visitor = Client().get(lesson.url)
    assert visitor["X-Page-Cache"] == "miss"
    served = with_script(client).get(lesson.url)
    assert served["X-Page-Cache"] == "hit" and served.content == visitor.content


def test_a_learners_miss_stores_nothing_personal_for_visitors(client, course, lessons, learner):
    from django.test import Client

    done(learner, lessons[0])
    enrol(user=learner, course=course)
    with_script(client)
    for page in (course, lessons[0]):
        assert client.get(page.url)["X-Page-Cache"] == "miss"
        visitor = Client().get(page.url)
        assert visitor["X-Page-Cache"] == "hit"
        html = visitor.content.decode()
        assert "Lan" not in html and "csrfmiddlewaretoken" not in html
        assert 'data-testid="nav-my-learning"' not in html
        assert 'data-testid="lesson-done"' not in html and "data-user=" not in html


def test_staff_a_query_string_a_post_and_a_waiting_message_get_the_rendered_page(
    client, lessons, learner
):
    lesson = lessons[0]
    with_script(client)
    client.get(lesson.url)  # stored
    assert client.get(lesson.url, {"utm": "sms"}).get("X-Page-Cache") is None
    client.post(reverse("lessons:progress", args=[lesson.pk]), {"client_id": _uuid()})
    after_post = client.get(lesson.url)  # "Saved" waits to be shown
    assert after_post.get("X-Page-Cache") is None
    assert client.get(lesson.url)["X-Page-Cache"] == "hit"
    editor = factories.UserFactory(is_staff=True)
    client.force_login(editor)
    assert client.get(lesson.url).get("X-Page-Cache") is None


def test_a_private_lesson_is_never_served_from_the_cache_to_a_learner(client, lessons, learner):
    from wagtail.models import PageViewRestriction

    lesson = lessons[0]
    PageViewRestriction.objects.create(page=lesson, restriction_type="login")
    with_script(client)
    for _ in range(2):
        response = client.get(lesson.url)
        assert response.status_code == 200 and response.get("X-Page-Cache") is None
        assert "Lan" in response.content.decode()
    client.logout()
    assert client.get(lesson.url).status_code == 302


def test_publishing_still_refreshes_the_copy_learners_get(client, lessons, learner):
    lesson = lessons[0]
    with_script(client)
    client.get(lesson.url)
    assert client.get(lesson.url)["X-Page-Cache"] == "hit"
    lesson.title = "Bài một, tên mới"
    lesson.save_revision().publish()
    response = client.get(lesson.url)
    assert response["X-Page-Cache"] == "miss" and "Bài một, tên mới" in response.content.decode()


def test_a_learners_cached_lesson_page_costs_at_most_two_queries(
    client, lessons, learner, django_assert_max_num_queries
):
    lesson = lessons[0]
    with_script(client)
    client.get(lesson.url)
    with django_assert_max_num_queries(2):
        response = client.get(lesson.url)
    assert response["X-Page-Cache"] == "hit"


# --- The learner's parts --------------------------------------------------------------------


def test_the_filled_in_lesson_is_the_page_the_server_renders_for_the_learner(
    client, lessons, learner
):
    lesson = lessons[1]
    done(learner, lessons[0])
    done(learner, lesson)
    rendered = client.get(lesson.url).content.decode()
    cached = with_script(client).get(lesson.url).content.decode()
    answer = parts_of(client, lesson).json()
    assert answer["authenticated"] and answer["learner"] == {"id": str(learner.pk), "name": "Lan"}
    assert comparable(filled_in(cached, answer)) == comparable(rendered)
    assert 'data-testid="mark-done" hidden' in answer["parts"]["finish"]
    assert 'data-testid="lesson-done" hidden' not in answer["parts"]["finish"]


def test_the_filled_in_course_is_the_page_the_server_renders_for_the_learner(
    client, course, lessons, learner
):
    enrol(user=learner, course=course)
    done(learner, lessons[0])
    rendered = client.get(course.url).content.decode()
    cached = with_script(client).get(course.url).content.decode()
    answer = parts_of(client, course).json()
    assert comparable(filled_in(cached, answer)) == comparable(rendered)
    assert answer["parts"]["course-lessons"].count('class="done"') == 1
    assert 'data-testid="course-progress"' in answer["parts"]["enrol"]


def test_a_learner_not_enrolled_gets_the_enrol_form_with_a_token(client, course, learner):
    answer = parts_of(client, course).json()
    enrol_part = answer["parts"]["enrol"]
    assert reverse("courses:enrol", args=[course.pk]) in enrol_part
    assert 'name="csrfmiddlewaretoken"' in enrol_part
    assert "csrftoken" in client.cookies


def test_the_filled_in_practice_is_the_page_the_server_renders_for_the_learner(client, learner):
    from tests.lessons.test_practice import lesson_with_practice, post_run, right_taps

    lesson = lesson_with_practice()
    block_id = next(child.id for child in lesson.body if child.block_type == "practice")
    post_run(client, lesson, block_id, right_taps())
    rendered = client.get(lesson.url).content.decode()
    cached = with_script(client).get(lesson.url).content.decode()
    answer = parts_of(client, lesson).json()
    assert answer["practice_url"] == reverse("lessons:practice", args=[lesson.pk])
    assert 'data-testid="practice-best"' in answer["parts"][f"practice-best-{block_id}"]
    assert comparable(filled_in(cached, answer)) == comparable(rendered)


def test_the_parts_show_this_learners_done_state_never_another_learners(client, lessons):
    from django.test import Client

    lan, minh = factories.learner(first_name="Lan"), factories.learner(first_name="Minh")
    done(lan, lessons[0])
    for person, finished in ((lan, True), (minh, False)):
        browser = Client()
        browser.force_login(person)
        answer = parts_of(browser, lessons[0]).json()
        finish = answer["parts"]["finish"]
        assert answer["learner"]["name"] == person.first_name
        assert ('data-testid="lesson-done" hidden' not in finish) is finished
        assert "Lan" not in str(answer) or person == lan


def test_the_parts_answer_is_private_and_never_stored(client, lessons, learner):
    response = parts_of(client, lessons[0])
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/json"


def test_a_visitor_is_told_only_that_no_one_is_logged_in(
    client, lessons, django_assert_num_queries
):
    path = lessons[0].url
    with django_assert_num_queries(0):
        response = parts_of(client, path)
    assert response.status_code == 200 and response.json() == {"authenticated": False}
    assert response["Cache-Control"] == "private, no-store"


def test_the_parts_of_a_lesson_in_english_are_in_english(client, lessons, learner):
    html = parts_of(client, "/en" + lessons[0].url).json()["parts"]["finish"]
    assert "I have finished this lesson" in html
    assert (
        f'value="/en{lessons[0].url}"'
        in parts_of(client, "/en" + lessons[0].url).json()["parts"]["language"]
    )


def test_the_parts_cost_the_same_few_queries_whatever_the_course_size(
    client, learner, django_assert_max_num_queries
):
    small = factories.course_with_lessons(title="Nhỏ", slug="nho", lessons=2)
    large = factories.course_with_lessons(title="Lớn", slug="lon", lessons=25)
    for course in (small, large):
        enrol(user=learner, course=course)
        for lesson in factories.lessons_of(course):
            done(learner, lesson)
    counts = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for course in (small, large):
        for kind, page in (("course", course), ("lesson", factories.lessons_of(course)[1])):
            path = page.url
            with CaptureQueriesContext(connection) as queries:
                assert parts_of(client, path).status_code == 200
            counts.setdefault(kind, set()).add(len(queries))
    assert all(len(sizes) == 1 for sizes in counts.values()), counts
    path = factories.lessons_of(large)[20].url
    with django_assert_max_num_queries(25):
        parts_of(client, path)


# --- What an attacker gets ------------------------------------------------------------------


def test_a_private_page_gives_no_parts(client, lessons, learner):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=lessons[0], restriction_type="password", password="x")
    response = parts_of(client, lessons[0])
    assert response.status_code == 404 and "parts" not in response.json()


def test_an_unpublished_page_gives_no_parts(client, lessons, learner):
    lessons[0].unpublish()
    assert parts_of(client, lessons[0]).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/khoa-hoc/",
        "//evil.example/",
        "/khoa-hoc/?user=1",
        "khoa-hoc/",
        "/accounts/login/",
        "/ca-nhan/trang/",
        "/ho-gia-dinh/",
        "/../etc/passwd",
        "",
    ],
)
def test_paths_outside_the_sites_pages_are_refused(client, lessons, learner, path):
    response = parts_of(client, path)
    assert response.status_code in (400, 404)
    assert "parts" not in response.json()


def test_no_parameter_names_another_learner(client, lessons, learner):
    other = factories.learner(first_name="Minh")
    done(other, lessons[0])
    response = client.get(PARTS_URL, {"path": lessons[0].url, "user": other.pk, "pk": other.pk})
    answer = response.json()
    assert answer["learner"]["id"] == str(learner.pk)
    assert 'data-testid="lesson-done" hidden' in answer["parts"]["finish"]
    assert "Minh" not in response.content.decode()


def test_the_home_page_is_not_filled_in_and_learners_get_it_rendered(client, lessons, learner):
    from cms.models import HomePage

    home = HomePage.objects.first()
    assert parts_of(client, home.url).status_code == 404
    with_script(client)
    assert client.get(home.url).get("X-Page-Cache") is None
    assert LessonPage.serves_learners_from_cache(lessons[0])


def test_only_get_is_answered(client, lessons, learner):
    assert client.post(PARTS_URL, {"path": lessons[0].url}).status_code in (403, 405)


def _uuid():
    return uuid.uuid4()


def done(person, lesson):
    record_progress(user=person, lesson=lesson, client_id=_uuid())


def test_the_parts_of_a_page_in_the_cache_are_found_without_walking_the_page_tree(
    client, lessons, learner
):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = lessons[1].url
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert parts_of(client, path).status_code == 200
        counts.append(len(queries))
        Client().get(path)  # a visitor's visit stores the copy, and which page it is
    assert counts[1] < counts[0] - 3, counts


def test_logging_in_and_out_keeps_the_signed_in_hint_in_step_so_visitors_ask_nothing(
    client, lessons
):
    from base.page_cache import SIGNED_IN_COOKIE

    lesson = lessons[0]
    visitor = client.get(lesson.url)
    assert SIGNED_IN_COOKIE not in visitor.cookies  # a visitor's page makes no fill-in request
    person = factories.learner()
    page = client.post(
        reverse("account_login"), {"login": person.username, "password": factories.PASSWORD}
    )
    assert page.cookies[SIGNED_IN_COOKIE].value == "1"
    client.post(reverse("account_logout"))
    assert client.cookies[SIGNED_IN_COOKIE].value == ""  # deleted
