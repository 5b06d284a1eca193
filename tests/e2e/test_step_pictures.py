"""An editor taps a step's picture in the page editor where the learner should tap; a learner
on a small phone sees the circle and the arrow at that very spot."""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from playwright.sync_api import expect

from lessons.blocks import body_from_json
from tests.factories import PASSWORD, UserFactory, course_with_lessons, lessons_of
from tests.lessons.test_step_pictures import phone_screenshot

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots" / "step-pictures"


@pytest.fixture
def lesson(transactional_db):
    """A lesson whose one step shows a phone screenshot, described, with no marker yet."""
    lesson = lessons_of(course_with_lessons(title="Cư trú", slug="cu-tru", lessons=1))[0]
    shot = phone_screenshot()
    lesson.body = body_from_json(
        [
            {
                "type": "steps",
                "value": {
                    "title": "Đăng ký thường trú",
                    "steps": [
                        {
                            "text": "<p>Bấm nút <b>Tiếp tục</b> màu xanh.</p>",
                            "screenshot": shot,
                            "screenshot_alt": "Màn hình đăng ký, nút Tiếp tục màu xanh ở giữa",
                            "marker": {"x": None, "y": None},
                            "caption": "Bấm vào đây",
                        }
                    ],
                },
            }
        ]
    )
    lesson.save_revision().publish()
    return lesson


def serve_media(context):
    """The site serves uploads only where SERVE_MEDIA says so; here the test hands them over."""

    def fulfil(route):
        path = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / path))

    context.route(re.compile(rf"^https?://[^/]+{re.escape(settings.MEDIA_URL)}"), fulfil)


def test_an_editor_taps_the_picture_and_a_learner_sees_the_marker_there(
    live_server, browser, browser_context_args, lesson
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    UserFactory(username="bientap", is_superuser=True, is_staff=True)
    phone_screenshot(title="Màn hình mới", name="dang-ky-moi.png")

    # The editor, at the commune's computer.
    editor = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 1000}}
    )
    serve_media(editor)
    page = editor.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill("bientap")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")

    screen = page.get_by_test_id("step-picture-admin")
    expect(screen).to_be_visible()
    picture = screen.locator("img")
    expect(picture).to_have_attribute("src", re.compile(r"/dang-ky\."))

    # A newer screenshot, chosen through Wagtail's image chooser, replaces the one shown.
    chosen = page.locator("input[name$='-screenshot']").get_attribute("id")
    chooser = page.locator(f"#{chosen}-chooser")
    chooser.locator("[data-w-dropdown-target=toggle]").click()
    page.locator("[data-chooser-action-choose]:visible").click()
    page.locator(".modal a.image-choice", has_text="Màn hình mới").click()
    expect(picture).to_have_attribute("src", re.compile(r"/dang-ky-moi\."))
    expect(picture).to_have_js_property("complete", True)
    box = picture.bounding_box()
    assert box["width"] == pytest.approx(320, abs=1)
    # The "Tiếp tục" button of the screenshot: 50 % across, 61.7 % down.
    picture.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.617})
    across = page.locator("input[name$='-marker-x']")
    down = page.locator("input[name$='-marker-y']")
    assert float(across.input_value()) == pytest.approx(50, abs=0.3)
    assert float(down.input_value()) == pytest.approx(61.7, abs=0.3)
    expect(screen.locator(".step-picture-admin__marker")).to_be_visible()

    # The numbers stay editable; typing moves the circle.
    down.fill("61.7")
    down.dispatch_event("input")
    across.fill("50")
    across.dispatch_event("input")
    # From the keyboard: arrow keys on the focused picture move the marker by 1 %.
    screen.focus()
    page.keyboard.press("ArrowRight")
    expect(across).to_have_value("51")
    page.keyboard.press("ArrowLeft")
    expect(across).to_have_value("50")
    marker = screen.locator(".step-picture-admin__marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] / 2, abs=1)
    screen.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "01-editor-taps-the-picture.png"))

    # A picture without its description is refused, and the field says so.
    description = page.locator("input[name$='-screenshot_alt']")
    description.fill("")
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-publish]").click()
    field = page.locator("[data-contentpath='screenshot_alt']")
    expect(field.locator(".error-message")).to_be_visible()
    field.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "00-description-needed.png"))
    print("Error on the description:", field.locator(".error-message").inner_text())
    page.locator("input[name$='-screenshot_alt']").fill(
        "Màn hình đăng ký, nút Tiếp tục màu xanh ở giữa"
    )

    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/admin/pages/{lesson.get_parent().pk}/")
    lesson.refresh_from_db()
    marker_value = lesson.body[0].value["steps"][0]["marker"]
    assert (marker_value["x"], marker_value["y"]) == (50, 61.7)
    editor.close()

    # A learner on a small, old phone.
    phone = browser.new_context(**browser_context_args)
    serve_media(phone)
    page = phone.new_page()
    page.goto(live_server.url + lesson.url)
    figure = page.locator("figure.step-picture")
    figure.scroll_into_view_if_needed()
    image = figure.locator("img")
    expect(image).to_have_attribute("alt", "Màn hình đăng ký, nút Tiếp tục màu xanh ở giữa")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    # The 360 px WebP, the one the phone's width asks for.
    chosen = image.evaluate("img => img.currentSrc")
    assert ".width-360." in chosen and chosen.endswith(".webp"), chosen
    img = image.bounding_box()
    ring = figure.get_by_test_id("tap-ring").bounding_box()
    centre = (ring["x"] + ring["width"] / 2, ring["y"] + ring["height"] / 2)
    assert centre[0] == pytest.approx(img["x"] + img["width"] * 0.5, abs=1.5)
    assert centre[1] == pytest.approx(img["y"] + img["height"] * 0.617, abs=1.5)
    # Big enough to see on a phone, inside the screen's width.
    assert ring["width"] > 36 and img["x"] + img["width"] <= 360
    expect(figure.locator("figcaption")).to_have_text("Bấm vào đây")
    page.screenshot(path=str(SHOTS / "02-learner-sees-the-marker.png"))
    figure.screenshot(path=str(SHOTS / "03-step-picture.png"))
    phone.close()
