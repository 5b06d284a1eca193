"""The certificate pages as people use them: attackers first, then the holder, the PDF and
its QR code followed to the public verification page, and the official who revokes."""

import datetime
import time
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from certificates import services
from certificates.codes import token_for
from certificates.models import Certificate
from households.models import Household, Member
from places.models import Village
from tests.certificates.factories import course_with_final_check, pass_final_check
from tests.factories import CommuneFactory, UserFactory, learner, serves
from tests.pdfs import pdf_page_sizes_mm, pdf_pages, pdf_text, qr_codes_in_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    commune = CommuneFactory(name="Xã Mường Phăng")
    return {
        "commune": commune,
        "official": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune),
        "outsider": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=CommuneFactory()),
    }


@pytest.fixture
def certificate(place, django_capture_on_commit_callbacks):
    course = course_with_final_check(months=12)
    holder = learner(
        first_name="Nguyễn Văn An", home_commune=place["commune"], phone="+84912345678"
    )
    # Also a household member, with a birth year the public page must never show.
    village = Village.objects.create(commune=place["commune"], name="Bản Phăng")
    house = Household.objects.create(
        commune=place["commune"], village=village, code="P1", head_name="Nguyễn Văn Bình"
    )
    Member.objects.create(
        household=house, full_name="Nguyễn Văn An", birth_year=1987, relation="child", user=holder
    )
    with django_capture_on_commit_callbacks(execute=True):
        pass_final_check(holder, course)
    return Certificate.objects.get()


def verify_url(certificate):
    return reverse("certificates:verify", args=[token_for(certificate.code)])


# --- attackers first -----------------------------------------------------------------------


def test_a_learner_cannot_see_or_download_anothers_certificate(client, certificate):
    client.force_login(learner())
    for name in ("certificates:detail", "certificates:pdf"):
        assert client.get(reverse(name, args=[certificate.pk])).status_code == 404


def test_an_official_of_another_commune_cannot_see_or_revoke(client, place, certificate):
    client.force_login(place["outsider"])
    assert client.get(reverse("certificates:detail", args=[certificate.pk])).status_code == 404
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Giả mạo"}
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    commune_list = reverse("certificates:commune", args=[place["commune"].code])
    assert client.get(commune_list).status_code == 404


def test_someone_who_sees_the_certificate_but_is_no_official_of_it_is_refused_revoking(
    client, place, certificate
):
    # A trainer serving the commune sees its certificates; revoking is the officials'.
    coach = serves(UserFactory(role=Role.TRAINER), place["commune"])
    client.force_login(coach)
    page = client.get(reverse("certificates:detail", args=[certificate.pk]))
    assert page.status_code == 200 and 'data-testid="revoke-form"' not in page.content.decode()
    response = client.post(
        reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Giả mạo"}
    )
    assert response.status_code == 403
    assert Certificate.objects.get().revoked_at is None


def test_the_holder_cannot_revoke_their_own_certificate(client, certificate):
    client.force_login(certificate.holder)
    page = client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert 'data-testid="revoke-form"' not in page
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"})
    assert response.status_code == 403


def test_the_verification_page_shows_no_phone_birth_year_or_full_name(client, certificate):
    html = client.get(verify_url(certificate)).content.decode()
    assert "Nguyễn V. A." in html
    for private in ("Nguyễn Văn An", "912345678", "0912", "1987", certificate.holder.username):
        assert private not in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_forged_or_made_up_code_is_not_a_certificate_of_ours(client, certificate):
    code, signature = token_for(certificate.code).split(".")
    for token in (f"{code}.{signature[::-1]}", "AbCdEfGhIjKlMnOp", "abc.def"):
        response = client.get(reverse("certificates:verify", args=[token]))
        assert response.status_code == 404
        html = response.content.decode()
        assert 'data-status="unknown"' in html and "noindex" in html
        assert "Nguyễn" not in html


def test_a_validly_signed_code_of_no_certificate_is_not_ours_either(client, certificate):
    response = client.get(reverse("certificates:verify", args=[token_for("KhongCoChungNhan")]))
    assert response.status_code == 404


# --- the holder ----------------------------------------------------------------------------


def test_the_holder_sees_their_certificates_and_the_printable_certificate(client, certificate):
    client.force_login(certificate.holder)
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert "VNeID" in mine and reverse("certificates:detail", args=[certificate.pk]) in mine
    assert 'data-testid="needs-refresher"' not in mine  # a year to go
    page = client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    for shown in ("Nguyễn Văn An", "VNeID", "1.1", "Tìm kiếm thông tin", "1.2", "Xã Mường Phăng"):
        assert shown in page
    assert certificate.issued_on.strftime("%d/%m/%Y") in page
    assert certificate.expires_on.strftime("%d/%m/%Y") in page
    assert "http://testserver" + verify_url(certificate) in page
    assert "<svg" in page


