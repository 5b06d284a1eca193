"""A practice step: the learner goes through a procedure's screens and taps where they would
tap. The server scores the taps, stores each run once, and a run finished without help is
evidence for the learner's household."""

import io
import json
import re
from types import SimpleNamespace
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail import blocks
from wagtail.models import Collection

from households.models import Evidence, Household, Level, Member
from lessons.blocks import LessonBodyBlock, PracticeScreenBlock, body_from_json, practice_in
from lessons.models import PracticeRun
from lessons.practice import TAP_RADIUS, score_run, tap_hits
from lessons.services import record_practice_run
from places.models import Village
from tests.factories import (
    CommuneFactory,
    course_with_lessons,
    learner,
    lessons_of,
    wagtail_basics,
)

# Three screens of "install VNeID and log in", 720 × 1280: (title, button, button's box).
SCREENS = [
    ("VNeID", "Dang nhap", (60, 1000, 660, 1100)),  # centre 50 %, 82.03 %
    ("Dang nhap", "Tiep tuc", (60, 700, 660, 800)),  # centre 50 %, 58.59 %
    ("Nhap ma OTP", "Xac nhan", (380, 400, 660, 500)),  # centre 72.22 %, 35.16 %
]
WIDTH, HEIGHT = 720, 1280


def centre(box) -> tuple[float, float]:
    left, top, right, bottom = box
    return (round(100 * (left + right) / 2 / WIDTH, 2), round(100 * (top + bottom) / 2 / HEIGHT, 2))


def screen_png(title: str, button: str, box) -> bytes:
    """A phone screen with a coloured header and one button to find."""
    shot = PILImage.new("RGB", (WIDTH, HEIGHT), "#f4f6f8")
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, WIDTH, 160), fill="#c8102e")
    draw.text((40, 50), title, fill="white", font=ImageFont.load_default(size=48))
    for n in range(4):
        draw.rectangle((40, 220 + n * 40, 600 - n * 60, 240 + n * 40), fill="#c9ced6")
    draw.rounded_rectangle(box, radius=16, fill="#0b5d3b")
    draw.text(
        (box[0] + 40, box[1] + 25), button, fill="white", font=ImageFont.load_default(size=40)
    )
    out = io.BytesIO()
    shot.save(out, "PNG")
    return out.getvalue()


def stored_screen(title, button, box):
    from wagtail.images.models import Image

    wagtail_basics()
    return Image.objects.create(
        title=f"Màn hình {title}",
        file=ImageFile(io.BytesIO(screen_png(title, button, box)), name="practice.png"),
        collection=Collection.get_first_root_node(),
    )


def practice_value(procedure="Cài VNeID và đăng nhập", screens=SCREENS) -> dict:
    return {
        "procedure": procedure,
        "intro": "Làm như trên điện thoại của bạn.",
        "screens": [
            {
                "screenshot": stored_screen(title, button, box),
                "screenshot_alt": f"Màn hình {title}, nút {button}",
                "marker": dict(zip(("x", "y"), centre(box), strict=True)),
                "hint": f"Tìm nút {button} màu xanh.",
                "caption": "",
            }
            for title, button, box in screens
        ],
    }


def lesson_with_practice(screens=SCREENS):
    """A published lesson: a text, then a practice of ``screens``."""
    lesson = lessons_of(course_with_lessons(title="VNeID", slug="vneid-luyen", lessons=1))[0]
    lesson.body = body_from_json(
        [
            {"type": "text", "value": "<p>Cài VNeID</p>"},
            {"type": "practice", "value": practice_value(screens=screens)},
        ]
    )
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def right_taps(screens=SCREENS) -> list[dict]:
    return [
        {"screen": n, "x": centre(box)[0], "y": centre(box)[1]}
        for n, (_t, _b, box) in enumerate(screens)
    ]


def screen(x=50.0, y=50.0, aspect=1.0, hint="Nút ở giữa"):
    return SimpleNamespace(marker=(x, y), aspect=aspect, hint=hint)


# --- Unit: where a tap counts --------------------------------------------------------------


def test_the_radius_is_a_fingertip_on_a_small_phone():
    assert TAP_RADIUS == 12


