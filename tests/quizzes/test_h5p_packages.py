"""Packages made by H5P (on h5p.org, in the hub, by h5p-standalone's authors) install here as
H5P made them: the file types H5P allows, and nothing refused that H5P ignores."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.h5p import package as h5p_package
from quizzes.h5p import store as h5p_store
from quizzes.models import H5PActivity
from tests.factories import UserFactory
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db

# h5p-php-library, h5p.classes.php: H5PCore::$defaultContentWhitelist, and
# $defaultLibraryWhitelistExtras (with svg and xml, which H5P core no longer allows in content).
H5P_CONTENT_WHITELIST = (
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf "
    "rtf doc docx xls xlsx ppt pptx odt ods odp csv diff patch swf md textile vtt webvtt gltf glb"
)
H5P_LIBRARY_WHITELIST_EXTRAS = "js css svg xml"


@pytest.fixture
def manager():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    return user


def install(data: bytes, user, name="goi.h5p") -> H5PActivity:
    return h5p_store.install(upload=SimpleUploadedFile(name, data), title="", user=user)


def stored_files() -> list[Path]:
    return [path for path in h5p_store.h5p_root().rglob("*") if path.is_file()]


def test_the_allow_lists_are_h5p_cores_own():
    assert h5p_package.CONTENT_EXTENSIONS == set(H5P_CONTENT_WHITELIST.split())
    assert h5p_package.LIBRARY_EXTENSIONS == set(
        (H5P_CONTENT_WHITELIST + " " + H5P_LIBRARY_WHITELIST_EXTRAS).split()
    )


@pytest.mark.parametrize("name", ["H5P_CONTENT_HERE.txt", "README.md", "LICENSE", "notes.exe"])
def test_files_beside_h5p_json_are_ignored_and_never_extracted(manager, name):
    activity = install(fx.package(fx.files(**{name: "Put your H5P content here."})), manager)
    assert activity.main_library.machine_name == "NhaSo.TapChoice"
    assert not [path for path in stored_files() if path.name == name]


@pytest.mark.parametrize(
    "path, match",
    [
        (".DS_Store", "tệp ẩn hoặc tệp hệ thống"),
        ("_notes.txt", "tệp ẩn hoặc tệp hệ thống"),
        ("..\\outside.txt", "ra ngoài thư mục"),
    ],
)
def test_files_beside_h5p_json_still_follow_every_other_rule(manager, path, match):
    with pytest.raises(ValidationError, match=match):
        install(fx.package(fx.files(**{path: "x"})), manager)
    assert not H5PActivity.objects.exists() and stored_files() == []


def test_a_link_beside_h5p_json_is_still_refused(manager):
    with pytest.raises(ValidationError, match="liên kết"):
        install(fx.package(symlinks=[("H5P_CONTENT_HERE.txt", "/etc/passwd")]), manager)


@pytest.mark.parametrize(
    "path",
    [
        # As H5P.DragQuestion, H5P.QuestionSet and H5P.DragText ship them.
        f"{fx.LIBRARY}/upgrades.diff",
        f"{fx.LIBRARY}/scripts/fix.patch",
        f"{fx.LIBRARY}/README.md",
        f"{fx.LIBRARY}/icons/shape.svg",
        f"{fx.LIBRARY}/LICENSE.txt",
        "content/changes.diff",
        "content/notes.md",
        "content/models/house.glb",
        "content/captions/vi.vtt",
    ],
)
def test_files_h5p_allows_install(manager, path):
    install(fx.package(fx.files(**{path: "x"})), manager)
    relative = Path(*Path(path).parts[1:])
    if path.startswith("content/"):
        assert (h5p_store.content_dir(H5PActivity.objects.get()) / relative).is_file()
    else:
        assert (h5p_store.library_dir(fx.LIBRARY) / relative).is_file()


@pytest.mark.parametrize("path", ["content/drawing.svg", "content/feed.xml", "content/app.js"])
def test_content_still_holds_no_documents_or_code(manager, path):
    with pytest.raises(ValidationError, match="loại không được phép"):
        install(fx.package(fx.files(**{path: "<svg/>"})), manager)


def test_a_package_laid_out_like_h5p_standalones_own_installs(manager):
    """A note beside h5p.json and editor libraries the content does not use, as in the
    H5P.TrueFalse package h5p-standalone tests itself with."""
    files = fx.files(**{"H5P_CONTENT_HERE.txt": "Put H5P content here"}, **fx.editor_library())
    install(fx.package(files), manager)
    assert (h5p_store.library_dir("H5PEditor.ShowWhen-1.0") / "library.json").is_file()
    assert not [path for path in stored_files() if path.name == "H5P_CONTENT_HERE.txt"]
