import json
import re
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.h5p import results as h5p_results
from quizzes.h5p import store as h5p_store
from quizzes.models import Attempt, H5PActivity, H5PLibrary
from tests.factories import UserFactory, learner
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db
ACTIVITY_IRI = "http://localhost/h5p/1/choi/"


def statement(verb="answered", response=None, raw=1, maximum=1, parent=False):
    value = {
        "actor": {"name": "learner"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": ACTIVITY_IRI},
        "result": {"score": {"raw": raw, "max": maximum}, "completion": True},
        "context": {"contextActivities": {}},
    }
    if response is not None:
        value["result"]["response"] = response
    if parent:
        value["context"]["contextActivities"]["parent"] = [{"id": "http://localhost/parent"}]
    return value


def activity_of(main_library, content):
    library = H5PLibrary.objects.create(
        machine_name=main_library,
        major_version=1,
        minor_version=16,
        title=main_library,
        runnable=True,
    )
    return H5PActivity.objects.create(
        title="Hỏi", folder=uuid4(), main_library=library, h5p_json={}, content_json=content
    )


MULTICHOICE = {
    "question": "<p>Dấu hiệu lừa đảo?</p>",
    "answers": [
        {"text": "Đòi OTP", "correct": True},
        {"text": "Hỏi thăm", "correct": False},
        {"text": "Giục chuyển tiền", "correct": True},
    ],
}


def test_parse_tells_top_level_ending_statements_from_the_rest():
    assert h5p_results.parse(statement()).ends_attempt
    assert h5p_results.parse(statement("completed")).ends_attempt
    assert not h5p_results.parse(statement(parent=True)).ends_attempt  # a sub-question
    assert not h5p_results.parse(statement("interacted")).ends_attempt
    assert h5p_results.parse(statement(raw=3, maximum=4)).reported_score == 0.75


@pytest.mark.parametrize("bad", [None, "text", {"verb": "answered"}, {"result": {}}])
def test_unreadable_statements_are_refused(bad):
    with pytest.raises(ValidationError):
        h5p_results.parse(bad)


@pytest.mark.parametrize(
    "response, score", [("0[,]2", 1.0), ("0", 0.5), ("0[,]1", 0.0), ("2[,]0", 1.0), ("1", 0.0)]
)
def test_multichoice_is_rescored_from_the_response_not_the_browser(response, score):
    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    # The browser claims full marks every time; the server checks the answer key.
    attempt = h5p_results.record(
        user=learner(),
        activity=activity,
        client_id=uuid4(),
        statement=statement(response=response, raw=2, maximum=2),
    )
    assert attempt.score == score
    answer = attempt.answers.get()
    assert answer.response["score_source"] == "server"
    assert answer.response["reported_score"] == 1.0


def test_multichoice_single_point_mode():
    activity = activity_of("H5P.MultiChoice", {**MULTICHOICE, "behaviour": {"singlePoint": True}})
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement(response="0")
    )
    assert attempt.score == 0.0


@pytest.mark.parametrize("response, passed", [("false", True), ("true", False)])
def test_true_false_is_rescored(response, passed):
    activity = activity_of(
        "H5P.TrueFalse", {"question": "<p>OTP được đọc cho ngân hàng.</p>", "correct": "false"}
    )
    attempt = h5p_results.record(
        user=learner(),
        activity=activity,
        client_id=uuid4(),
        statement=statement(response=response, raw=1),
    )
    assert attempt.passed is passed


def test_a_response_naming_answers_that_do_not_exist_is_refused():
    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    with pytest.raises(ValidationError):
        h5p_results.record(
            user=learner(),
            activity=activity,
            client_id=uuid4(),
            statement=statement(response="0[,]7"),
        )
    assert not Attempt.objects.exists()


def test_other_content_types_keep_the_players_score_and_say_so():
    activity = activity_of("H5P.DragText", {})
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement(raw=3, maximum=4)
    )
    assert attempt.score == 0.75
    assert attempt.answers.get().response["score_source"] == "player"
    assert attempt.score_reported_by_player


