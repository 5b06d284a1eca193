"""A step's picture of a phone screen: drawn in a phone frame, small enough for an old phone on
a weak connection, with the place to tap circled and pointed at; refused without a description
or with half a marker."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail import blocks
from wagtail.models import Collection

from lessons.blocks import LessonBodyBlock, StepBlock, TapMarkerBlock, step_picture, tap_drawing
from tests.factories import learner, wagtail_basics

WEBP_BUDGET = 25 * 1024


def phone_screenshot_png(width=720, height=1280) -> bytes:
    """A realistic screenshot of a public-service app: status bar, coloured header, lines of
    text, an input, buttons, a notice; flat colours, as phones draw them."""
    shot = PILImage.new("RGB", (width, height), "#f4f6f8")
    draw = ImageDraw.Draw(shot)
    font = ImageFont.load_default(size=30)
    small = ImageFont.load_default(size=24)
    big = ImageFont.load_default(size=40)
    draw.rectangle((0, 0, width, 56), fill="#0b3d91")
    draw.text((24, 12), "09:41", fill="white", font=small)
    draw.text((width - 140, 12), "4G 76%", fill="white", font=small)
    draw.rectangle((0, 56, width, 176), fill="#c8102e")
    draw.text((32, 92), "Dich vu cong truc tuyen", fill="white", font=big)
    lines = [
        "Dang ky thuong tru cho nguoi",
        "trong gia dinh. Chuan bi can",
        "cuoc cong dan va so dien thoai.",
        "Ho so se duoc gui den cong an",
        "xa, phuong noi ban dang o.",
    ]
    for n, line in enumerate(lines):
        draw.text((40, 220 + n * 46), line, fill="#1b1f24", font=font)
    draw.rounded_rectangle((40, 480, width - 40, 560), radius=12, outline="#8a94a0", width=3)
    draw.text((60, 502), "So can cuoc (12 chu so)", fill="#8a94a0", font=font)
    draw.rounded_rectangle((40, 600, width - 40, 680), radius=12, outline="#8a94a0", width=3)
    draw.text((60, 622), "So dien thoai", fill="#8a94a0", font=font)
    draw.rounded_rectangle((40, 740, width - 40, 840), radius=16, fill="#0b5d3b")
    draw.text((250, 770), "Tiep tuc", fill="white", font=big)
    draw.rounded_rectangle((40, 880, width - 40, 980), radius=16, outline="#0b5d3b", width=4)
    draw.text((270, 910), "Quay lai", fill="#0b5d3b", font=big)
    draw.rectangle((40, 1040, width - 40, 1160), fill="#fff3dd")
    draw.text((64, 1060), "Luu y: khong chia se ma OTP", fill="#8a4b00", font=font)
    draw.text((64, 1106), "cho bat ky ai.", fill="#8a4b00", font=font)
    for n, label in enumerate(["Trang chu", "Ho so", "Tai khoan"]):
        draw.text((60 + n * 230, 1210), label, fill="#56606b", font=small)
    out = io.BytesIO()
    shot.save(out, "PNG")
    return out.getvalue()


def phone_screenshot(title="Màn hình đăng ký thường trú", name="dang-ky.png"):
    """The screenshot above stored as a Wagtail image."""
    from wagtail.images.models import Image

    wagtail_basics()
    return Image.objects.create(
        title=title,
        file=ImageFile(io.BytesIO(phone_screenshot_png()), name=name),
        collection=Collection.get_first_root_node(),
    )


def step(screenshot=None, alt="", marker=None, caption="", text="<p>Bấm Tiếp tục</p>"):
    return {
        "text": text,
        "screenshot": screenshot,
        "screenshot_alt": alt,
        "marker": marker or {"x": None, "y": None},
        "caption": caption,
    }


class Shape:
    """Stands in for a Wagtail image where only its size matters."""

    def __init__(self, width, height):
        self.width, self.height = width, height


def picture(x, y, width=720, height=1280):
    return step_picture(step(Shape(width, height), alt="Màn hình", marker={"x": x, "y": y}))


# --- Where the arrow comes from -----------------------------------------------------------


@pytest.mark.parametrize(
    "x, y, side",
    [
        (80, 50, "top"),  # mid-height on a tall screen: above beats the left's 80 %
        (95, 50, "left"),  # near the right edge, the width's 95 % is the most room
        (5, 50, "right"),
        (50, 20, "bottom"),
        (50, 85, "top"),
    ],
)
def test_the_arrow_comes_from_the_side_with_most_room_on_a_tall_screenshot(x, y, side):
    assert picture(x, y).arrow_from == side


def test_on_a_wide_picture_the_arrow_comes_from_left_or_right():
    assert picture(85, 50, width=1280, height=720).arrow_from == "left"
    assert picture(15, 50, width=1280, height=720).arrow_from == "right"


def test_a_step_without_a_marker_has_no_arrow_and_no_drawing():
    shot = step_picture(step(Shape(720, 1280), alt="Màn hình"))
    assert shot.arrow_from is None and tap_drawing(shot) is None


def test_the_drawing_measures_in_hundredths_of_the_width_so_the_circle_stays_round():
    drawing = tap_drawing(picture(25, 50))
    assert drawing["view_height"] == pytest.approx(100 * 1280 / 720)
    assert (drawing["x"], drawing["y"]) == (25, pytest.approx(50 * 1280 / 720))
    assert (drawing["side"], drawing["turn"]) == ("top", 270)


# --- Validation ---------------------------------------------------------------------------


def errors_of(block, value):
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(block.to_python(value) if isinstance(value, dict) else value)
    return {
        name: [str(m) for m in error.messages] for name, error in raised.value.block_errors.items()
    }


@pytest.mark.django_db
def test_a_chosen_picture_needs_a_description_said_on_the_field_in_vietnamese():
    shot = phone_screenshot()
    block = StepBlock()
    value = block.to_python(step(shot.pk, alt="   "))
    with translation.override("vi"), pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(value)
    assert set(raised.value.block_errors) == {"screenshot_alt"}
    with translation.override("en"):
        (message,) = raised.value.block_errors["screenshot_alt"].messages
    assert "picture shows" in message


@pytest.mark.django_db
def test_a_step_with_a_described_picture_or_without_a_picture_is_accepted():
    shot = phone_screenshot()
    block = StepBlock()
    block.clean(block.to_python(step(shot.pk, alt="Màn hình đăng ký", marker={"x": 50, "y": 62})))
    block.clean(block.to_python(step(None)))


@pytest.mark.parametrize(
    "marker, missing", [({"x": 40.5, "y": None}, "y"), ({"x": None, "y": 3}, "x")]
)
def test_half_a_marker_is_refused_on_the_missing_number(marker, missing):
    block = TapMarkerBlock(required=False)
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(block.to_python(marker))
    assert set(raised.value.block_errors) == {missing}
    with translation.override("en"):
        (message,) = raised.value.block_errors[missing].messages
    assert "both" in message


def test_an_empty_or_whole_marker_is_accepted():
    block = TapMarkerBlock(required=False)
    assert block.clean(block.to_python({"x": None, "y": None})) == {"x": None, "y": None}
    assert dict(block.clean(block.to_python({"x": 0, "y": 100}))) == {"x": 0, "y": 100}


# --- Drawing the step ---------------------------------------------------------------------


def render_steps(*steps_, language="vi"):
    body = LessonBodyBlock()
    value = body.child_blocks["steps"].to_python({"title": "", "steps": list(steps_)})
    with translation.override(language):
        return body.child_blocks["steps"].render(value, context={"narration": None})


@pytest.mark.django_db
@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_the_marker_is_placed_with_dots_even_in_vietnamese():
    shot = phone_screenshot()
    html = render_steps(step(shot.pk, alt="Màn hình", marker={"x": 12.5, "y": 62.25}))
    (svg,) = re.findall(r"<svg class=\"tap[^>]*>.*?</svg>", html, re.S)
    assert 'data-x="12.50"' in svg and 'data-y="62.25"' in svg
    assert 'viewBox="0 0 100 177.78"' in svg
    assert "translate(12.50 110.67) rotate(270)" in svg and "tap-ring" in svg
    assert "," not in svg


@pytest.mark.django_db
def test_a_step_without_a_marker_shows_the_picture_only_and_its_caption_under_it():
    shot = phone_screenshot()
    html = render_steps(step(shot.pk, alt="Màn hình đăng ký", caption="Màn hình đầu tiên"))
    assert "<picture>" in html and 'alt="Màn hình đăng ký"' in html
    assert "tap-marker" not in html
    assert re.search(r"</picture>\s*</div>\s*<figcaption>Màn hình đầu tiên</figcaption>", html)


@pytest.mark.django_db
def test_a_step_without_a_picture_is_text_only():
    html = render_steps(step(None))
    assert "Bấm Tiếp tục" in html and "<figure" not in html


# --- On a lesson page, over a real database ----------------------------------------------


@pytest.mark.django_db
def test_a_lesson_step_serves_a_small_webp_of_a_real_screenshot_sized_with_alt_and_marker(
    client, lessons
):
    lesson = lessons[0]
    shot = phone_screenshot()
    lesson.body.append(
        (
            "steps",
            {
                "title": "Đăng ký",
                "steps": [
                    step(
                        shot,
                        alt="Màn hình đăng ký, nút Tiếp tục màu xanh",
                        marker={"x": 50, "y": 61.7},
                        caption="Bấm nút xanh",
                    )
                ],
            },
        )
    )
    lesson.save_revision().publish()
    client.force_login(learner())

    html = client.get(lesson.url).content.decode()

    (figure,) = re.findall(r'<figure class="step-picture">.*?</figure>', html, re.S)
    (webp_srcset,) = re.findall(r'srcset="([^"]+)" type="image/webp"', figure)
    webp = {width: url for url, width in re.findall(r"(\S+) (\d+)w", webp_srcset)}
    assert set(webp) == {"240", "360"}
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert 'alt="Màn hình đăng ký, nút Tiếp tục màu xanh"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert 'data-x="50.00" data-y="61.70"' in figure and "Bấm nút xanh" in figure

    # The bytes the site's media server (or the web server in front of it) sends.
    stored = webp["360"].removeprefix(settings.MEDIA_URL)
    with default_storage.open(stored) as served:
        body = served.read()
    assert body[8:12] == b"WEBP"
    print(f"WebP rendition at 360 px: {len(body)} bytes")
    assert len(body) <= WEBP_BUDGET, len(body)


@pytest.mark.django_db
def test_the_admin_gives_an_editor_a_larger_picture_to_tap(admin_client):
    shot = phone_screenshot()
    response = admin_client.get(reverse("lesson_step_picture", args=[shot.pk]))
    assert response.status_code == 200
    data = response.json()
    assert data["width"] == 640 and abs(data["height"] - 1138) <= 1
    assert default_storage.exists(data["url"].removeprefix(settings.MEDIA_URL))


@pytest.mark.django_db
def test_the_admin_picture_is_refused_to_a_learner(client):
    shot = phone_screenshot()
    client.force_login(learner())
    response = client.get(reverse("lesson_step_picture", args=[shot.pk]))
    assert response.status_code in (302, 403)
