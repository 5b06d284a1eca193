import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import Role
from base.models import AuditEvent
from households.importing import (
    ImportChanged,
    ImportExpired,
    ImportRefused,
    confirm_import,
    import_households,
    preview_import,
)
from households.models import Consent, Household, Member, Relation
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


# --- preview, then confirm ---------------------------------------------------------------

# H001 again, now with Lò Thị Xuân as its head and a new child.
NEW_HEAD = [
    [
        "H001",
        "Bản Co Sủ",
        "Lò Thị Xuân",
        "Lò Văn Pâng",
        "1968",
        "Chồng",
        "0912 345 678",
        "Lò Thị Xuân",
        "02/03/2026",
    ],
    [
        "H001",
        "Bản Co Sủ",
        "Lò Thị Xuân",
        "Lò Thị Xuân",
        "1972",
        "Chủ hộ",
        "",
        "Lò Thị Xuân",
        "02/03/2026",
    ],
    [
        "H001",
        "Bản Co Sủ",
        "Lò Thị Xuân",
        "Lò Văn Tiến",
        "2010",
        "Con",
        "",
        "Lò Thị Xuân",
        "02/03/2026",
    ],
]


def recorded(commune):
    """Everything an import may write, as plain values."""
    return {
        "households": sorted(
            Household.objects.filter(commune=commune).values_list(
                "code", "village__name", "head_name"
            )
        ),
        "members": sorted(
            (m.household.code, m.full_name, m.birth_year, m.relation, str(m.phone or ""))
            for m in Member.objects.filter(household__commune=commune).select_related("household")
        ),
        "consents": sorted(
            Consent.objects.filter(household__commune=commune).values_list(
                "household__code", "given_by", "given_on"
            )
        ),
    }


def test_a_changed_head_is_shown_and_nothing_is_written_until_confirmed(
    commune, villages, official
):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    before = recorded(commune)

    preview = preview_import(upload=csv_file(NEW_HEAD), commune=commune, user=official)

    changes = [(c.row, c.code, c.what, c.before, c.after) for c in preview.changes]
    assert (2, "H001", "Chủ hộ", "Lò Văn Pâng", "Lò Thị Xuân") in changes
    assert changes == [
        (2, "H001", "Chủ hộ", "Lò Văn Pâng", "Lò Thị Xuân"),
        (2, "H001", "Quan hệ với chủ hộ: Lò Văn Pâng (1968)", "Chủ hộ", "Vợ hoặc chồng"),
        (3, "H001", "Quan hệ với chủ hộ: Lò Thị Xuân (1972)", "Vợ hoặc chồng", "Chủ hộ"),
    ]
    assert [(m.code, m.what) for m in preview.new_members] == [("H001", "Lò Văn Tiến (2010)")]
    assert (preview.result.households_updated, preview.result.members_created) == (1, 1)
    assert recorded(commune) == before

    result = confirm_import(
        token=preview.token, digest=preview.digest, commune=commune, user=official
    )
    assert (result.households_updated, result.members_created, result.members_updated) == (
        1,
        1,
        2,
    )
    household = Household.objects.get(code="H001")
    assert household.head_name == "Lò Thị Xuân"
    relations = dict(household.members.values_list("full_name", "relation"))
    assert relations == {
        "Lò Văn Pâng": Relation.SPOUSE,
        "Lò Thị Xuân": Relation.HEAD,
        "Lò Văn Tiến": Relation.CHILD,
    }


