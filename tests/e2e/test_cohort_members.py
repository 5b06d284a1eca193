"""A trainer fills a cohort: a learner with a phone is invited and accepts on their phone; a
neighbour without one gets an account and a printed sheet whose QR code logs her in."""

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from base.models import AuditEvent
from courses import services
from courses.selectors import cohort_members
from tests.factories import course_with_lessons, learner, trainer

from .test_quiz import log_in

# Screenshots to look at after a run (pytest-playwright empties test-results/ itself).
SHOTS = Path("var/screenshots/cohort-members")


@pytest.fixture
def cohort(transactional_db, commune):
    owner = trainer(username="taphuan", phone="+84912000003", phone_verified=True)
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=2)
    return services.create_cohort(
        trainer=owner, course=course, name="Lớp VNeID bản Co Sủ", commune=commune
    )


def test_invite_by_phone_accept_then_print_a_sheet_and_log_in_by_its_qr_code(
    live_server, browser, cohort, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    person = learner(
        username="lothixuan", first_name="Lò Thị Xuân", phone="+84912000111", phone_verified=True
    )
    trainer_phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = trainer_phone.new_page()
    log_in(page, live_server, "taphuan")
    page.goto(f"{live_server.url}/lop-hoc/{cohort.pk}/")
    page.get_by_label("Số điện thoại").fill("0912 000 111")
    page.get_by_test_id("add-by-phone").click()
    expect(page.get_by_role("status").first).to_contain_text("0912 000 111")
    expect(page.get_by_test_id("invitations")).to_contain_text("0912 000 111")
    page.screenshot(path=f"{SHOTS}/1-trainer-invited.png", full_page=True)
    assert not cohort_members(cohort=cohort).exists()

    learner_phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    mine = learner_phone.new_page()
    log_in(mine, live_server, person.username)
    mine.goto(f"{live_server.url}/hoc-tap/")
    invitation = mine.get_by_test_id("cohort-invitation")
    expect(invitation).to_contain_text("Lớp VNeID bản Co Sủ")
    mine.screenshot(path=f"{SHOTS}/2-learner-invitation.png", full_page=True)
    invitation.get_by_test_id("accept-invitation").click()
    expect(mine.get_by_role("status").first).to_contain_text("Lớp VNeID bản Co Sủ")
    expect(mine.get_by_test_id("cohort-invitation")).to_have_count(0)
    assert list(cohort_members(cohort=cohort)) == [person]

    # Someone without a phone: the trainer makes her account and prints her sheet.
    page.goto(f"{live_server.url}/lop-hoc/{cohort.pk}/")
    expect(page.get_by_test_id("progress-grid")).to_contain_text("Lò Thị Xuân")
    page.get_by_label("Họ và tên").fill("Giàng Thị Mỷ")
    page.get_by_test_id("create-member").click()
    expect(page.get_by_test_id("login-sheet")).to_contain_text("Giàng Thị Mỷ")
    sheet = tmp_path / "sheet.png"
    page.get_by_test_id("login-sheet").screenshot(path=str(sheet))
    shutil.copy(sheet, f"{SHOTS}/3-login-sheet.png")
    # The learner who logs in by phone has no sheet to print.
    page.goto(f"{live_server.url}/lop-hoc/{cohort.pk}/")
    grid = page.get_by_test_id("progress-grid")
    expect(grid.get_by_role("row", name="Giàng Thị Mỷ").get_by_role("link")).to_have_count(1)
    expect(grid.get_by_role("row", name="Lò Thị Xuân").get_by_role("link")).to_have_count(0)
    trainer_phone.close()

    # Her grandson's phone scans the code, with nobody logged in.
    url = _qr_link(sheet)
    assert url.startswith(live_server.url + "/accounts/qr/")
    stranger = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    scanned = stranger.new_page()
    scanned.goto(url)
    scanned.get_by_test_id("qr-login").click()
    expect(scanned.get_by_role("heading", name="Việc học của tôi")).to_be_visible()
    made = cohort_members(cohort=cohort).get(first_name="Giàng Thị Mỷ")
    assert AuditEvent.objects.filter(action="account.qr_login", user=made).count() == 1
    stranger.close()
    learner_phone.close()


def _qr_link(png) -> str:
    assert shutil.which("zbarimg"), "zbar-tools is needed to read the QR code: make browser"
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    )
    return decoded.stdout.strip()
