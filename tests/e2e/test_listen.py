from playwright.sync_api import expect

from lessons.narration import lesson_items
from media.services import narrate_block
from tests.factories import course_with_lessons, lessons_of


def test_the_listen_button_plays_the_narration(live_server, page, transactional_db):
    lesson = lessons_of(course_with_lessons(title="Nghe thử", slug="nghe-thu", lessons=1))[0]
    for item in lesson_items(lesson):
        narrate_block(item)  # espeak-ng + ffmpeg, for real

    page.goto(live_server.url + lesson.url)
    audio = page.locator("audio[data-narration]").nth(1)
    expect(page.get_by_test_id("listen-all")).to_be_visible()
    page.get_by_test_id("narration-speed").select_option("1.25")
    # The second clip: the first one is labelled with its text ("Nghe: …").
    page.get_by_role("button", name="Nghe", exact=True).first.click()
    page.wait_for_function("el => el.currentTime > 0.3", arg=audio.element_handle(), timeout=10_000)
    assert audio.evaluate("el => el.playbackRate") == 1.25
    assert audio.evaluate("el => el.currentSrc").endswith(".ogg")