def test_a_tap_on_the_edge_of_the_circle_counts_and_just_outside_does_not():
    assert tap_hits((50, 50), 50, 50, 12)
    assert tap_hits((50, 50), 62, 50, 12)
    assert tap_hits((50, 50), 38, 50, 12)
    assert not tap_hits((50, 50), 62.01, 50, 12)
    assert not tap_hits((50, 50), 50 + 8.5, 50 + 8.5, 12)  # diagonal: 12.02 away


def test_distance_down_is_measured_in_hundredths_of_the_width_on_a_tall_screen():
    # On a screen twice as tall as wide, 6 % of the height is 12 % of the width.
    assert tap_hits((50, 50), 50, 56, 12, aspect=2)
    assert not tap_hits((50, 50), 50, 56.1, 12, aspect=2)
    assert not tap_hits((50, 50), 50, 62, 12, aspect=2)


def test_a_marker_at_the_corner_of_the_screen_can_be_hit():
    assert tap_hits((0, 100), 0, 100, 12)
    assert tap_hits((100, 0), 95, 3, 12)


# --- Unit: scoring a run --------------------------------------------------------------------


def test_all_right_first_time_is_finished_without_help():
    screens = [screen(50, 50), screen(20, 80)]
    score = score_run(screens, [{"screen": 0, "x": 52, "y": 49}, {"screen": 1, "x": 20, "y": 80}])
    assert (score.right_taps, score.wrong_taps, score.hints) == (2, 0, [])
    assert score.completed and score.without_help


def test_a_wrong_tap_is_counted_shows_its_hint_and_the_run_is_not_without_help():
    screens = [screen(50, 50, hint="Nút giữa"), screen(20, 80, hint="Nút dưới trái")]
    taps = [
        {"screen": 0, "x": 50, "y": 50},
        {"screen": 1, "x": 90, "y": 10},
        {"screen": 1, "x": 20, "y": 80},
    ]
    score = score_run(screens, taps)
    assert (score.right_taps, score.wrong_taps, score.hints) == (2, 1, ["Nút dưới trái"])
    assert score.completed and not score.without_help


def test_a_run_left_halfway_is_not_finished():
    screens = [screen(50, 50), screen(20, 80), screen(80, 20)]
    score = score_run(screens, [{"screen": 0, "x": 50, "y": 50}, {"screen": 1, "x": 60, "y": 10}])
    assert (score.right_taps, score.wrong_taps) == (1, 1)
    assert not score.completed and not score.without_help
    assert not score_run(screens, []).completed


@pytest.mark.parametrize(
    "taps",
    [
        [{"screen": 1, "x": 20, "y": 80}],  # the second screen before the first
        [{"screen": 0, "x": 50, "y": 50}, {"screen": 0, "x": 50, "y": 50}],  # first, again
        [{"screen": 5, "x": 50, "y": 50}],  # no such screen
        [{"screen": -1, "x": 50, "y": 50}],
        [{"screen": 0, "x": 50, "y": 50}, {"screen": 1, "x": 20, "y": 80}, {"screen": 1}],
        [{"screen": 0, "x": "50", "y": 50}],
        [{"screen": 0, "x": True, "y": 50}],
        [{"screen": 0, "x": float("nan"), "y": 50}],
        [{"screen": 0, "x": 150, "y": 50}],
        [{"screen": "0", "x": 50, "y": 50}],
        [[0, 50, 50]],
        {"screen": 0, "x": 50, "y": 50},
        "taps",
        [{"screen": 0, "x": 1, "y": 1}] * 301,
    ],
)
def test_taps_the_server_did_not_expect_are_refused(taps):
    with pytest.raises(ValidationError):
        score_run([screen(50, 50), screen(20, 80)], taps)


def test_a_tap_after_the_last_screen_is_refused():
    with pytest.raises(ValidationError):
        score_run(
            [screen(50, 50)], [{"screen": 0, "x": 50, "y": 50}, {"screen": 0, "x": 1, "y": 1}]
        )


# --- The block ------------------------------------------------------------------------------