def test_confirming_writes_exactly_what_the_preview_showed(commune, villages, official):
    import_households(upload=csv_file(ROWS[:2]), commune=commune, user=official)
    before = recorded(commune)
    rows = [*NEW_HEAD, ROWS[2]]
    preview = preview_import(upload=csv_file(rows), commune=commune, user=official)

    confirm_import(token=preview.token, digest=preview.digest, commune=commune, user=official)

    after = recorded(commune)
    plan = preview.plan
    assert [h["code"] for h in plan.new_households] == ["H002"]
    assert set(after["households"]) - set(before["households"]) == {
        ("H001", "Bản Co Sủ", "Lò Thị Xuân"),
        ("H002", "Bản Nà Nọ", "Quàng Thị Ún"),
    }
    assert set(before["households"]) - set(after["households"]) == {
        ("H001", "Bản Co Sủ", "Lò Văn Pâng")
    }
    new_people = {(code, name, year) for code, name, year, *_ in after["members"]} - {
        (code, name, year) for code, name, year, *_ in before["members"]
    }
    assert new_people == {("H001", "Lò Văn Tiến", 2010), ("H002", "Quàng Thị Ún", 1980)}
    assert len(after["members"]) == len(before["members"]) + preview.result.members_created
    changed_people = {(c["name"], c["field"], c["before"], c["after"]) for c in plan.member_changes}
    assert changed_people == {
        ("Lò Văn Pâng (1968)", "relation", "head", "spouse"),
        ("Lò Thị Xuân (1972)", "relation", "spouse", "head"),
    }
    assert len(after["consents"]) == len(before["consents"]) + preview.new_consents + 1
    # Confirmed once: the preview cannot be applied a second time.
    with pytest.raises(ImportExpired):
        confirm_import(token=preview.token, digest=preview.digest, commune=commune, user=official)


def test_if_the_households_changed_since_the_preview_nothing_is_written_and_it_is_shown_again(
    commune, villages, official
):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    preview = preview_import(upload=csv_file(NEW_HEAD), commune=commune, user=official)
    # Meanwhile another official corrects the head of H001 by hand.
    Household.objects.filter(code="H001").update(head_name="Lò Văn Pâng (ông)")
    before = recorded(commune)

    with pytest.raises(ImportChanged) as changed:
        confirm_import(token=preview.token, digest=preview.digest, commune=commune, user=official)

    assert recorded(commune) == before
    again = changed.value.preview
    assert again.digest != preview.digest
    assert ("Chủ hộ", "Lò Văn Pâng (ông)", "Lò Thị Xuân") in [
        (c.what, c.before, c.after) for c in again.changes
    ]
    confirm_import(token=again.token, digest=again.digest, commune=commune, user=official)
    assert Household.objects.get(code="H001").head_name == "Lò Thị Xuân"


def test_the_same_file_twice_previews_no_change_and_confirming_writes_nothing(
    commune, villages, official
):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    before = recorded(commune)
    stamps = list(Household.objects.order_by("code").values_list("updated_at", flat=True))

    preview = preview_import(upload=xlsx_file(ROWS), commune=commune, user=official)
    assert preview.plan.is_empty and preview.changes == [] and preview.new_consents == 0
    result = confirm_import(
        token=preview.token, digest=preview.digest, commune=commune, user=official
    )

    assert (result.households_created, result.households_updated) == (0, 0)
    assert (result.members_created, result.members_updated) == (0, 0)
    assert recorded(commune) == before
    assert list(Household.objects.order_by("code").values_list("updated_at", flat=True)) == stamps


def test_a_household_without_a_head_row_is_refused_with_the_row_and_the_reason(
    commune, villages, official
):
    no_head = [
        "H002",
        "Bản Nà Nọ",
        "Quàng Thị Ún",
        "Quàng Văn Sơn",
        "2005",
        "Con",
        "",
        "Quàng Thị Ún",
        "05/03/2026",
    ]  # noqa: E501
    errors = refused(csv_file([*ROWS[:2], no_head]), commune, official)
    assert [(row, column) for row, column, _message in errors] == [(4, "Quan hệ với chủ hộ")]
    assert "H002" in errors[0][2] and "Quàng Thị Ún" in errors[0][2]


