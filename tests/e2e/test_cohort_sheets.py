"""A trainer prints every login sheet of her cohort at once, six to an A4 page, and reminds
the members who stopped coming."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import sms
from accounts.services import user_for_login_token
from base.models import AuditEvent
from courses import services
from tests.e2e.test_cohort_members import _qr_link
from tests.factories import course_with_lessons, learner, trainer

from .test_quiz import log_in

# Screenshots to look at after a run.
SHOTS = Path("var/screenshots/cohort-sheets")
NAMES = [
    "Giàng Thị Mỷ",
    "Vàng A Dê",
    "Sùng A Páo",
    "Mùa A Sình",
    "Thào Thị Mai",
    "Lầu Thị Dua",
    "Hờ A Chứ",
]


@pytest.fixture
def cohort(transactional_db, commune):
    owner = trainer(username="taphuan", phone="+84912000003", phone_verified=True)
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=2)
    cohort = services.create_cohort(
        trainer=owner,
        course=course,
        name="Lớp VNeID bản Co Sủ",
        commune=commune,
        meeting_place="Nhà văn hoá bản Co Sủ",
    )
    for name in NAMES:
        services.create_member_without_phone(cohort=cohort, full_name=name, trainer=owner)
    gone = learner(first_name="Lò Văn Pâng", phone="+84912000111", phone_verified=True)
    services.add_member(cohort=cohort, user=gone)
    came = set(cohort.enrollments.exclude(user=gone).values_list("user_id", flat=True))
    for days_ago in (9, 2):
        session = services.schedule_session(
            cohort=cohort, starts_at=timezone.now() - timedelta(days=days_ago)
        )
        services.record_attendance(session=session, present_user_ids=came, recorded_by=owner)
    services.schedule_session(cohort=cohort, starts_at=timezone.now() + timedelta(days=3))
    return cohort


def test_print_every_login_sheet_and_remind_who_stopped_coming(live_server, browser, cohort):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server, "taphuan")
    page.goto(f"{live_server.url}/lop-hoc/{cohort.pk}/")

    # Lò Văn Pâng missed both sessions: the trainer can call him or send a reminder.
    to_call = page.get_by_test_id("member-to-call")
    expect(to_call).to_have_count(1)
    expect(to_call).to_contain_text("Lò Văn Pâng")
    expect(to_call.get_by_test_id("call-member")).to_have_attribute("href", "tel:+84-912-000-111")
    to_call.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/1-members-to-call.png", full_page=True)
    to_call.get_by_test_id("send-reminder").click()
    expect(page.get_by_test_id("member-to-call").get_by_test_id("reminded")).to_be_visible()
    page.get_by_test_id("member-to-call").screenshot(path=f"{SHOTS}/1b-reminded.png")
    assert [m["phone"] for m in sms.outbox] == ["+84912000111"]
    assert "Lớp VNeID bản Co Sủ" in sms.outbox[0]["message"]
    assert AuditEvent.objects.filter(action="cohort.reminder").count() == 1

    # Every sheet at once, on an A4-wide screen, then as the printer will see it.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.get_by_test_id("print-all-sheets").click()
    cards = page.get_by_test_id("sheet-card")
    expect(cards).to_have_count(len(NAMES))
    expect(page.get_by_test_id("login-sheets")).not_to_contain_text("Lò Văn Pâng")
    page.screenshot(path=f"{SHOTS}/2-sheets-on-screen.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print-sheets")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}/3-sheets-printed.png", full_page=True)
    card = SHOTS / "4-one-card-printed.png"
    cards.first.screenshot(path=str(card))
    # Two columns: the second card sits beside the first; the third starts a new row.
    first, second, third = (cards.nth(n).bounding_box() for n in range(3))
    assert second["x"] > first["x"] and second["y"] == first["y"]
    assert third["y"] > first["y"]

    # Seven cards make two A4 pages: six on the first.
    pdf = page.pdf(format="A4", print_background=True)
    (SHOTS / "sheets.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2

    # The printed code logs in the member named on the card.
    url = _qr_link(card)
    assert url.startswith(live_server.url + "/accounts/qr/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert user_for_login_token(token).first_name == cards.first.locator(".sheet-name").inner_text()
    context.close()
