"""A voice contributor records a lesson part on a phone with the microphone, listens, sends;
an editor approves it in the admin; a Hmoob reader hears it on the untranslated lesson.

Chromium is launched here, not through the shared fixture: its fake microphone plays a file
made with espeak-ng, given as a launch argument."""

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect
from wagtail.models import Locale

from accounts.roles import Role
from lessons.narration import narratable_texts
from media.models import BlockNarration
from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_quiz import log_in
from tests.factories import UserFactory, course_with_lessons, lessons_of
from voices.models import Recording

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots" / "voices"
PHONE = {"viewport": {"width": 360, "height": 640}, "locale": "vi-VN"}


@pytest.fixture
def microphone_file(tmp_path) -> Path:
    """A voice for the fake microphone: espeak-ng reading Vietnamese, 16-bit PCM WAV."""
    voice = tmp_path / "giong.wav"
    subprocess.run(
        ["espeak-ng", "-v", "vi", "-s", "140", "-w", str(voice)]
        + ["Mở ứng dụng VNeID trên điện thoại, rồi bấm nút Đăng nhập."],
        check=True,
    )
    return voice


@pytest.fixture
def chromium(playwright, microphone_file):
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={microphone_file}",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield browser
    browser.close()


def test_a_contributor_records_a_part_an_editor_approves_it_a_reader_hears_it(
    live_server, chromium, transactional_db
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    lesson = lessons_of(course_with_lessons(title="VNeID", slug="vneid", lessons=1))[0]
    stand_in = lesson.copy_for_translation(
        Locale.objects.create(language_code="hnj"), copy_parents=True, alias=True
    )
    UserFactory(
        username="giang_a_lu",
        first_name="Giàng A Lử",
        preferred_language="hnj",
        role=Role.VOICE_CONTRIBUTOR,
    )
    editor = UserFactory(username="bientap", first_name="Biên tập", role=Role.EDITOR)
    # The flush between browser tests drops what Wagtail's migrations granted the Editors.
    editor.groups.get().permissions.add(Permission.objects.get(codename="access_admin"))
    first_part, second_part = list(narratable_texts(lesson))[:2]

    # The contributor, on a phone whose microphone is allowed.
    phone = chromium.new_context(**PHONE, permissions=["microphone"])
    page = phone.new_page()
    log_in(page, live_server, "giang_a_lu")
    page.goto(live_server.url + "/giong-doc/")
    expect(page.get_by_test_id("voice-lesson")).to_contain_text("VNeID bài 1")
    page.get_by_role("link", name="VNeID bài 1").click()
    expect(page.get_by_test_id("source-text")).to_have_text("VNeID bài 1")
    expect(page.get_by_test_id("no-recorder")).to_be_hidden()

    page.get_by_test_id("record").click()
    expect(page.get_by_test_id("stop")).to_be_visible()
    expect(page.get_by_test_id("timer")).to_have_text("0:02", timeout=5_000)
    page.screenshot(path=str(SHOTS / "1-recording.png"))
    page.screenshot(path=str(SHOTS / "1-recording-whole-page.png"), full_page=True)
    page.get_by_test_id("stop").click()

    take = page.get_by_test_id("take")
    expect(take).to_be_visible()
    expect(page.get_by_test_id("record-again")).to_be_visible()
    take.evaluate("el => el.play()")  # listen to it
    page.wait_for_function("el => el.currentTime > 0.3", arg=take.element_handle(), timeout=10_000)
    take.evaluate("el => el.pause()")
    page.screenshot(path=str(SHOTS / "2-listen-and-send.png"))

    page.get_by_test_id("send").click()
    page.wait_for_url(f"**?phan={second_part}", timeout=20_000)
    expect(page.get_by_test_id("source-text")).to_have_text("Nội dung bài 1")
    page.screenshot(path=str(SHOTS / "3-next-part.png"))
    page.get_by_test_id("all-lessons").click()
    expect(page.get_by_test_id("waiting-count")).to_contain_text("1")
    page.screenshot(path=str(SHOTS / "0-lessons.png"), full_page=True)
    recording = Recording.objects.get()
    assert (recording.status, recording.block_id, recording.language) == (
        "pending",
        first_part,
        "hnj",
    )
    assert recording.clip.duration > 1.5
    phone.close()

    # The editor approves it in the admin.
    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    admin = desk.new_page()
    log_in(admin, live_server, "bientap")
    admin.goto(live_server.url + "/admin/giong-doc/")
    row = admin.get_by_test_id("review-row")
    expect(row).to_contain_text("VNeID bài 1")
    expect(row).to_contain_text("Giàng A Lử")
    admin.screenshot(path=str(SHOTS / "4-editor-review.png"), full_page=True)
    row.get_by_test_id("approve").click()
    expect(admin.get_by_test_id("nothing-to-review")).to_be_visible()
    recording.refresh_from_db()
    assert recording.status == "approved"
    assert BlockNarration.objects.get(block_id=first_part, language="hnj").recording_id == (
        recording.clip_id
    )
    admin.goto(live_server.url + "/admin/giong-doc/tien-do/")
    admin.screenshot(path=str(SHOTS / "5-progress.png"), full_page=True)
    desk.close()

    # A Hmoob reader opens the untranslated lesson and listens.
    reader = chromium.new_context(**PHONE)
    page = reader.new_page()
    page.goto(live_server.url + stand_in.url)
    assert stand_in.url.startswith("/hnj/")
    audio = page.locator("audio[data-narration]")
    expect(audio).to_have_count(1)
    page.locator("[data-listen] button").first.click()
    page.wait_for_function("el => el.currentTime > 0.3", arg=audio.element_handle(), timeout=10_000)
    assert recording.clip.audio.url in audio.evaluate("el => el.currentSrc")
    page.screenshot(path=str(SHOTS / "6-reader-listens.png"))
    reader.close()


def test_without_a_microphone_the_contributor_gets_the_file_form(
    live_server, playwright, transactional_db
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    lesson = lessons_of(course_with_lessons(title="VNeID", slug="vneid", lessons=1))[0]
    UserFactory(username="giang_a_lu", role=Role.VOICE_CONTRIBUTOR)
    # No fake device and no permission: getUserMedia is refused.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
    )
    try:
        phone = browser.new_context(**PHONE)
        page = phone.new_page()
        log_in(page, live_server, "giang_a_lu")
        page.goto(f"{live_server.url}/giong-doc/{lesson.pk}/hnj/")
        page.on("dialog", lambda dialog: dialog.dismiss())
        page.get_by_test_id("record").click()
        expect(page.get_by_test_id("no-recorder")).to_be_visible(timeout=10_000)
        expect(page.get_by_test_id("file-form")).to_be_visible()
        page.screenshot(path=str(SHOTS / "7-no-microphone.png"), full_page=True)
    finally:
        browser.close()
