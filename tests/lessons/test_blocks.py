"""The registry of lesson blocks: each kind of block says what is heard of it, which video it
plays and what it places, and the rest of the site asks it rather than its type's name."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model

from lessons.blocks import (
    LessonBlock,
    LessonBodyBlock,
    caption_tracks,
    h5p_placed_in,
    narrated_texts,
    quizzes_placed_in,
    videos_in,
)
from media.models import VideoRendition
from quizzes.models import H5PActivity, Quiz
from tests.factories import learner

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:01.500\nMở ứng dụng VNeID\n"


def video(document, caption="", captions=()):
    return {"video": document, "poster": None, "caption": caption, "captions": list(captions)}


def body(*items, block=None):
    """A lesson body as Wagtail holds it, from (type, value, id) tuples."""
    block = block or LessonBodyBlock()
    return StreamValue(
        block, [(kind, block.child_blocks[kind].normalize(value), id) for kind, value, id in items]
    )


def test_every_kind_of_lesson_block_is_in_the_registry():
    for name, child in LessonBodyBlock().child_blocks.items():
        assert isinstance(child, LessonBlock), name


def test_each_narrated_kind_of_block_is_heard_as_before():
    document = get_document_model()(title="Hướng dẫn")
    lesson = body(
        ("text", "<p>Mở <b>VNeID</b> &amp; đăng nhập</p>", "text"),
        ("callout", {"kind": "tip", "text": "<p>Giữ   mật khẩu</p>"}, "callout"),
        (
            "steps",
            {
                "title": "Các bước",
                "steps": [
                    {
                        "text": "<p>Bấm <i>Đăng nhập</i></p>",
                        "screenshot": None,
                        "screenshot_alt": "",
                    }
                ],
            },
            "steps",
        ),
        ("steps", {"title": "", "steps": [{"text": "<p>Nhập mã</p>"}]}, "untitled-steps"),
        ("practice_link", {"title": "Cổng", "url": "https://x.vn", "description": "Thử"}, "pl"),
        ("practice_link", {"title": "Cổng", "url": "https://x.vn", "description": ""}, "pl-2"),
        ("video", video(document, caption="Xem cách làm"), "video"),
        ("video", video(document), "silent-video"),
    )
    step, untitled_step = (
        lesson[2].value["steps"].bound_blocks[0].id,
        lesson[3].value["steps"].bound_blocks[0].id,
    )
    assert list(narrated_texts(lesson).items()) == [
        ("text", "Mở VNeID & đăng nhập"),
        ("callout", "Giữ mật khẩu"),
        ("steps", "Các bước"),
        (step, "Bấm Đăng nhập"),
        (untitled_step, "Nhập mã"),
        ("pl", "Cổng. Thử"),
        ("pl-2", "Cổng"),
        ("video", "Xem cách làm"),
    ]


def test_blocks_with_nothing_to_hear_are_skipped():
    lesson = body(
        ("quiz", {"quiz": Quiz(title="Kiểm tra")}, "quiz"),
        ("h5p", {"heading": "Thử ngay", "activity": H5PActivity(title="OTP")}, "h5p"),
    )
    assert narrated_texts(lesson) == {}


class QuoteBlock(LessonBlock, blocks.StructBlock):
    text = blocks.CharBlock()


class BodyWithQuotes(LessonBodyBlock):
    quote = QuoteBlock()


def test_a_new_kind_of_block_is_silent_and_places_nothing_until_it_says_so():
    lesson = body(
        ("quote", {"text": "Học mà chơi"}, "quote"),
        ("text", "<p>Nội dung</p>", "text"),
        block=BodyWithQuotes(),
    )
    assert narrated_texts(lesson) == {"text": "Nội dung"}
    assert videos_in(lesson) == []
    assert quizzes_placed_in(lesson) == [] and h5p_placed_in(lesson) == []
    assert caption_tracks(lesson, "quote") == []


def test_videos_quizzes_and_h5p_activities_are_found_in_reading_order():
    Document = get_document_model()
    first, second = Document(title="Một"), Document(title="Hai")
    quiz, final = Quiz(title="Kiểm tra"), Quiz(title="Kiểm tra cuối")
    activity = H5PActivity(title="OTP")
    lesson = body(
        ("video", video(first), "v1"),
        ("quiz", {"quiz": quiz}, "q1"),
        ("text", "<p>Nội dung</p>", "t"),
        ("h5p", {"heading": "", "activity": activity}, "h1"),
        ("video", video(second), "v2"),
        ("quiz", {"quiz": final}, "q2"),
        ("quiz", {"quiz": None}, "q-gone"),  # its quiz was deleted: nothing is placed
    )
    assert videos_in(lesson) == [("v1", first), ("v2", second)]
    assert quizzes_placed_in(lesson) == [quiz, final]
    assert h5p_placed_in(lesson) == [activity]


def test_only_a_video_block_has_caption_tracks():
    document = get_document_model()(title="Hướng dẫn")
    lesson = body(
        ("text", "<p>Nội dung</p>", "text"),
        (
            "video",
            video(
                document,
                captions=[{"language": "vi", "webvtt": VTT}, {"language": "en", "webvtt": ""}],
            ),
            "video",
        ),
    )
    assert caption_tracks(lesson, "video") == [VTT, ""]
    assert caption_tracks(lesson, "text") == []
    assert caption_tracks(lesson, "no-such-block") == []


def test_the_registry_changes_no_migration():
    out = StringIO()
    call_command("makemigrations", "lessons", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_a_video_block_plays_its_ready_small_copy_and_links_its_captions(client, lessons):
    lesson = lessons[0]
    document = get_document_model()(title="Hướng dẫn")
    document.file.save("huong-dan.mp4", ContentFile(b"video"), save=True)
    small = VideoRendition.objects.create(
        document=document, height=240, file="video/nho.mp4", status=VideoRendition.Status.READY
    )
    lesson.body.append(("video", video(document, captions=[{"language": "vi", "webvtt": VTT}])))
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    block_id = lesson.body[-1].id

    client.force_login(learner())
    html = client.get(lesson.url).content.decode()
    assert f'src="{small.file.url}"' in html and f'href="{document.url}" data-full-video' in html
    assert f"/phu-de/{block_id}/0.vtt" in html


def test_no_module_outside_the_registry_compares_lesson_block_type_names():
    """Quizzes' question blocks are another StreamField and keep their own switch."""
    root = Path(settings.BASE_DIR)
    registry = root / "lessons" / "blocks.py"
    comparing = re.compile(r"block_type\s*(==|!=|in\b|not in\b)")
    offenders = [
        str(path.relative_to(root))
        for app in ("base", "media", "courses", "lessons", "households", "analytics", "cms")
        for path in (root / app).rglob("*")
        if path.suffix in (".py", ".html") and path != registry and "migrations" not in path.parts
        if comparing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
