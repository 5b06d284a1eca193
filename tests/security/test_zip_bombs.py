"""Archives whose index lies, or which expand far beyond their size, are refused in bounded
memory: an uploaded .h5p package (staff) and a household Excel list (commune officials)."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from households.importing import ImportRefused, import_households
from households.models import Household
from places.models import Village
from quizzes.h5p import adapter as h5p_adapter
from quizzes.h5p import store as h5p_store
from quizzes.models import H5PActivity, H5PLibrary
from tests.base import zips
from tests.factories import UserFactory
from tests.households.test_import import HEADER, ROWS
from tests.quizzes import h5p_fixtures as fx

pytestmark = pytest.mark.django_db
BOMB_BYTES = 256 * zips.MiB  # what the bombs below inflate to; each upload is under 1 MB
PEAK_LIMIT = 20 * zips.MiB


@pytest.fixture
def manager():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_h5p_libraries"))
    return user


def lying_h5p(member: str) -> bytes:
    """A valid package plus ``member``, whose index claims its compressed size while its
    deflate stream inflates to BOMB_BYTES."""
    files = fx.files(**{member: None})
    data = zips.archive(files, big={member: (BOMB_BYTES, b"\0")})
    return zips.understate(data, member)


@pytest.mark.parametrize(
    "member", ["content/video.mp4", "content/content.json", f"{fx.LIBRARY}/tap-choice.js"]
)
def test_an_h5p_whose_index_understates_a_member_is_refused_in_bounded_memory(manager, member):
    data = lying_h5p(member)
    assert len(data) < zips.MiB
    upload = SimpleUploadedFile("bom.h5p", data)
    peak, raised = zips.peak_while(lambda: h5p_store.install(upload=upload, title="", user=manager))
    assert isinstance(raised, ValidationError)
    assert "quá mức an toàn" in raised.messages[0] and member in raised.messages[0]
    assert peak < PEAK_LIMIT, f"peak {peak / zips.MiB:.1f} MiB"
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()


def test_pyh5p_never_reads_the_uploaded_archive_itself():
    # pyh5p would inflate the video in one go; it only gets the two JSON files it reads.
    data = lying_h5p("content/video.mp4")
    content = {}
    peak, raised = zips.peak_while(
        lambda: content.update(h5p_adapter.content_of(SimpleUploadedFile("b.h5p", data)))
    )
    assert raised is None and content["answers"][0]["text"] == "Không mất phí"
    assert peak < PEAK_LIMIT, f"peak {peak / zips.MiB:.1f} MiB"


def test_a_lying_content_json_is_refused_before_pyh5p_sees_it():
    data = lying_h5p("content/content.json")
    peak, raised = zips.peak_while(
        lambda: h5p_adapter.content_of(SimpleUploadedFile("b.h5p", data))
    )
    assert isinstance(raised, ValidationError) and "content/content.json" in raised.messages[0]
    assert peak < PEAK_LIMIT, f"peak {peak / zips.MiB:.1f} MiB"


def test_the_answer_key_of_a_valid_package_is_still_read_by_pyh5p():
    content = h5p_adapter.content_of(SimpleUploadedFile("ok.h5p", fx.package()))
    assert content["answers"][0] == {"text": "Không mất phí", "correct": True}


def xlsx_bytes(rows=ROWS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_bomb(*, lie: bool) -> bytes:
    """A real workbook whose sheet XML carries BOMB_BYTES of whitespace before its rows."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    sheet = "xl/worksheets/sheet1.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == sheet:
                head, tail = source.read(info).split(b"<sheetData>", 1)
                zips.write_big(
                    target, sheet, BOMB_BYTES, b" ", head=head + b"<sheetData>", tail=tail
                )
            else:
                target.writestr(info.filename, source.read(info))
    data = buffer.getvalue()
    return zips.understate(data, sheet) if lie else data


@pytest.fixture
def villages(commune):
    return [
        Village.objects.create(commune=commune, name=name) for name in ("Bản Co Sủ", "Bản Nà Nọ")
    ]


@pytest.mark.parametrize("lie", [False, True], ids=["honest-index", "lying-index"])
def test_an_excel_bomb_is_refused_in_bounded_memory_with_what_to_do(commune, villages, lie):
    data = excel_bomb(lie=lie)
    assert len(data) < zips.MiB
    upload = SimpleUploadedFile("ho-gia-dinh.xlsx", data)
    peak, raised = zips.peak_while(
        lambda: import_households(upload=upload, commune=commune, user=UserFactory())
    )
    assert isinstance(raised, ImportRefused)
    message = raised.errors[0].message
    assert "CSV UTF-8" in message and ".xlsx" in message
    assert peak < PEAK_LIMIT, f"peak {peak / zips.MiB:.1f} MiB"
    assert not Household.objects.exists()


def test_an_excel_file_with_too_many_parts_is_refused(commune, villages, settings):
    settings.HOUSEHOLD_IMPORT_MAX_XLSX_ENTRIES = 5
    upload = SimpleUploadedFile("ho-gia-dinh.xlsx", xlsx_bytes())
    with pytest.raises(ImportRefused) as refusal:
        import_households(upload=upload, commune=commune, user=UserFactory())
    assert "CSV UTF-8" in refusal.value.errors[0].message


def test_a_normal_excel_file_and_package_still_import(commune, villages, manager):
    upload = SimpleUploadedFile("ho-gia-dinh.xlsx", xlsx_bytes())
    assert import_households(upload=upload, commune=commune, user=manager).members_created == 3
    activity = h5p_store.install(
        upload=SimpleUploadedFile("ok.h5p", fx.package()), title="", user=manager
    )
    assert activity.content_json["answers"][1]["text"] == "Mất phí"
