"""H5P packages carry code from elsewhere: it never runs on the site's origin, their answers
are served only to learners who can open the activity, and results are taken only from them."""

import json
import re
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.h5p import store as h5p_store
from quizzes.models import Attempt
from tests.factories import UserFactory, learner
from tests.quizzes import h5p_fixtures as fx
from tests.quizzes.test_h5p_results import statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    manager = UserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    files = fx.files(**{f"{fx.LIBRARY}/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    return h5p_store.install(
        upload=SimpleUploadedFile("a.h5p", fx.package(files)), title="", user=manager
    )


@pytest.fixture
def placed(activity, lessons):
    lessons[0].body.append(("h5p", {"heading": "", "activity": activity}))
    lessons[0].save_revision().publish()
    return lessons[0]


def play(client, activity):
    return client.get(reverse("quizzes:h5p_play", args=[activity.pk]))


def content_path(player_page) -> str:
    options = re.search(
        r'<script id="h5p-options" type="application/json">(.*?)</script>',
        player_page.content.decode(),
        re.S,
    )
    return json.loads(options.group(1))["contentJsonPath"]


def send(client, activity, **body):
    return client.post(
        reverse("quizzes:h5p_statement", args=[activity.pk]),
        json.dumps({"client_id": str(uuid4()), "statement": statement(), **body}),
        content_type="application/json",
    )


def test_the_player_page_is_sandboxed_however_it_is_opened(client, placed, activity):
    client.force_login(learner())
    response = play(client, activity)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert re.search(r"(^|;)\s*sandbox allow-scripts\s*(;|$)", policy)
    assert "allow-same-origin" not in policy


def test_anonymous_visitors_get_neither_the_player_nor_the_answers(client, placed, activity):
    assert play(client, activity).status_code == 302
    for path in ("content.json", "h5p.json"):
        # The old, guessable path to the answer key is gone.
        assert client.get(f"/h5p/files/content/{activity.folder}/{path}").status_code == 404
    lesson_page = client.get(placed.url).content.decode()
    assert "data-h5p-frame" not in lesson_page


def test_a_learner_who_cannot_see_the_activity_gets_nothing(client, activity, lessons):
    client.force_login(learner())
    assert play(client, activity).status_code == 404
    # Placed only in an unpublished draft: still nothing.
    lessons[0].body.append(("h5p", {"heading": "", "activity": activity}))
    lessons[0].save_revision()
    assert play(client, activity).status_code == 404


def test_content_files_come_through_the_signed_path_with_a_sandbox(client, placed, activity):
    client.force_login(learner())
    path = content_path(play(client, activity))
    client.logout()  # the sandboxed frame sends no cookies
    response = client.get(f"{path}/content.json")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["question"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    forged = path.rsplit("/", 1)[0] + "/" + str(activity.folder)
    assert client.get(f"{forged}/content.json").status_code == 404


def test_library_svg_is_never_a_document_on_the_site(client, activity):
    response = client.get(f"/h5p/files/libraries/{fx.LIBRARY}/icon.svg")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    script = client.get(f"/h5p/files/libraries/{fx.LIBRARY}/tap-choice.js")
    assert script["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in script.get("Content-Disposition", "")


def test_results_only_for_an_activity_the_learner_can_see(client, activity, lessons):
    client.force_login(learner())
    response = send(client, activity)
    assert response.status_code == 404
    assert "bài học" in response.json()["error"]
    assert not Attempt.objects.exists()


def test_a_result_from_a_learner_who_can_see_it_is_recorded_once(client, placed, activity):
    client.force_login(learner())
    client_id = str(uuid4())
    for _ in range(2):
        assert send(client, activity, client_id=client_id).status_code == 200
    attempt = Attempt.objects.get()
    # NhaSo.TapChoice is not a type the server can re-score: the score is the player's.
    assert attempt.score_reported_by_player
    assert "không được kiểm tra" in send(client, activity).json()["message"]


def test_an_editor_of_h5p_activities_can_preview_unplaced_ones(client, activity):
    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="change_h5pactivity"))
    client.force_login(editor)
    assert play(client, activity).status_code == 200


def test_the_sites_own_media_server_does_not_serve_h5p_storage(activity, settings):
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    import cms.urls

    settings.SERVE_MEDIA = True
    import importlib

    importlib.reload(cms.urls)
    try:
        with pytest.raises(Resolver404):
            resolve(f"/media/h5p/libraries/{fx.LIBRARY}/icon.svg", urlconf=cms.urls)
        assert resolve("/media/narration/x.ogg", urlconf=cms.urls).url_name is None
    finally:
        settings.SERVE_MEDIA = False
        importlib.reload(cms.urls)
