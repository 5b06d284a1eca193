"""A learner away from their cohort for a week sees the reminder on their phone, follows it,
then turns reminders off."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from courses import services
from reminders.models import OptOut
from reminders.services import send_reminders
from tests.factories import course_with_lessons, trainer
from tests.reminders.world import NOW
from tests.reminders.world import member as away_member

from .test_quiz import log_in

SHOTS = Path("var/screenshots/reminders")


@pytest.fixture
def cohort(transactional_db, commune):
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=2)
    return services.create_cohort(
        trainer=trainer(), course=course, name="Lớp VNeID bản Co Sủ", commune=commune
    )


def test_a_learner_sees_the_reminder_follows_it_and_turns_reminders_off(live_server, page, cohort):
    SHOTS.mkdir(parents=True, exist_ok=True)
    person = away_member(cohort, username="vangmat")
    send_reminders(now=NOW)
    log_in(page, live_server, person.username)

    page.goto(f"{live_server.url}/hoc-tap/")
    notice = page.get_by_test_id("reminder-notice")
    expect(notice).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=SHOTS / "notice-360.png", full_page=True)

    notice.get_by_test_id("reminder-link").click()
    page.wait_for_url("**/vneid-bai-1/")

    page.get_by_test_id("reminder-opt-out").click()
    page.wait_for_url("**/nhac-nho/")
    expect(page.get_by_test_id("reminders-on")).to_be_visible()
    expect(page.get_by_test_id("reminder-notice")).to_have_count(0)
    page.screenshot(path=SHOTS / "turned-off-360.png", full_page=True)
    assert OptOut.objects.filter(user=person).exists()

    page.get_by_test_id("reminders-on").click()
    expect(page.get_by_test_id("reminders-off")).to_be_visible()
    assert not OptOut.objects.filter(user=person).exists()
