"""The editor's path as seeded: an editor writes quizzes and places H5P content in the admin,
but cannot bring new H5P code nor delete what holds learners' attempts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from quizzes.h5p import store as h5p_store
from tests.factories import UserFactory
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    # As seed_demo makes bientap: the Editors role and staff status, nothing else.
    return UserFactory(role=Role.EDITOR, is_staff=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/quizzes/quiz/",
        "/admin/snippets/quizzes/quiz/add/",
        "/admin/snippets/quizzes/h5pactivity/",
        "/admin/snippets/quizzes/h5pactivity/add/",
    ],
)
def test_an_editor_reaches_quizzes_and_h5p_activities(client, editor, path):
    client.force_login(editor)
    response = client.get(path)
    assert response.status_code == 200, response.get("Location")


def test_an_editor_may_not_bring_h5p_code_nor_delete_quizzes(editor):
    assert not editor.has_perm("quizzes.manage_h5p_libraries")
    assert not editor.has_perm("quizzes.delete_quiz")
    with pytest.raises(Exception, match="H5P"):
        h5p_store.install(upload=SimpleUploadedFile("a.h5p", fx.package()), title="", user=editor)
