"""The commune's A3 poster: QR codes to the essential courses and its trainers' phones."""

from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import CommuneFactory, UserFactory, course_with_lessons
from tests.pdfs import pdf_page_sizes_mm, pdf_pages, pdf_text, qr_codes_in_pdf

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "paper"


@pytest.fixture
def trainer_with_phone(owner, cohort):
    owner.first_name, owner.last_name, owner.phone = "Lò Thị", "Hoa", "+84912345678"
    owner.phone_verified = True
    owner.save()
    return owner


def test_a_trainer_prints_the_communes_a3_poster_with_the_essential_courses_and_trainers(
    client, cohort, trainer_with_phone
):
    course_with_lessons(title="Dịch vụ công", slug="dich-vu-cong", lessons=1, essential=True)
    course_with_lessons(title="Khoá phụ", slug="khoa-phu", lessons=1, essential=False)
    client.force_login(trainer_with_phone)

    response = client.get(reverse("paper:poster_pdf", args=[cohort.commune.code]))

    assert response.status_code == 200
    data = response.content
    assert pdf_pages(data) == 1
    assert pdf_page_sizes_mm(data) == [(297, 420)]
    text = pdf_text(data)
    assert cohort.commune.name in text
    assert "VNeID" in text and "Dịch vụ công" in text
    assert "Khoá phụ" not in text
    assert "Lò Thị Hoa" in text and "0912 345 678" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdfium.PdfDocument(data)[0].render(scale=1).to_pil().save(SCREENSHOTS / "poster.png")

    codes = qr_codes_in_pdf(data, scale=2)
    assert len(codes) == 2
    assert {client.get(urlsplit(code).path).status_code for code in codes} == {200}


def test_an_official_of_another_commune_is_refused_the_poster(client, cohort):
    other = CommuneFactory()
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=other))

    assert client.get(reverse("paper:poster_pdf", args=[cohort.commune.code])).status_code == 403
    assert client.get(reverse("paper:poster", args=[cohort.commune.code])).status_code == 403
    listing = client.get(reverse("paper:posters")).content.decode()
    assert other.name in listing and cohort.commune.name not in listing


def test_a_visitor_is_asked_to_log_in_and_a_learner_is_refused(client, cohort):
    url = reverse("paper:poster_pdf", args=[cohort.commune.code])

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(UserFactory(role=Role.LEARNER, home_commune=cohort.commune))
    assert client.get(url).status_code == 403
    assert client.get(reverse("paper:posters")).status_code == 403


def test_the_communes_official_and_the_provinces_administrator_may_print_it(client, cohort):
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=cohort.commune)
    neighbour = CommuneFactory(province=cohort.commune.province)
    administrator = UserFactory(role=Role.PROVINCE_ADMIN, home_commune=neighbour)

    for user in (official, administrator):
        client.force_login(user)
        response = client.get(reverse("paper:poster", args=[cohort.commune.code]))
        assert response.status_code == 200
        assert 'href="/static/paper/poster.css"' in response.content.decode()


def test_the_poster_list_shows_a_trainer_the_communes_they_serve(client, cohort, owner):
    client.force_login(owner)

    html = client.get(reverse("paper:posters")).content.decode()

    assert reverse("paper:poster_pdf", args=[cohort.commune.code]) in html


def test_a_trainers_phone_is_printed_only_once_its_owner_verified_it(
    client, cohort, trainer_with_phone
):
    trainer_with_phone.phone_verified = False
    trainer_with_phone.save()
    client.force_login(trainer_with_phone)

    html = client.get(reverse("paper:poster", args=[cohort.commune.code])).content.decode()

    assert "Lò Thị Hoa" in html and "0912 345 678" not in html
