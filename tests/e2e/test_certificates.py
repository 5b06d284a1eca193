"""A learner passes a course's final check, downloads the certificate, and the QR code on it
opens the public verification page; an official revokes it and the page says so at once."""

import re
from pathlib import Path

import pypdfium2 as pdfium
from playwright.sync_api import expect

from accounts.roles import Role
from certificates.models import Certificate
from tests.certificates.factories import course_with_final_check
from tests.e2e.test_quiz import log_in
from tests.factories import CommuneFactory, UserFactory, learner, wagtail_basics
from tests.pdfs import pdf_pages, pdf_text, qr_codes_in_pdf

SHOTS = Path("var/screenshots/certificates")
VALID = re.compile(r"còn hiệu lực|is valid", re.I)
REVOKED = re.compile(r"đã bị thu hồi|was revoked", re.I)


def test_a_certificate_downloaded_verified_from_its_qr_code_then_revoked(
    live_server, page, browser, transactional_db
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    wagtail_basics()
    commune = CommuneFactory(name="Xã Mường Phăng")
    course = course_with_final_check(months=12)
    person = learner(username="lothianh", first_name="Lò Thị Ánh", home_commune=commune)
    official = UserFactory(username="canboxa", role=Role.COMMUNE_OFFICIAL, home_commune=commune)

    # The learner passes the final check, on one page as on an old phone.
    log_in(page, live_server, person.username)
    page.goto(f"{live_server.url}/kiem-tra/{course.final_quiz.pk}/mot-trang/")
    form = page.get_by_test_id("whole-quiz")
    form.get_by_label("Đúng", exact=True).check()
    form.get_by_label("Không ai cả").check()
    page.get_by_test_id("send-quiz").click()
    expect(page.get_by_test_id("score")).to_contain_text("100%")

    # "Chứng nhận của tôi": the certificate, printable.
    page.goto(f"{live_server.url}/chung-nhan/")
    expect(page.get_by_test_id("my-certificate")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "1-my-certificates-360.png"), full_page=True)
    page.get_by_test_id("see-certificate").click()
    sheet = page.get_by_test_id("certificate")
    expect(sheet).to_contain_text("Lò Thị Ánh")
    expect(sheet).to_contain_text("VNeID")
    expect(sheet).to_contain_text("Xã Mường Phăng")
    page.screenshot(path=str(SHOTS / "2-certificate-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "3-certificate-desktop.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "4-certificate-print.png"), full_page=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_test_id("download-pdf").click()
    assert download.value.suggested_filename.startswith("chung-nhan-vneid-")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf_pages(pdf) == 1 and "Lò Thị Ánh" in pdf_text(pdf)
    pdfium.PdfDocument(pdf)[0].render(scale=1.5).to_pil().save(SHOTS / "5-certificate-pdf.png")

    # Anyone, not logged in, scans the code.
    [url] = qr_codes_in_pdf(pdf)
    assert url.startswith(live_server.url + "/kiem-tra-chung-nhan/")
    stranger = browser.new_context(viewport={"width": 360, "height": 640}, locale="vi-VN")
    scan = stranger.new_page()
    scan.goto(url)
    status = scan.get_by_test_id("verify-status")
    expect(status).to_have_attribute("data-status", "valid")
    expect(status).to_contain_text(VALID)
    expect(scan.get_by_test_id("verify-name")).to_have_text("Lò T. Á.")
    scan.screenshot(path=str(SHOTS / "6-verify-valid-360.png"), full_page=True)

    # The commune's official revokes it, saying why.
    certificate = Certificate.objects.get()
    office = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    desk = office.new_page()
    log_in(desk, live_server, official.username)
    desk.goto(f"{live_server.url}/chung-nhan/xa/{commune.code}/")
    expect(desk.get_by_test_id("commune-certificates")).to_contain_text("Lò Thị Ánh")
    desk.goto(f"{live_server.url}/chung-nhan/{certificate.pk}/")
    desk.get_by_test_id("revoke-form").locator("textarea").fill("Người khác làm bài hộ")
    desk.get_by_test_id("revoke").click()
    expect(desk.get_by_test_id("certificate")).to_have_attribute("data-status", "revoked")
    desk.screenshot(path=str(SHOTS / "7-official-revoked-desktop.png"), full_page=True)

    scan.reload()
    expect(status).to_have_attribute("data-status", "revoked")
    expect(status).to_contain_text(REVOKED)
    expect(status).to_contain_text("Người khác làm bài hộ")
    scan.screenshot(path=str(SHOTS / "8-verify-revoked-360.png"), full_page=True)
    stranger.close()
    office.close()