def test_a_refresher_within_30_days_of_expiry_says_learn_it_again_with_a_link_to_the_course(
    client, place, certificate
):
    Certificate.objects.update(expires_on=timezone.localdate() + datetime.timedelta(days=30))
    client.force_login(certificate.holder)
    mine = client.get(reverse("certificates:mine")).content.decode()
    assert 'data-testid="needs-refresher"' in mine
    assert certificate.course.url in mine
    client.force_login(place["official"])
    listed = client.get(reverse("certificates:commune", args=[place["commune"].code]))
    html = listed.content.decode()
    assert "Nguyễn Văn An" in html and 'data-testid="needs-refresher"' in html
    # 31 days ahead: not yet.
    Certificate.objects.update(expires_on=timezone.localdate() + datetime.timedelta(days=31))
    html = client.get(reverse("certificates:commune", args=[place["commune"].code])).content
    assert b'data-testid="needs-refresher"' not in html


def test_an_expired_certificate_says_so_with_its_date(client, certificate):
    Certificate.objects.update(expires_on=datetime.date(2025, 3, 31))
    html = client.get(verify_url(certificate)).content.decode()
    assert 'data-status="expired"' in html and "31/03/2025" in html


# --- the PDF, its QR code, and revoking ----------------------------------------------------


def test_the_pdfs_qr_code_opens_the_verification_page_which_shows_a_revocation_at_once(
    client, place, certificate, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600  # the public page cache is on, as in production
    client.force_login(certificate.holder)
    started = time.perf_counter()
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    seconds = time.perf_counter() - started
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chung-nhan-vneid-{certificate.pk}.pdf"'
    )
    pdf = response.content
    started = time.perf_counter()
    client.get(reverse("certificates:pdf", args=[certificate.pk]))  # Pango loaded by now
    again = time.perf_counter() - started
    print(f"\ncertificate PDF: {len(pdf)} bytes, first in {seconds:.2f} s, then {again:.2f} s")
    assert pdf_pages(pdf) == 1
    assert pdf_page_sizes_mm(pdf) == [(297, 210)]
    text = pdf_text(pdf)
    assert "Nguyễn Văn An" in text and "VNeID" in text and "Tìm kiếm thông tin" in text
    assert len(pdf) < 150_000

    [url] = qr_codes_in_pdf(pdf)
    assert url == "http://testserver" + verify_url(certificate)
    client.logout()
    valid = client.get(urlsplit(url).path)
    assert valid.status_code == 200 and 'data-status="valid"' in valid.content.decode()
    assert "no-cache" in valid["Cache-Control"] and "no-store" in valid["Cache-Control"]

    client.force_login(place["official"])
    page = client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert 'data-testid="revoke-form"' in page
    refused = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": " "})
    assert refused.status_code == 302 and Certificate.objects.get().revoked_at is None
    client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Thi hộ"})

    client.logout()
    revoked = client.get(urlsplit(url).path).content.decode()
    assert 'data-status="revoked"' in revoked and "Thi hộ" in revoked
    assert timezone.localdate().strftime("%d/%m/%Y") in revoked


def test_the_pdf_of_a_revoked_certificate_says_revoked(client, place, certificate):
    services.revoke(certificate=certificate, user=place["official"], reason="Thi hộ")
    client.force_login(place["official"])
    pdf = client.get(reverse("certificates:pdf", args=[certificate.pk])).content
    assert pdf_pages(pdf) == 1
    assert "đã thu hồi" in pdf_text(pdf).lower()


# --- witnessed procedures ------------------------------------------------------------------


def test_an_official_who_witnesses_a_procedure_for_a_course_issues_the_members_certificate(
    client, place, django_capture_on_commit_callbacks
):
    course = course_with_final_check(title="Tạm trú", slug="tam-tru")
    village = Village.objects.create(commune=place["commune"], name="Bản Na")
    house = Household.objects.create(
        commune=place["commune"], village=village, code="N1", head_name="Lò Văn Sơn"
    )
    member = Member.objects.create(
        household=house, full_name="Lò Thị Ánh", birth_year=1960, relation="spouse"
    )
    client.force_login(place["official"])
    detail = client.get(reverse("households:detail", args=[house.pk])).content.decode()
    assert 'name="course"' in detail and "Tạm trú" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("households:member_witnessed", args=[house.pk, member.pk]),
            {"procedure": "Khai báo tạm trú", "observed_on": "2026-11-20", "course": course.pk},
        )
    certificate = Certificate.objects.get()
    assert (certificate.member, certificate.holder_name, certificate.course) == (
        member,
        "Lò Thị Ánh",
        course,
    )
    # The official prints it for her: she has no account.
    page = client.get(reverse("certificates:detail", args=[certificate.pk]))
    assert page.status_code == 200 and "Lò Thị Ánh" in page.content.decode()


def test_the_result_page_of_the_passed_final_check_links_to_its_certificate(client, certificate):
    client.force_login(certificate.holder)
    page = client.get(reverse("quizzes:result", args=[certificate.attempt.pk]))
    assert reverse("certificates:detail", args=[certificate.pk]) in page.content.decode()


def test_a_failed_attempt_links_to_no_certificate(client, certificate):
    attempt = pass_final_check(certificate.holder, certificate.course, right=False)
    client.force_login(certificate.holder)
    page = client.get(reverse("quizzes:result", args=[attempt.pk]))
    assert reverse("certificates:detail", args=[certificate.pk]) not in page.content.decode()
