"""The demo's pictures of phone screens: described in the catalogue, checked by the loader,
drawn by code, with the tap marker computed on the element to press."""

import pytest

from demo import catalogue, screens
from demo.data_files import DemoDataError
from tests.demo.test_catalogue import COURSE, refusal, write

LOGIN = {
    "kind": "form",
    "app": "VNeID",
    "address": "",
    "title": "Đăng nhập",
    "note": "",
    "fields": ["Số định danh cá nhân", "Mật khẩu"],
    "button": "Đăng nhập",
    "tap": "Đăng nhập",
}
PICTURED_STEP = """\
            - text: Bấm <b>Đăng nhập</b>.
              caption: Nút ở dưới hai ô.
              screen:
                kind: form
                app: VNeID
                title: Đăng nhập
                fields: [Số định danh cá nhân, Mật khẩu]
                button: Đăng nhập
                tap: Đăng nhập
"""


def with_step(step: str) -> str:
    return COURSE.replace("            - Mở <b>VNeID</b>.\n", step)


def catalogue_screens():
    return [
        pytest.param(place.screen, id=f"{lesson.slug}-{place.block + 1}.{place.step + 1}")
        for course in catalogue.courses()
        for lesson in course.lessons
        for place in lesson.screens
    ]


def inside(point, box) -> bool:
    x, y = point
    left, top, right, bottom = box
    return left <= x <= right and top <= y <= bottom


def test_a_step_with_a_screen_becomes_a_step_whose_picture_seed_demo_draws(tmp_path):
    write(tmp_path, "01-thu.yaml", with_step(PICTURED_STEP))
    [lesson] = catalogue.courses(tmp_path)[0].lessons
    step = lesson.body[1]["value"]["steps"][0]
    assert step["text"] == "<p>Bấm <b>Đăng nhập</b>.</p>"
    assert step["caption"] == "Nút ở dưới hai ô."
    assert step["screenshot"] is None  # filled in by seed_demo, with the marker
    assert step["marker"] == {"x": None, "y": None}
    assert "Số định danh cá nhân" in step["screenshot_alt"]
    assert "screen" not in step
    [place] = lesson.screens
    assert (place.block, place.step) == (1, 0)
    assert place.screen == {**LOGIN, "kind": "form"}


def test_an_unknown_screen_kind_is_refused_naming_the_file_the_lesson_and_the_kinds(tmp_path):
    write(tmp_path, "01-thu.yaml", with_step(PICTURED_STEP.replace("kind: form", "kind: from")))
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message and "lesson 'bai-mot'" in message
    assert "unknown screen kind 'from'" in message
    assert "form" in message and "store" in message  # the known kinds


def test_a_tap_on_a_label_that_is_not_on_the_screen_is_refused_with_what_is_on_it(tmp_path):
    write(
        tmp_path,
        "01-thu.yaml",
        with_step(PICTURED_STEP.replace("tap: Đăng nhập", "tap: Đăng nhap")),
    )
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message and "lesson 'bai-mot'" in message and "step 1" in message
    assert "tap 'Đăng nhap' is not on the screen" in message
    assert "'Số định danh cá nhân'" in message and "'Đăng nhập'" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("button: Đăng nhập", "buton: Đăng nhập"), "unknown key 'buton'"),
        (("                button: Đăng nhập\n", ""), "missing key 'button'"),
        (("fields: [Số định danh cá nhân, Mật khẩu]", "fields: Mật khẩu"), "'fields'"),
        (("caption: Nút ở dưới hai ô.", "caption: " + "x" * 121), "over 120 characters"),
        (("              caption:", "              captoin:"), "unknown key 'captoin'"),
    ],
    ids=["unknown-key", "missing-button", "fields-not-a-list", "long-caption", "step-key"],
)
def test_a_mistake_in_a_screen_or_a_pictured_step_is_refused(tmp_path, change, expected):
    write(tmp_path, "01-thu.yaml", with_step(PICTURED_STEP.replace(*change)))
    message = refusal(tmp_path)
    assert "01-thu.yaml" in message and expected in message


def test_the_marker_is_the_centre_of_the_tapped_button_in_percent_of_the_picture():
    drawing = screens.draw(LOGIN)
    left, top, right, bottom = drawing.targets["Đăng nhập"]
    x, y = drawing.marker
    assert x == pytest.approx(100 * (left + right) / 2 / screens.WIDTH, abs=0.1)
    assert y == pytest.approx(100 * (top + bottom) / 2 / screens.HEIGHT, abs=0.1)
    # The button is drawn there: its colour fills the box's edge at the marker's height.
    pixel = drawing.image.getpixel(
        ((left + 4) * screens.SCALE, y / 100 * screens.HEIGHT * screens.SCALE)
    )
    assert pixel == screens.BRAND
    # Below the two fields.
    assert top > drawing.targets["Mật khẩu"][3]


def test_a_screen_without_a_tap_has_no_marker():
    assert screens.draw({**LOGIN, "tap": None}).marker is None


def test_the_same_description_gives_the_same_picture():
    assert screens.draw(LOGIN).png == screens.draw(dict(LOGIN)).png


def test_a_text_too_long_for_the_screen_is_refused_when_drawn():
    with pytest.raises(screens.ScreenError, match="does not fit"):
        screens.draw({**LOGIN, "button": "Đăng nhập " * 20, "tap": None})


@pytest.mark.parametrize("screen", catalogue_screens())
def test_every_screen_of_the_catalogue_draws_with_its_marker_on_the_element_to_tap(screen):
    drawing = screens.draw(screen)
    assert drawing.image.size == (screens.WIDTH * screens.SCALE, screens.HEIGHT * screens.SCALE)
    assert set(drawing.targets) == set(screens.tappable(screen))
    for box in drawing.targets.values():  # nothing drawn off the screen
        assert 0 <= box[0] < box[2] <= screens.WIDTH and 0 <= box[1] < box[3] <= screens.HEIGHT
    if screen["tap"] is None:
        assert drawing.marker is None
        return
    x, y = drawing.marker
    assert inside(
        (x * screens.WIDTH / 100, y * screens.HEIGHT / 100), drawing.targets[screen["tap"]]
    )


def test_the_description_for_people_who_cannot_see_says_what_to_tap():
    text = screens.describe(LOGIN)
    assert text.startswith("Màn hình VNeID Đăng nhập")
    assert "“Số định danh cá nhân” và “Mật khẩu”" in text
    assert text.endswith("Vòng tròn chỉ chỗ bấm: “Đăng nhập”.")


def test_most_lessons_that_walk_through_a_phone_have_pictures():
    lessons = [lesson for course in catalogue.courses() for lesson in course.lessons]
    pictured = [lesson for lesson in lessons if lesson.screens]
    assert len(pictured) >= 18
    assert sum(len(lesson.screens) for lesson in lessons) >= 50


def test_a_step_written_as_something_else_than_text_or_a_mapping_is_refused(tmp_path):
    write(tmp_path, "01-thu.yaml", with_step("            - [Mở, VNeID]\n"))
    with pytest.raises(DemoDataError, match=r"01-thu\.yaml.*step 1: write a step as text"):
        catalogue.courses(tmp_path)
