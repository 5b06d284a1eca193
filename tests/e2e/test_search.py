"""A visitor on a small phone finds a lesson from the search box at the top of every page."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import wagtail_basics

SHOTS = Path("var/screenshots/search")

# Speech recognition that "hears" the words at once, as a phone's would after speaking.
FAKE_RECOGNITION = """
window.SpeechRecognition = class {
  addEventListener(type, listener) { (this.listeners ||= {})[type] = listener; }
  start() {
    sessionStorage.heardIn = this.lang;  // read after the form is submitted
    setTimeout(() => {
      this.listeners.result({results: [[{transcript: "tạm trú"}]]});
      this.listeners.end();
    }, 50);
  }
  abort() {}
};
"""
NO_RECOGNITION = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"


@pytest.fixture
def demo(transactional_db):
    wagtail_basics()
    call_command("seed_demo", "--no-narration", verbosity=0)


def test_a_visitor_types_without_accents_and_finds_the_lesson(live_server, page, demo):
    page.add_init_script(NO_RECOGNITION)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    header = page.get_by_test_id("site-search")
    # No speech recognition in this browser: no microphone button.
    expect(header.get_by_test_id("voice-search")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}/0-home-with-search-box.png")

    box = header.get_by_role("searchbox")
    box.fill("tam tru")
    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/tim-kiem/?q=tam+tru")
    first = page.get_by_test_id("search-results").get_by_role("listitem").first
    expect(first).to_contain_text("Đăng ký tạm trú khi đi làm ăn xa")
    expect(first).to_contain_text("Cư trú và hộ tịch trực tuyến")  # its course
    expect(box).to_have_value("tam tru")
    page.screenshot(path=f"{SHOTS}/1-results.png", full_page=True)

    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tạm trú khi đi làm ăn xa")


def test_a_visitor_speaks_the_search_where_the_browser_listens(live_server, page, demo):
    page.add_init_script(FAKE_RECOGNITION)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    microphone = page.get_by_test_id("voice-search")
    expect(microphone).to_be_visible()
    page.screenshot(path=f"{SHOTS}/2-microphone.png")

    microphone.click()

    expect(page).to_have_url(f"{live_server.url}/tim-kiem/?q=t%E1%BA%A1m+tr%C3%BA")
    assert page.evaluate("sessionStorage.heardIn") == "vi-VN"
    expect(page.get_by_test_id("lesson-card").first).to_contain_text("Đăng ký tạm trú")


def test_nothing_found_offers_courses_to_start_with(live_server, page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/tim-kiem/?q=qwerty")
    expect(page.get_by_test_id("search-empty")).to_be_visible()
    expect(page.get_by_test_id("course-card").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/3-nothing-found.png", full_page=True)
