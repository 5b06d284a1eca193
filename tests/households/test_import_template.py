"""The spreadsheet an official downloads, fills in and imports: the importer's own columns,
an example row, and lists to pick the village and the relation from."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from courses import services as cohorts
from households.importing import COLUMNS, RELATION_WORDS, RELATIONS, _key
from households.models import Household, Relation
from places.models import Village
from tests.factories import CommuneFactory, UserFactory

from .test_import import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(commune):
    return [
        Village.objects.create(commune=commune, name=name) for name in ("Bản Nà Nọ", "Bản Co Sủ")
    ]


@pytest.fixture
def official(commune):
    return UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)


def download(client, commune):
    return client.get(reverse("households:import_template", args=[commune.code]))


def test_the_import_page_links_to_the_template(client, commune, villages, official):
    client.force_login(official)
    html = client.get(reverse("households:import", args=[commune.code])).content.decode()
    assert reverse("households:import_template", args=[commune.code]) in html
    assert 'data-testid="import-template"' in html


def test_the_template_has_the_importers_headers_and_one_example_row(
    client, commune, villages, official
):
    client.force_login(official)
    response = download(client, commune)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"mau-danh-sach-ho-{commune.code}.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [label for label, _required in COLUMNS.values()] == HEADER
    assert len(rows) == 2
    example = dict(zip(COLUMNS, rows[1], strict=True))
    assert example["village"] == "Bản Co Sủ"  # the first of the commune's, by name
    assert RELATIONS[_key(example["relation"])] == Relation.HEAD


def test_the_village_and_relation_columns_offer_their_lists(client, commune, villages, official):
    client.force_login(official)
    book = load_workbook(io.BytesIO(download(client, commune).content))
    sheet, lists = book.worksheets
    assert lists.sheet_state == "hidden"

    def choices(column_name):
        letter = "ABCDEFGHI"[list(COLUMNS).index(column_name)]
        (rule,) = [
            v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(letter)
        ]
        assert rule.type == "list"
        source, first, last = re.fullmatch(
            r"='Danh mục'!\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)", rule.formula1
        ).groups()
        return [lists[f"{source}{n}"].value for n in range(int(first), int(last) + 1)]

    assert choices("village") == ["Bản Co Sủ", "Bản Nà Nọ"]
    assert choices("relation") == list(RELATION_WORDS)
    # Every word offered means something to the importer.
    assert {RELATIONS[_key(word)] for word in choices("relation")} == set(Relation)


def test_a_filled_in_template_imports_through_the_preview_and_confirmation(
    client, commune, villages, official
):
    client.force_login(official)
    book = load_workbook(io.BytesIO(download(client, commune).content))
    sheet = book.worksheets[0]
    # The official keeps the example row and adds the head's wife below it.
    sheet.append(
        [
            "H001",
            "Bản Co Sủ",
            "Nguyễn Văn An",
            "Trần Thị Bình",
            1972,
            "Vợ",
            None,
            "Nguyễn Văn An",
            datetime.date(2026, 3, 2),
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())

    url = reverse("households:import", args=[commune.code])
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200, preview.context["errors"]
    token = preview.context["preview"].token
    digest = preview.context["preview"].digest
    done = client.post(url, {"token": token, "digest": digest})
    assert done.status_code == 200
    assert done.context["result"].households_created == 1

    home = Household.objects.get(commune=commune, code="H001")
    assert (home.village.name, home.head_name) == ("Bản Co Sủ", "Nguyễn Văn An")
    members = {m.full_name: (m.relation, str(m.phone or "")) for m in home.members.all()}
    assert members == {
        "Nguyễn Văn An": (Relation.HEAD, "+84912345678"),
        "Trần Thị Bình": (Relation.SPOUSE, ""),
    }
    assert home.consents.count() == 2  # the example's date (today) and the wife's row's
    assert "tran thi binh" in home.search_text


def test_only_the_communes_officials_get_its_template(client, commune, villages, course):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()))
    assert download(client, commune).status_code == 404
    trainer = UserFactory(role=Role.TRAINER)
    cohorts.create_cohort(trainer=trainer, course=course, name="Lớp", commune=commune)
    client.force_login(trainer)
    assert download(client, commune).status_code == 403
