import io
import json
import zipfile
from uuid import uuid4

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.h5p import adapter as h5p_adapter
from quizzes.h5p import results as h5p_results
from quizzes.h5p import store as h5p_store
from quizzes.models import Quiz
from tests.factories import UserFactory, learner, quiz_with_every_question_type
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["manage_h5p_libraries", "access_admin", "view_quiz", "change_quiz"]
        )
    )
    return user


@pytest.fixture
def core_types(manager):
    """H5P's question types arrive the way they would in real life: inside an upload."""
    return h5p_store.install(
        upload=SimpleUploadedFile("mc.h5p", fx.core_types_package()), title="", user=manager
    )


def unzip(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def single_question_quiz():
    return Quiz.objects.create(
        title="Một câu về OTP",
        questions=[
            (
                "single_choice",
                {
                    "prompt": "<p>Ai được biết mã <strong>OTP</strong>?</p>",
                    "choices": [
                        {"text": "Chỉ mình tôi", "correct": True, "feedback": "Đúng."},
                        {"text": "Ngân hàng", "correct": False, "feedback": ""},
                    ],
                },
            )
        ],
    )


def test_a_one_question_quiz_becomes_an_h5p_multichoice_that_plays_and_grades(core_types, manager):
    data, skipped = h5p_adapter.export_quiz(
        single_question_quiz(), libraries=h5p_store.library_root()
    )
    files = unzip(data)
    meta = json.loads(files["h5p.json"])
    content = json.loads(files["content/content.json"])
    assert skipped == []
    assert meta["mainLibrary"] == "H5P.MultiChoice"
    # pyh5p's known gaps are covered: no editor code, paragraphs kept.
    assert not any(name.startswith("H5PEditor.") for name in files)
    assert "H5PEditor" not in files["h5p.json"].decode()
    assert content["question"] == "<p>Ai được biết mã <strong>OTP</strong>?</p>"
    assert [a["correct"] for a in content["answers"]] == [True, False]
    assert content["behaviour"]["singleAnswer"] is True

    # The export is itself a valid upload, and the server grades answers to it.
    activity = h5p_store.install(upload=SimpleUploadedFile("x.h5p", data), title="", user=manager)
    statement = {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "x"},
        "result": {"response": "0", "score": {"raw": 0, "max": 1}},
    }
    attempt = h5p_results.record(
        user=learner(), activity=activity, client_id=uuid4(), statement=statement
    )
    assert attempt.score == 1.0  # the browser said 0; the answer key says right


def test_a_longer_quiz_becomes_a_question_set_and_says_what_it_left_out(core_types):
    data, skipped = h5p_adapter.export_quiz(
        quiz_with_every_question_type(), libraries=h5p_store.library_root()
    )
    files = unzip(data)
    content = json.loads(files["content/content.json"])
    assert json.loads(files["h5p.json"])["mainLibrary"] == "H5P.QuestionSet"
    assert [q["library"] for q in content["questions"]] == [
        "H5P.MultiChoice 1.16",
        "H5P.MultiChoice 1.16",
        "H5P.TrueFalse 1.8",
    ]
    assert content["questions"][2]["params"]["correct"] == "true"
    assert content["passPercentage"] == 80
    assert skipped == [4, 5]  # put in order, tap the right place


def test_a_missing_library_is_named_so_the_editor_knows_what_to_upload():
    with pytest.raises(ValidationError, match="H5P.MultiChoice"):
        h5p_adapter.export_quiz(single_question_quiz(), libraries=h5p_store.library_root())


def test_export_from_the_admin(client, core_types, manager):
    client.force_login(manager)
    quiz = single_question_quiz()
    response = client.get(reverse("quiz_export_h5p", args=[quiz.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mot-cau-ve-otp.h5p"'
    assert "h5p.json" in unzip(response.content)

    mixed = quiz_with_every_question_type()
    response = client.get(reverse("quiz_export_h5p", args=[mixed.pk]), follow=True)
    assert "Câu 4, 5 không xuất sang H5P được" in response.content.decode()
    confirmed = client.get(reverse("quiz_export_h5p", args=[mixed.pk]) + "?confirm=1")
    assert confirmed["Content-Type"] == "application/zip"


def test_export_without_libraries_explains_in_the_admin(client, manager):
    client.force_login(manager)
    response = client.get(reverse("quiz_export_h5p", args=[single_question_quiz().pk]), follow=True)
    assert "chưa được cài" in response.content.decode()
