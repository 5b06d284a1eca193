"""A learner on a small phone goes through a procedure's screens in a practice step: taps the
wrong place once (the hint says where), then the right place on each screen; the server stores
the run. A clean run then counts for the learner's household. An editor places each screen's
marker by tapping its picture, as for a step."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from households.models import Evidence, Level
from lessons.models import PracticeRun
from tests.e2e.test_accessibility import AXE, violations
from tests.e2e.test_step_pictures import serve_media
from tests.factories import PASSWORD, UserFactory, learner
from tests.lessons.test_practice import SCREENS, centre, household_member, lesson_with_practice

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots" / "practice"
AXE_RUN = """async () => {
  const result = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]});
  return result.violations.map((v) => `${v.id}: ${v.help}`);
}"""


@pytest.fixture
def lesson(transactional_db):
    return lesson_with_practice()


@pytest.fixture
def member(transactional_db):
    """Lò Thị Xuân, of a household, who logs in as ``xuan``."""
    return household_member(learner(username="xuan"))


def vietnamese(message, *args):
    with translation.override("vi"):
        return ngettext(message, *args) if args else gettext(message)


def log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def tap(screen, x, y):
    """Tap the screen's picture at (x, y), in % of its width and height."""
    image = screen.locator("img")
    expect(image).to_have_js_property("complete", True)
    box = image.bounding_box()
    screen.locator(".phone").click(
        position={"x": box["width"] * x / 100 + 4, "y": box["height"] * y / 100 + 4}
    )


def current(practice):
    return practice.locator("[data-testid=practice-screen]:visible")


def test_a_learner_practises_on_a_phone_and_a_clean_run_counts_for_the_household(
    live_server, browser, browser_context_args, lesson, member
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = browser.new_context(**browser_context_args)
    serve_media(phone)
    page = phone.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    log_in(page, live_server.url, "xuan")
    page.goto(live_server.url + lesson.url)

    practice = page.get_by_test_id("practice")
    practice.scroll_into_view_if_needed()
    expect(practice.get_by_text(vietnamese("Where would you tap?"))).to_be_visible()
    screen = current(practice)
    expect(screen).to_have_count(1)
    # The learner must find the place: no circle.
    expect(screen.get_by_test_id("tap-ring")).to_be_hidden()
    image = screen.locator("img")
    expect(image).to_have_js_property("complete", True)
    assert image.bounding_box()["x"] + image.bounding_box()["width"] <= 360
    screen.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "01-first-screen.png"))

    # A wrong tap, at the top of the screen: the hint, and the circle as help.
    tap(screen, 10, 5)
    feedback = practice.get_by_test_id("practice-feedback")
    expect(feedback).to_have_text("Tìm nút Dang nhap màu xanh.")
    expect(screen.get_by_test_id("tap-ring")).to_be_visible()
    feedback.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "02-wrong-tap-hint.png"))

    for n, (_title, _button, box) in enumerate(SCREENS):
        screen = current(practice)
        expect(screen.locator(".practice-count")).to_contain_text(f"{n + 1}")
        tap(screen, *centre(box))
        if n == 0:
            expect(feedback).to_have_text(vietnamese("Right! Now the next screen."))
            current(practice).scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "03-second-screen.png"))

    result = practice.get_by_test_id("practice-result")
    # The page carries the one-hint and many-hints sentences as two messages.
    hinted = vietnamese("Done! You got {right}/{screens} screens right, with {hints} hint.")
    expect(result).to_have_text(hinted.format(right=3, screens=3, hints=1))
    expect(result).to_be_focused()
    saved = practice.get_by_test_id("practice-saved")
    expect(saved).to_have_text(
        vietnamese(
            "Practice saved: done with %(hints)s hint.",
            "Practice saved: done with %(hints)s hints.",
            1,
        )
        % {"hints": 1}
    )
    page.screenshot(path=str(SHOTS / "04-finished-with-a-hint.png"))
    run = PracticeRun.objects.get()
    assert (run.wrong_taps, run.right_taps, run.completed, run.without_help) == (1, 3, True, False)
    assert not Evidence.objects.filter(member=member).exists()

    # Again, right first time on every screen.
    practice.get_by_test_id("practice-again").click()
    for _title, _button, box in SCREENS:
        tap(current(practice), *centre(box))
    clean = vietnamese("Done! You got {right}/{screens} screens right, without help.")
    expect(result).to_have_text(clean.format(right=3, screens=3))
    expect(saved).to_have_text(vietnamese("Practice saved: done without help."))
    page.screenshot(path=str(SHOTS / "05-finished-without-help.png"))
    assert PracticeRun.objects.count() == 2
    assert PracticeRun.objects.filter(without_help=True).count() == 1
    evidence = Evidence.objects.get(member=member)
    assert (evidence.kind, evidence.level) == (Evidence.Kind.PRACTICE, Level.PRACTISED)
    # The outbox kept nothing: the server took both runs.
    assert page.evaluate("JSON.parse(localStorage.getItem('nhaso-outbox')).items.length") == 0

    # Back on the lesson later: the page remembers.
    page.reload()
    best = page.get_by_test_id("practice-best")
    expect(best).to_have_text(vietnamese("You have practised this to the end, without help."))
    best.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "06-on-return.png"))
    assert errors == []
    phone.close()


