import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.h5p import store as h5p_store
from quizzes.models import H5PActivity, H5PLibrary
from tests.factories import UserFactory
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db


def upload(data: bytes, name="cau-hoi.h5p"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.fixture
def manager():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    return user


@pytest.fixture
def editor():
    return UserFactory(is_staff=True)


def refused(data, user, match):
    with pytest.raises(ValidationError, match=match):
        h5p_store.install(upload=upload(data), title="", user=user)
    assert not H5PActivity.objects.exists()
    assert not H5PLibrary.objects.exists()
    root = h5p_store.h5p_root()
    leftovers = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert leftovers == []


def test_a_valid_package_is_installed_with_its_library(manager):
    activity = h5p_store.install(upload=upload(fx.package()), title="", user=manager)
    assert activity.title == "Hỏi nhanh về VNeID"
    assert str(activity.main_library) == "NhaSo.TapChoice 1.0.0"
    assert (h5p_store.library_dir(fx.LIBRARY) / "tap-choice.js").exists()
    stored = json.loads((h5p_store.content_dir(activity) / "content.json").read_text())
    assert stored["answers"][0]["text"] == "Không mất phí"


def test_libraries_are_stored_once_whatever_the_number_of_packages(manager):
    h5p_store.install(upload=upload(fx.package()), title="Một", user=manager)
    h5p_store.install(upload=upload(fx.package()), title="Hai", user=manager)
    assert H5PLibrary.objects.count() == 1
    assert H5PActivity.objects.count() == 2


def test_an_editor_may_add_content_for_installed_libraries_but_not_bring_code(manager, editor):
    refused(fx.package(), editor, "Chỉ người được quản lý thư viện H5P")
    h5p_store.install(upload=upload(fx.package()), title="", user=manager)
    activity = h5p_store.install(
        upload=upload(fx.package(fx.files(with_library=False))), title="", user=editor
    )
    assert activity.main_library.machine_name == "NhaSo.TapChoice"


def test_a_higher_patch_version_is_new_code(manager, editor):
    h5p_store.install(upload=upload(fx.package()), title="", user=manager)
    newer = dict(fx.LIBRARY_JSON, patchVersion=3)
    with pytest.raises(ValidationError, match="NhaSo.TapChoice 1.0"):
        h5p_store.install(
            upload=upload(
                fx.package(fx.files(**{f"{fx.LIBRARY}/library.json": json.dumps(newer)}))
            ),
            title="",
            user=editor,
        )
    h5p_store.install(
        upload=upload(fx.package(fx.files(**{f"{fx.LIBRARY}/library.json": json.dumps(newer)}))),
        title="",
        user=manager,
    )
    assert H5PLibrary.objects.get().patch_version == 3


def test_not_a_zip(manager):
    refused(b"%PDF-1.4 this is not a zip", manager, "không phải là tệp zip")


def test_no_h5p_json(manager):
    refused(fx.package(fx.files(**{"h5p.json": None})), manager, "không có tệp h5p.json")


def test_h5p_json_that_is_not_json(manager):
    refused(fx.package(fx.files(**{"h5p.json": "{title: oops"})), manager, "không phải JSON hợp lệ")


def test_h5p_json_without_main_library(manager):
    bad = fx.h5p_json()
    del bad["mainLibrary"]
    refused(fx.package(fx.files(**{"h5p.json": json.dumps(bad)})), manager, "mainLibrary")


def test_no_content_json(manager):
    refused(fx.package(fx.files(**{"content/content.json": None})), manager, "content.json")


@pytest.mark.parametrize(
    "path",
    ["../outside.json", "content/../../outside.json", "/etc/cron.d/x.json", "C:/windows/x.json"],
)
def test_paths_that_leave_the_folder(manager, path):
    refused(fx.package(fx.files(**{path: "{}"})), manager, "ra ngoài thư mục")


def test_symlinks(manager):
    refused(fx.package(symlinks=[("content/passwd.json", "/etc/passwd")]), manager, "liên kết")


@pytest.mark.parametrize(
    "path", ["content/.htaccess.txt", "__MACOSX/content/x.json", "content/_secret.json"]
)
def test_hidden_and_system_files(manager, path):
    refused(fx.package(fx.files(**{path: "{}"})), manager, "tệp ẩn hoặc tệp hệ thống")


@pytest.mark.parametrize(
    "path",
    [
        "content/shell.php",
        "content/page.html",
        "content/run.exe",
        "content/evil.js",
        "content/logo.svg",
        f"{fx.LIBRARY}/install.php",
    ],
)
def test_file_types_outside_the_allow_lists(manager, path):
    refused(fx.package(fx.files(**{path: "x"})), manager, "loại không được phép")


def test_a_file_in_a_folder_that_is_neither_content_nor_a_library(manager):
    # Files beside h5p.json are ignored as H5P ignores them (test_h5p_packages); a folder is
    # either the content or a library.
    refused(fx.package(fx.files(**{"docs/readme.txt": "hi"})), manager, "chỗ không đúng")


def test_a_zip_bomb_is_refused_from_the_index(manager, settings):
    zeros = b"\0" * (20 * 1024 * 1024)  # compresses about 1000 times
    refused(fx.package(fx.files(**{"content/video.mp4": zeros})), manager, "quá mức an toàn")


def test_too_many_files(manager, settings):
    settings.H5P_MAX_FILES = 10
    many = {f"content/images/{n}.png": "x" for n in range(20)}
    refused(fx.package(fx.files(**many)), manager, "quá nhiều tệp")


def test_an_oversized_upload(manager, settings):
    settings.H5P_MAX_UPLOAD_BYTES = 1024
    refused(fx.package(fx.files(**{"content/images/big.png": "x" * 5000})), manager, "quá lớn")


def test_a_missing_library_is_named(editor):
    refused(fx.package(fx.files(with_library=False)), editor, "NhaSo.TapChoice 1.0")


def test_markup_beyond_the_allowed_tags_is_stripped(manager):
    dirty = fx.content(
        '<div><p onclick="steal()">Hỏi <span>nhanh</span><br>'
        "<script>alert(1)</script><img src=x onerror=alert(2)></p></div>"
    )
    activity = h5p_store.install(
        upload=upload(fx.package(fx.files(**{"content/content.json": json.dumps(dirty)}))),
        title="",
        user=manager,
    )
    question = activity.content_json["question"]
    assert question == "<div><p>Hỏi <span>nhanh</span><br></p></div>"
    on_disk = (h5p_store.content_dir(activity) / "content.json").read_text()
    assert "script" not in on_disk and "onerror" not in on_disk


def test_a_failure_while_saving_leaves_nothing_behind(manager, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(H5PActivity.objects, "create", fail)
    with pytest.raises(RuntimeError):
        h5p_store.install(upload=upload(fx.package()), title="", user=manager)
    assert not H5PLibrary.objects.exists()
    assert not [p for p in h5p_store.h5p_root().rglob("*") if p.is_file()]


def test_upload_through_the_wagtail_admin(client, manager, editor):
    add_url = reverse("wagtailsnippets_quizzes_h5pactivity:add")
    client.force_login(editor)
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="h5pactivity"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = client.post(add_url, {"title": "", "pass_mark": 80, "package": upload(fx.package())})
    assert response.status_code == 200
    assert "Chỉ người được quản lý thư viện H5P" in response.content.decode()
    assert not H5PActivity.objects.exists()

    manager.user_permissions.add(*Permission.objects.filter(codename__endswith="h5pactivity"))
    manager.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(manager)
    response = client.post(
        add_url, {"title": "Câu hỏi VNeID", "pass_mark": 80, "package": upload(fx.package())}
    )
    assert response.status_code == 302
    assert H5PActivity.objects.get().title == "Câu hỏi VNeID"


def test_the_fixture_package_is_a_real_zip():
    assert zipfile.is_zipfile(__import__("io").BytesIO(fx.package()))


def admin_upload(client, user, data):
    """Post ``data`` as a new H5P activity through the Wagtail admin, as ``user``."""
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="h5pactivity"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client.post(
        reverse("wagtailsnippets_quizzes_h5pactivity:add"),
        {"title": "", "pass_mark": 80, "package": upload(data)},
    )


def library_json(**changes):
    return json.dumps({**fx.LIBRARY_JSON, **changes})


def nested(levels: int) -> str:
    """A JSON object ``levels`` deep, with distinct keys so that it does not compress like a
    zip bomb."""
    return "".join(f'{{"k{n}": ' for n in range(levels)) + "1" + "}" * levels


BROKEN_FILES = {
    "h5p.json is not JSON": {"h5p.json": "{title: oops"},
    "h5p.json is a list": {"h5p.json": "[1, 2]"},
    "h5p.json nests too deep": {"h5p.json": nested(5000)},
    "dependencies not a list": {"h5p.json": json.dumps(fx.h5p_json(preloadedDependencies=5))},
    "dependencies a dict": {
        "h5p.json": json.dumps(fx.h5p_json(preloadedDependencies={"machineName": "x"}))
    },
    "dependencies a string": {"h5p.json": json.dumps(fx.h5p_json(preloadedDependencies="abc"))},
    "a dependency not an object": {"h5p.json": json.dumps(fx.h5p_json(preloadedDependencies=[7]))},
    "a dependency name not a string": {
        "h5p.json": json.dumps(
            fx.h5p_json(
                preloadedDependencies=[{"machineName": ["x"], "majorVersion": 1, "minorVersion": 0}]
            )
        )
    },
    "a dependency version out of range": {
        "h5p.json": '{"mainLibrary": "NhaSo.TapChoice", "preloadedDependencies": '
        '[{"machineName": "NhaSo.TapChoice", "majorVersion": 1e400, "minorVersion": 0}]}'
    },
    "mainLibrary a list": {"h5p.json": json.dumps(fx.h5p_json(mainLibrary=["NhaSo.TapChoice"]))},
    "mainLibrary a number": {"h5p.json": json.dumps(fx.h5p_json(mainLibrary=3))},
    "title a list": {"h5p.json": json.dumps(fx.h5p_json(title=["x"]))},
    "content.json is not JSON": {"content/content.json": '{"question": '},
    "content.json is a string": {"content/content.json": '"just text"'},
    "content.json nests too deep": {"content/content.json": nested(900)},
    "content.json nests deeper than H5P": {"content/content.json": nested(101)},
    "content.json is not UTF-8": {"content/content.json": b'{"question": "\xff"}'},
    # Our reader allows a byte-order mark; pyh5p, which reads the answer key, does not.
    "content.json with a byte-order mark": {
        "content/content.json": b"\xef\xbb\xbf" + json.dumps(fx.content()).encode()
    },
    "library.json is not JSON": {f"{fx.LIBRARY}/library.json": "{"},
    "library.json is a list": {f"{fx.LIBRARY}/library.json": "[]"},
    "patchVersion not a number": {f"{fx.LIBRARY}/library.json": library_json(patchVersion="x")},
    "patchVersion a list": {f"{fx.LIBRARY}/library.json": library_json(patchVersion=[1])},
    "patchVersion too large": {f"{fx.LIBRARY}/library.json": library_json(patchVersion=10**9)},
    "majorVersion a list": {f"{fx.LIBRARY}/library.json": library_json(majorVersion=[1])},
    "machineName a number": {f"{fx.LIBRARY}/library.json": library_json(machineName=1)},
    "title an object": {f"{fx.LIBRARY}/library.json": library_json(title={"vi": "x"})},
    "library dependencies not a list": {
        f"{fx.LIBRARY}/library.json": library_json(preloadedDependencies=3)
    },
    "preloadedJs not a list": {f"{fx.LIBRARY}/library.json": library_json(preloadedJs="x.js")},
    "preloadedJs entry not an object": {
        f"{fx.LIBRARY}/library.json": library_json(preloadedJs=["tap-choice.js"])
    },
    "preloadedCss path not a string": {
        f"{fx.LIBRARY}/library.json": library_json(preloadedCss=[{"path": 3}])
    },
    "preloadedCss entry without path": {
        f"{fx.LIBRARY}/library.json": library_json(preloadedCss=[{}])
    },
}


@pytest.mark.parametrize("broken", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_broken_package_json_is_a_form_error_in_the_admin(client, manager, broken):
    response = admin_upload(client, manager, fx.package(fx.files(**broken)))
    assert response.status_code == 200
    html = response.content.decode()
    package_errors = html[html.index('id="panel-child-package-errors"') :][:1000]
    assert 'class="error-message"' in package_errors
    assert not H5PActivity.objects.exists()
    assert not H5PLibrary.objects.exists()


@pytest.mark.parametrize("name", [".", "./"])
def test_a_member_named_after_no_path_is_refused(manager, name):
    refused(fx.package(fx.files(**{name: "x"})), manager, "chỗ không đúng")


def test_titles_longer_than_their_columns_are_cut_to_fit(manager):
    files = fx.files(
        **{
            "h5p.json": json.dumps(fx.h5p_json(title="Câu hỏi " * 100)),
            f"{fx.LIBRARY}/library.json": library_json(title="Thư viện " * 100),
        }
    )
    activity = h5p_store.install(upload=upload(fx.package(files)), title="", user=manager)
    assert len(activity.title) == 200 and len(activity.main_library.title) == 255