def test_the_same_statement_sent_twice_counts_once():
    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    person, client_id = learner(), uuid4()
    first = h5p_results.record(
        user=person, activity=activity, client_id=client_id, statement=statement(response="0[,]2")
    )
    again = h5p_results.record(
        user=person, activity=activity, client_id=client_id, statement=statement(response="0[,]2")
    )
    assert first.pk == again.pk
    assert Attempt.objects.count() == 1


def test_sub_question_statements_record_nothing():
    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    assert (
        h5p_results.record(
            user=learner(),
            activity=activity,
            client_id=uuid4(),
            statement=statement(response="0", parent=True),
        )
        is None
    )
    assert not Attempt.objects.exists()


# --- the endpoint and the player page ---------------------------------------------------


def post_statement(client, activity, body, **extra):
    return client.post(
        reverse("quizzes:h5p_statement", args=[activity.pk]),
        json.dumps(body),
        content_type="application/json",
        **extra,
    )


def place(activity, lesson):
    lesson.body.append(("h5p", {"heading": "", "activity": activity}))
    lesson.save_revision().publish()
    return activity


def test_statement_endpoint_records_and_answers_in_vietnamese(client, lessons):
    activity = place(activity_of("H5P.MultiChoice", MULTICHOICE), lessons[0])
    client.force_login(learner())
    response = post_statement(
        client, activity, {"client_id": str(uuid4()), "statement": statement(response="0[,]2")}
    )
    assert response.json() == {
        "recorded": True,
        "percent": 100,
        "passed": True,
        "reported_by_player": False,
        "message": "Đã lưu kết quả: 100%",
    }


def test_statement_endpoint_refuses_garbage_clearly(client, lessons):
    activity = place(activity_of("H5P.MultiChoice", MULTICHOICE), lessons[0])
    client.force_login(learner())
    response = post_statement(client, activity, {"client_id": "nope", "statement": {}})
    assert response.status_code == 400
    assert "tải lại trang" in response.json()["error"]


def test_statement_endpoint_is_not_exempt_from_csrf():
    from django.test import Client

    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner())
    response = post_statement(
        client, activity, {"client_id": str(uuid4()), "statement": statement(response="0")}
    )
    assert response.status_code == 403
    assert not Attempt.objects.exists()


def test_player_page_and_files_for_the_sandboxed_frame(client, lessons):
    manager = UserFactory()
    manager.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    activity = h5p_store.install(
        upload=SimpleUploadedFile("a.h5p", fx.package()), title="", user=manager
    )
    place(activity, lessons[0])
    client.force_login(learner())
    page = client.get(reverse("quizzes:h5p_play", args=[activity.pk]))
    assert page.status_code == 200
    assert page["X-Frame-Options"] == "SAMEORIGIN"
    html = page.content.decode()
    content = re.search(r'"contentJsonPath": "([^"]+)"', html).group(1)
    assert "h5p-standalone/main.bundle.js" in html

    library_js = client.get(f"/h5p/files/libraries/{fx.LIBRARY}/tap-choice.js")
    assert library_js.status_code == 200
    assert library_js["Access-Control-Allow-Origin"] == "*"
    h5p_json = client.get(f"{content}/h5p.json")
    assert json.loads(b"".join(h5p_json.streaming_content))["mainLibrary"] == "NhaSo.TapChoice"
    for outside in ["../../../etc/passwd", "incoming/x", "content/../../db.sqlite3"]:
        assert client.get(f"/h5p/files/{outside}").status_code == 404


def test_trainer_report_includes_h5p_activities_of_the_course(client, course, lessons, commune):
    from courses import services as cohorts
    from tests.factories import trainer

    activity = activity_of("H5P.MultiChoice", MULTICHOICE)
    lessons[0].body.append(("h5p", {"heading": "", "activity": activity}))
    lessons[0].save_revision().publish()
    owner, member = trainer(), learner()
    cohort = cohorts.create_cohort(trainer=owner, course=course, name="Lớp B", commune=commune)
    cohorts.add_member(cohort=cohort, user=member)
    h5p_results.record(
        user=member, activity=activity, client_id=uuid4(), statement=statement(response="0")
    )
    client.force_login(owner)
    page = client.get(reverse("lessons:cohort_quiz_report", args=[cohort.pk])).content.decode()
    assert "1 lượt làm, 1 đã xong, 0 đạt; điểm trung bình 50%" in page
