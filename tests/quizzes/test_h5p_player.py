"""The H5P player page runs what H5P content types need, and only there; an H5P attempt's
result page shows what the activity reported, and says when the server could not check it."""

import re
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.h5p import results as h5p_results
from quizzes.h5p import store as h5p_store
from tests.factories import UserFactory, learner
from tests.quizzes import h5p_fixtures as fx
from tests.quizzes.test_h5p_results import MULTICHOICE, activity_of, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    manager = UserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    return h5p_store.install(
        upload=SimpleUploadedFile("a.h5p", fx.eval_choice_package()), title="", user=manager
    )


@pytest.fixture
def placed(activity, lessons):
    lessons[0].body.append(("h5p", {"heading": "", "activity": activity}))
    lessons[0].save_revision().publish()
    return lessons[0]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_the_player_page_alone_allows_the_eval_h5p_content_types_need(client, placed, activity):
    client.force_login(learner())
    player = directives(client.get(reverse("quizzes:h5p_play", args=[activity.pk])))
    assert "'unsafe-eval'" in player["script-src"] and "'self'" in player["script-src"]
    # Still an opaque origin, without the learner's cookies, however the page is opened.
    assert player["sandbox"] == ["allow-scripts"]
    lesson = directives(client.get(placed.url))
    assert "'unsafe-eval'" not in lesson["script-src"]
    assert "sandbox" not in lesson


def result_page(client, attempt):
    client.force_login(attempt.user)
    return client.get(reverse("quizzes:result", args=[attempt.pk]))


def test_the_result_of_an_activity_scored_by_the_player_says_it_was_not_checked(client, activity):
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement(raw=1)
    )
    response = result_page(client, attempt)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Hỏi nhanh về mã OTP</h1>" in html
    assert "Điểm của bạn: 100%" in html and "Bạn đã đạt" in html
    assert 'data-testid="reported-by-player"' in html


def test_the_result_of_an_activity_the_server_scored_makes_no_such_note(client):
    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement(response="0")
    )
    html = result_page(client, attempt).content.decode()
    assert "Điểm của bạn: 50%" in html
    assert re.search(r"Cần 80%\s+để đạt", html)
    assert "reported-by-player" not in html


def test_an_activity_attempt_has_no_question_pages(client, activity):
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement()
    )
    client.force_login(attempt.user)
    response = client.get(reverse("quizzes:question", args=[attempt.pk, 1]))
    assert response.url == reverse("quizzes:result", args=[attempt.pk])


def test_nobody_opens_another_learners_activity_result(client, activity):
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement()
    )
    client.force_login(learner())
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404