def test_a_practice_screen_needs_its_picture_its_description_its_marker_and_its_hint():
    block = PracticeScreenBlock()
    value = block.to_python(
        {"screenshot": None, "screenshot_alt": "", "marker": {"x": None, "y": None}, "hint": ""}
    )
    with pytest.raises(blocks.StructBlockValidationError) as refused:
        block.clean(value)
    assert set(refused.value.block_errors) == {"screenshot", "screenshot_alt", "marker", "hint"}


def test_the_practice_block_is_in_the_lesson_body_and_heard_by_its_procedure(db):
    body = LessonBodyBlock()
    assert "practice" in body.child_blocks
    practice = body.child_blocks["practice"]
    value = practice.to_python({"procedure": "Cài VNeID", "intro": "Làm theo", "screens": []})
    assert practice.narrated_texts(value, "b1") == [("b1", "Cài VNeID. Làm theo")]


# --- Integration: sending a run -------------------------------------------------------------


@pytest.fixture
def lesson(db):
    return lesson_with_practice()


@pytest.fixture
def block_id(lesson):
    return lesson.body[1].id


def post_run(client, lesson, block_id, taps, client_id=None):
    body = {"client_id": str(client_id or uuid4()), "block_id": block_id, "taps": taps}
    return client.post(
        reverse("lessons:practice", args=[lesson.pk]),
        json.dumps(body),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    )


def test_the_practice_found_in_the_lesson_has_its_screens_and_markers(lesson, block_id):
    practice = practice_in(lesson.body, block_id)
    assert practice.procedure == "Cài VNeID và đăng nhập"
    assert [s.marker for s in practice.screens] == [centre(box) for _t, _b, box in SCREENS]
    assert practice.screens[0].aspect == pytest.approx(HEIGHT / WIDTH)
    assert practice_in(lesson.body, lesson.body[0].id) is None
    assert practice_in(lesson.body, "no-such-block") is None


def test_a_run_posted_is_scored_by_the_server_and_stored_once(client, lesson, block_id):
    person = learner()
    client.force_login(person)
    response = post_run(client, lesson, block_id, right_taps())
    assert response.status_code == 200
    assert response.json()["without_help"] is True
    run = PracticeRun.objects.get()
    assert (run.user, run.lesson, run.block_id, run.procedure) == (
        person,
        lesson,
        block_id,
        "Cài VNeID và đăng nhập",
    )
    assert (run.screens, run.right_taps, run.wrong_taps, run.hints_shown) == (3, 3, 0, 0)
    assert run.completed and run.without_help
    assert run.lesson_key == lesson.translation_key and run.taps == right_taps()


def test_the_same_run_sent_twice_is_stored_once(client, lesson, block_id):
    client.force_login(learner())
    client_id = uuid4()
    first = post_run(client, lesson, block_id, right_taps(), client_id=client_id)
    again = post_run(client, lesson, block_id, right_taps(), client_id=client_id)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert PracticeRun.objects.count() == 1


def test_a_run_id_reused_by_another_learner_is_refused(client, lesson, block_id):
    client_id = uuid4()
    record_practice_run(
        user=learner(), lesson=lesson, block_id=block_id, client_id=client_id, taps=right_taps()
    )
    client.force_login(learner())
    assert post_run(client, lesson, block_id, right_taps(), client_id=client_id).status_code == 400
    assert PracticeRun.objects.count() == 1


def household_member(user) -> Member:
    """Lò Thị Xuân, head of a household in a new commune, who logs in as ``user``."""
    commune = CommuneFactory()
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    home = Household.objects.create(
        commune=commune, village=village, code="P1", head_name="Lò Văn A"
    )
    return Member.objects.create(
        household=home, full_name="Lò Thị Xuân", birth_year=1990, relation="head", user=user
    )


@pytest.fixture
def member_of_a_household(db):
    person = learner()
    return person, household_member(person)


def test_a_run_without_help_is_practice_evidence_for_the_learners_household_member(
    client, lesson, block_id, member_of_a_household
):
    person, member = member_of_a_household
    client.force_login(person)
    post_run(client, lesson, block_id, right_taps())
    evidence = Evidence.objects.get(member=member)
    assert evidence.kind == Evidence.Kind.PRACTICE == "practice"
    assert evidence.level == Level.PRACTISED == 3
    assert evidence.practice == PracticeRun.objects.get()
    assert evidence.procedure == "Cài VNeID và đăng nhập"