def test_a_head_row_for_someone_else_or_a_second_head_is_refused(commune, villages, official):
    wrong_head = [*ROWS[0][:3], "Lò Thị Xuân", "1972", "Chủ hộ", "", "Lò Văn Pâng", "02/03/2026"]
    second_head = [*ROWS[0][:3], "Lò Văn Pâng", "1990", "Chủ hộ", "", "Lò Văn Pâng", "02/03/2026"]
    errors = refused(csv_file([wrong_head, ROWS[2]]), commune, official)
    assert [(row, column) for row, column, _message in errors] == [(2, "Họ và tên")]
    errors = refused(csv_file([ROWS[0], second_head, ROWS[2]]), commune, official)
    assert [(row, column) for row, column, _message in errors] == [(3, "Quan hệ với chủ hộ")]
    assert "2" in errors[0][2]


def test_a_new_head_is_refused_while_the_recorded_head_is_left_out_of_the_file(
    commune, villages, official
):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    before = recorded(commune)
    with pytest.raises(ImportRefused) as refusal:
        preview_import(upload=csv_file(NEW_HEAD[1:]), commune=commune, user=official)
    (error,) = refusal.value.errors
    assert (error.row, error.column) == (2, "Chủ hộ")
    assert "Lò Văn Pâng" in error.message
    assert recorded(commune) == before


def test_only_the_person_who_checked_the_file_can_confirm_it(commune, villages, official):
    preview = preview_import(upload=csv_file(ROWS), commune=commune, user=official)
    with pytest.raises(ImportExpired):
        confirm_import(
            token=preview.token, digest=preview.digest, commune=commune, user=UserFactory()
        )
    with pytest.raises(ImportExpired):
        confirm_import(token="made-up", digest=preview.digest, commune=commune, user=official)
    assert not Household.objects.exists()


# --- the import screen -------------------------------------------------------------------


@pytest.fixture
def official_client(client, commune, villages):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune))
    return client


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def test_the_screen_shows_a_changed_head_and_imports_it_only_when_confirmed(
    official_client, commune, official
):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    url = reverse("households:import", args=[commune.code])

    response = official_client.post(url, {"file": csv_file(NEW_HEAD)})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-preview"' in html and 'data-testid="import-confirm"' in html
    changes = html[html.index('data-testid="preview-changes"') :]
    assert "Lò Văn Pâng" in changes and "Lò Thị Xuân" in changes
    assert Household.objects.get(code="H001").head_name == "Lò Văn Pâng"
    assert AuditEvent.objects.filter(action="households.import").count() == 1  # the first file

    response = official_client.post(
        url, {"token": hidden(html, "token"), "digest": hidden(html, "digest")}
    )
    assert 'data-testid="import-result"' in response.content.decode()
    assert Household.objects.get(code="H001").head_name == "Lò Thị Xuân"
    assert AuditEvent.objects.filter(action="households.import").count() == 2


def test_the_screen_says_when_the_data_changed_meanwhile(official_client, commune, official):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    url = reverse("households:import", args=[commune.code])
    html = official_client.post(url, {"file": csv_file(NEW_HEAD)}).content.decode()
    Household.objects.filter(code="H001").update(head_name="Người Khác")

    response = official_client.post(
        url, {"token": hidden(html, "token"), "digest": hidden(html, "digest")}
    )
    again = response.content.decode()
    assert response.status_code == 409
    assert 'data-testid="import-changed-meanwhile"' in again
    assert "Người Khác" in again and 'data-testid="import-confirm"' in again
    assert Household.objects.get(code="H001").head_name == "Người Khác"


def test_the_screen_refuses_a_household_without_its_head_by_row(official_client, commune):
    rows = [ROWS[1]]  # Lò Thị Xuân, the wife, without her husband's row
    response = official_client.post(
        reverse("households:import", args=[commune.code]), {"file": csv_file(rows)}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="import-errors"' in html
    assert "<td>2</td>" in html and "<td>Quan hệ với chủ hộ</td>" in html
    assert not Household.objects.exists()


def test_the_screen_says_when_the_same_file_changes_nothing(official_client, commune, official):
    import_households(upload=csv_file(ROWS), commune=commune, user=official)
    response = official_client.post(
        reverse("households:import", args=[commune.code]), {"file": csv_file(ROWS)}
    )
    html = response.content.decode()
    assert 'data-testid="import-nothing-to-change"' in html
    assert 'data-testid="import-confirm"' not in html
