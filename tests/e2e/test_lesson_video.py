import subprocess
from pathlib import Path

from playwright.sync_api import expect

from lessons import services
from lessons.narration import lesson_items
from media.services import narrate_block
from tests.lessons.test_lesson_videos import lesson_with_pictures

SHOTS = Path("var/screenshots/lesson-video")


def test_a_learner_watches_the_lesson_video_on_a_small_phone(
    live_server, page, transactional_db, settings
):
    settings.LESSON_VIDEOS_ENABLED = True
    lesson = lesson_with_pictures()
    for item in lesson_items(lesson):
        narrate_block(item)  # espeak-ng + ffmpeg, for real
    [video] = services.render_lesson_videos(lesson=lesson)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # What a viewer sees once the second step's marker is on.
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-ss", str(video.duration - 1), "-i", video.file.path]
        + ["-frames:v", "1", str(SHOTS / "frame-last-step.png")],
        check=True,
    )

    page.goto(live_server.url + lesson.url)
    player = page.get_by_test_id("whole-lesson-video-player")
    expect(player).to_be_visible()
    expect(page.get_by_test_id("whole-lesson-video-download")).to_contain_text("MB")
    page.screenshot(path=str(SHOTS / "lesson-page.png"), full_page=True)

    player.evaluate("el => el.play()")
    page.wait_for_function(
        "el => el.currentTime > 1.0", arg=player.element_handle(), timeout=15_000
    )
    assert player.evaluate("el => el.currentSrc").endswith("240p.mp4")  # a small screen
    assert player.evaluate("el => el.textTracks[0].language") == "vi"
    player.scroll_into_view_if_needed()
    page.wait_for_function(
        "el => el.currentTime > 2.5", arg=player.element_handle(), timeout=15_000
    )
    page.screenshot(path=str(SHOTS / "playing.png"))
    # No part of the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