def test_a_run_with_a_wrong_tap_is_kept_but_is_no_evidence(
    client, lesson, block_id, member_of_a_household
):
    person, member = member_of_a_household
    client.force_login(person)
    taps = right_taps()
    taps.insert(1, {"screen": 1, "x": 5, "y": 5})
    response = post_run(client, lesson, block_id, taps)
    assert response.status_code == 200
    body = response.json()
    assert (body["completed"], body["without_help"], body["wrong_taps"]) == (True, False, 1)
    run = PracticeRun.objects.get()
    assert (run.wrong_taps, run.hints_shown, run.completed, run.without_help) == (1, 1, True, False)
    assert not Evidence.objects.filter(member=member).exists()


def test_a_visitor_cannot_send_a_run(client, lesson, block_id):
    response = post_run(client, lesson, block_id, right_taps())
    assert response.status_code in (302, 403)
    assert not PracticeRun.objects.exists()


def test_a_run_for_a_block_not_in_the_lesson_is_refused_and_nothing_is_stored(
    client, lesson, block_id
):
    client.force_login(learner())
    with translation.override("vi"):
        expected = gettext(
            "This practice is not in this lesson any more. Reload the page and try again."
        )
    for other in (lesson.body[0].id, "khong-co"):
        response = post_run(client, lesson, other, right_taps())
        assert response.status_code == 400
        assert response.json()["error"] == expected
    assert not PracticeRun.objects.exists()


def test_taps_out_of_order_are_refused_and_nothing_is_stored(client, lesson, block_id):
    client.force_login(learner())
    taps = list(reversed(right_taps()))
    response = post_run(client, lesson, block_id, taps)
    assert response.status_code == 400 and response.json()["error"]
    assert post_run(client, lesson, block_id, "garbage").status_code == 400
    bad = client.post(
        reverse("lessons:practice", args=[lesson.pk]), "{not json", content_type="application/json"
    )
    assert bad.status_code == 400
    deepest = "[" * 100_000 + "]" * 100_000
    nested = f'{{"client_id": "{uuid4()}", "block_id": "x", "taps": {deepest}}}'
    deep = client.post(
        reverse("lessons:practice", args=[lesson.pk]), nested, content_type="application/json"
    )
    assert deep.status_code == 400
    assert not PracticeRun.objects.exists()


def test_the_lesson_page_shows_the_practice_and_on_return_the_learners_best_run(
    client, lesson, block_id
):
    person = learner()
    client.force_login(person)
    html = client.get(lesson.url).content.decode()
    assert 'data-testid="practice"' in html and f'data-block-id="{block_id}"' in html
    assert 'data-testid="practice-best"' not in html
    assert "lessons/practice.js" in html and "lessons/practice.css" in html
    # The markers in unlocalised numbers, for the page's own check.
    assert re.search(r'data-x="50\.00"\s+data-y="82\.03"', html)
    taps = right_taps()
    taps.insert(0, {"screen": 0, "x": 5, "y": 5})
    post_run(client, lesson, block_id, taps)
    with translation.override("vi"):
        hinted = ngettext(
            "You have practised this to the end, with %(hints)s hint.",
            "You have practised this to the end, with %(hints)s hints.",
            1,
        ) % {"hints": 1}
        clean = gettext("You have practised this to the end, without help.")
    html = client.get(lesson.url).content.decode()
    assert 'data-testid="practice-best"' in html and " ".join(hinted.split()) in " ".join(
        html.split()
    )
    post_run(client, lesson, block_id, right_taps())
    html = client.get(lesson.url).content.decode()
    assert clean in html


def test_a_visitor_sees_the_practice_and_is_asked_to_log_in_to_save(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert 'data-testid="practice"' in html and 'data-testid="practice-login"' in html
    assert "data-url=" not in html


def test_a_lesson_without_practice_loads_no_practice_script(client, db):
    lesson = lessons_of(course_with_lessons(lessons=1))[0]
    client.force_login(learner())
    assert "lessons/practice.js" not in client.get(lesson.url).content.decode()