def test_a_visitor_practises_and_is_asked_to_log_in_to_save(
    live_server, browser, browser_context_args, lesson
):
    phone = browser.new_context(**browser_context_args)
    serve_media(phone)
    page = phone.new_page()
    page.goto(live_server.url + lesson.url)
    practice = page.get_by_test_id("practice")
    for _title, _button, box in SCREENS:
        tap(current(practice), *centre(box))
    expect(practice.get_by_test_id("practice-login")).to_be_visible()
    practice.get_by_test_id("practice-login").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "07-visitor-asked-to-log-in.png"))
    assert not PracticeRun.objects.exists()
    phone.close()


def test_the_practice_has_no_accessibility_violations(
    live_server, browser, browser_context_args, lesson
):
    # axe is injected as an inline script, which our Content-Security-Policy rightly refuses.
    phone = browser.new_context(**browser_context_args, bypass_csp=True)
    serve_media(phone)
    page = phone.new_page()
    found = violations(page, live_server.url + lesson.url)
    tap(current(page.get_by_test_id("practice")), 5, 5)  # the hint and the circle shown
    page.add_script_tag(path=str(AXE))
    found += page.evaluate(AXE_RUN)
    assert found == [], "\n".join(found)
    phone.close()


def test_without_javascript_the_screens_are_numbered_steps_with_their_hints(
    live_server, browser, browser_context_args, lesson
):
    phone = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    serve_media(phone)
    page = phone.new_page()
    page.goto(live_server.url + lesson.url)
    practice = page.get_by_test_id("practice")
    expect(practice.locator("ol.steps > li")).to_have_count(3)
    expect(practice.locator("ol.steps > li").nth(1)).to_contain_text("Tìm nút Tiep tuc màu xanh.")
    expect(practice.get_by_test_id("tap-ring").first).to_be_visible()
    expect(practice.get_by_test_id("practice-screen").first).to_be_hidden()
    practice.get_by_test_id("practice-steps").scroll_into_view_if_needed()
    practice.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "08-without-javascript.png"), full_page=True)
    phone.close()


def test_an_editor_places_a_practice_screens_marker_by_tapping_its_picture(
    live_server, browser, browser_context_args, lesson
):
    UserFactory(username="bientap", is_superuser=True, is_staff=True)
    # The admin asks for each picture's rendition at once; the live server's threads share
    # one in-memory SQLite connection, where three made together collide. Made beforehand.
    from wagtail.images import get_image_model

    from lessons.picture_admin import ADMIN_PICTURE

    for image in get_image_model().objects.all():
        image.get_rendition(ADMIN_PICTURE)
    editor = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 1000}}
    )
    serve_media(editor)
    page = editor.new_page()
    log_in(page, live_server.url, "bientap")
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    pictures = page.get_by_test_id("step-picture-admin")
    expect(pictures).to_have_count(3)
    screen = pictures.nth(2)
    screen.scroll_into_view_if_needed()
    image = screen.locator("img")
    expect(image).to_have_js_property("complete", True)
    box = image.bounding_box()
    image.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.4})
    across = page.locator("input[name$='screens-2-value-marker-x']")
    assert float(across.input_value()) == pytest.approx(30, abs=0.5)
    # The circle within which a learner's tap counts: 12 % of the width from the marker.
    zone = screen.locator(".step-picture-admin__zone")
    expect(zone).to_be_visible()
    circle = zone.bounding_box()
    assert circle["width"] == pytest.approx(box["width"] * 0.24, abs=2)
    assert circle["x"] + circle["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.3, abs=2)
    page.screenshot(path=str(SHOTS / "09-editor-places-the-marker.png"))
    editor.close()
