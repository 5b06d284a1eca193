"""A library may only preload code and styles from its own folder in the package: the H5P
player loads preloadedJs / preloadedCss paths relative to that folder, as written."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.h5p import store as h5p_store
from quizzes.models import H5PActivity, H5PLibrary
from tests.factories import UserFactory
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    return user


def with_library_json(**changes) -> bytes:
    library = dict(fx.LIBRARY_JSON, **changes)
    return fx.package(fx.files(**{f"{fx.LIBRARY}/library.json": json.dumps(library)}))


@pytest.mark.parametrize("key", ["preloadedJs", "preloadedCss"])
@pytest.mark.parametrize(
    "path",
    [
        "../../x.js",
        "../NhaSo.TapChoice-1.0/tap-choice.js",
        "/etc/x.js",
        "a/../../b.css",
        "./../x.js",
        "..\\x.js",
        "scripts\\x.js",
        "%2e%2e/x.js",
        "https://example.com/x.js",
        "missing.js",
        "",
    ],
)
def test_a_preloaded_path_outside_the_library_folder_is_refused(manager, key, path):
    package = with_library_json(**{key: [{"path": path}]})
    with pytest.raises(ValidationError) as refusal:
        h5p_store.check(upload=SimpleUploadedFile("x.h5p", package), user=manager)
    message = refusal.value.messages[0]
    assert "NhaSo.TapChoice 1.0" in message and path in message
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()


def test_a_file_of_another_library_or_of_the_content_is_not_the_library_own(manager):
    files = fx.files(
        **{
            f"{fx.LIBRARY}/library.json": json.dumps(
                dict(fx.LIBRARY_JSON, preloadedJs=[{"path": "content/content.json"}])
            )
        }
    )
    with pytest.raises(ValidationError, match="content/content.json"):
        h5p_store.check(upload=SimpleUploadedFile("x.h5p", fx.package(files)), user=manager)


def test_preloaded_files_in_subfolders_of_the_library_are_accepted(manager):
    library = dict(fx.LIBRARY_JSON, preloadedJs=[{"path": "scripts/tap-choice.js"}])
    files = fx.files(
        **{
            f"{fx.LIBRARY}/library.json": json.dumps(library),
            f"{fx.LIBRARY}/scripts/tap-choice.js": fx.JS,
        }
    )
    activity = h5p_store.install(
        upload=SimpleUploadedFile("x.h5p", fx.package(files)), title="", user=manager
    )
    assert (h5p_store.library_dir(fx.LIBRARY) / "scripts" / "tap-choice.js").exists()
    assert activity.main_library.machine_name == "NhaSo.TapChoice"
