import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from households.importing import ImportRefused, import_households
from households.models import Consent, Household, Member
from places.models import Village
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HEADER = [
    "Mã hộ",
    "Thôn/bản",
    "Chủ hộ",
    "Họ và tên",
    "Năm sinh",
    "Quan hệ với chủ hộ",
    "Số điện thoại",
    "Người đồng ý",
    "Ngày đồng ý",
]
ROWS = [
    [
        "H001",
        "Bản Co Sủ",
        "Lò Văn Pâng",
        "Lò Văn Pâng",
        "1968",
        "Chủ hộ",
        "0912 345 678",
        "Lò Văn Pâng",
        "02/03/2026",
    ],
    [
        "H001",
        "Bản Co Sủ",
        "Lò Văn Pâng",
        "Lò Thị Xuân",
        "1972",
        "Vợ",
        "",
        "Lò Văn Pâng",
        "02/03/2026",
    ],
    [
        "H002",
        "Bản Nà Nọ",
        "Quàng Thị Ún",
        "Quàng Thị Ún",
        "1980",
        "Chủ hộ",
        "",
        "Quàng Thị Ún",
        "05/03/2026",
    ],
]


def csv_file(rows, header=HEADER, encoding="utf-8", name="ho-gia-dinh.csv"):
    text = "\n".join(",".join(row) for row in [header, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([int(c) if c.isdigit() and len(c) == 4 else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ho-gia-dinh.xlsx", buffer.getvalue())


@pytest.fixture
def villages(commune):
    return [
        Village.objects.create(commune=commune, name=name) for name in ("Bản Co Sủ", "Bản Nà Nọ")
    ]


@pytest.fixture
def official():
    return UserFactory()


def test_a_clean_csv_is_imported_with_members_and_consent(commune, villages, official):
    result = import_households(upload=csv_file(ROWS), commune=commune, user=official)
    assert (result.households_created, result.members_created) == (2, 3)
    household = Household.objects.get(code="H001")
    assert household.village.name == "Bản Co Sủ"
    assert [m.relation for m in household.members.order_by("birth_year")] == ["head", "spouse"]
    assert str(household.members.get(birth_year=1968).phone) == "+84912345678"
    assert Consent.objects.filter(household=household, given_by="Lò Văn Pâng").count() == 1


def test_importing_the_same_file_again_changes_nothing(commune, villages, official):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    again = import_households(upload=csv_file(ROWS), commune=commune, user=official)
    assert (
        again.households_created,
        again.households_updated,
        again.members_created,
        again.members_updated,
    ) == (0, 0, 0, 0)
    assert (Household.objects.count(), Member.objects.count(), Consent.objects.count()) == (2, 3, 2)


def test_excel_files_are_read_too(commune, villages, official):
    result = import_households(upload=xlsx_file(ROWS), commune=commune, user=official)
    assert result.members_created == 3


def refused(upload, commune, official):
    with pytest.raises(ImportRefused) as refusal:
        import_households(upload=upload, commune=commune, user=official)
    assert not Household.objects.exists() and not Member.objects.exists()
    return [(e.row, e.column, e.message) for e in refusal.value.errors]


def test_bad_rows_roll_everything_back_and_are_reported_by_row_and_column(
    commune, villages, official
):
    bad = [
        ROWS[0],
        ["H003", "Bản Không Có", "A", "A", "1990", "Chủ hộ", "", "A", "01/03/2026"],
        ["H004", "Bản Co Sủ", "B", "", "1990", "Chủ hộ", "", "B", "01/03/2026"],
        ["H005", "Bản Co Sủ", "C", "C", "19x0", "Chủ hộ", "12345", "C", "hôm qua"],
        [
            "H001",
            "Bản Co Sủ",
            "Lò Văn Pâng",
            "Lò Văn Pâng",
            "1968",
            "Chủ hộ",
            "",
            "Lò Văn Pâng",
            "02/03/2026",
        ],
    ]
    errors = refused(csv_file(bad), commune, official)
    assert (
        3,
        "Thôn/bản",
        "Chưa có thôn, bản “Bản Không Có” trong xã này. Hãy thêm trước.",
    ) in errors
    assert (4, "Họ và tên", "Ô này đang trống.") in errors
    assert any(row == 5 and column == "Năm sinh" for row, column, _ in errors)
    assert any(row == 5 and column == "Số điện thoại" for row, column, _ in errors)
    assert any(row == 5 and column == "Ngày đồng ý" for row, column, _ in errors)
    assert any(row == 6 and "đã có trong hộ H001" in message for row, _, message in errors)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("rong.csv", b""), "Tệp trống"),
        (SimpleUploadedFile("chi-tieu-de.csv", (",".join(HEADER) + "\n").encode()), "không có hộ"),
        (SimpleUploadedFile("thieu-cot.csv", "Mã hộ,Chủ hộ\nH1,A\n".encode()), "Thiếu các cột"),
        (SimpleUploadedFile("hong.xlsx", b"PK not really excel"), "Không mở được tệp Excel"),
    ],
)
def test_files_that_cannot_be_imported_say_why(upload, message, commune, villages, official):
    errors = refused(upload, commune, official)
    assert message in errors[0][2]


def test_a_file_not_in_utf8_is_refused_before_letters_are_lost(commune, villages, official):
    errors = refused(csv_file(ROWS, encoding="utf-16"), commune, official)
    assert "CSV UTF-8" in errors[0][2]


def test_a_huge_file_is_refused(commune, villages, official, settings):
    settings.HOUSEHOLD_IMPORT_MAX_ROWS = 2
    errors = refused(csv_file(ROWS), commune, official)
    assert "nhiều hơn 2 dòng" in errors[0][2]


def test_one_household_code_with_two_heads_is_refused(commune, villages, official):
    rows = [
        ROWS[0],
        [
            "H001",
            "Bản Co Sủ",
            "Người Khác",
            "Người Khác",
            "1970",
            "Chủ hộ",
            "",
            "Người Khác",
            "02/03/2026",
        ],
    ]
    errors = refused(csv_file(rows), commune, official)
    assert errors == [(3, "Mã hộ", "Hộ H001 đã xuất hiện với thôn hoặc chủ hộ khác ở dòng 2.")]


def test_an_excel_file_with_a_broken_sheet_is_refused_not_a_crash(commune, villages, official):
    source = zipfile.ZipFile(io.BytesIO(xlsx_file(ROWS).read()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            broken = info.filename == "xl/worksheets/sheet1.xml"
            target.writestr(info, b"<worksheet><sheetData><row>" if broken else source.read(info))
    errors = refused(SimpleUploadedFile("hong.xlsx", buffer.getvalue()), commune, official)
    assert "Không mở được tệp Excel" in errors[0][2]
