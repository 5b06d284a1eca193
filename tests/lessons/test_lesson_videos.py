import math
import struct
import wave
from io import BytesIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale

from lessons import services
from lessons.blocks import body_from_json
from lessons.models import LessonPage, LessonVideo
from lessons.narration import lesson_items, narratable_texts, narration_owner
from lessons.videos import fingerprint, lesson_timeline, video_for_reader
from media.models import NarrationClip
from media.services import NarratableText, _store_clip, narrate_block, record_block
from tests.factories import UserFactory, course_with_lessons, screenshot
from tests.media.sounds import cue_starts, probe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _videos_on(settings):
    settings.LESSON_VIDEOS_ENABLED = True


def tone(seconds: float, rate: int = 16000) -> bytes:
    """A WAV of a quiet tone: narration of a known length, made without any engine."""
    out = BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(
            b"".join(
                struct.pack("<h", int(3000 * math.sin(2 * math.pi * 220 * n / rate)))
                for n in range(int(seconds * rate))
            )
        )
    return out.getvalue()


def lesson_with_pictures() -> LessonPage:
    """A published lesson: a title and two steps, each with a picture and a tap marker."""
    course = course_with_lessons(lessons=0)
    shots = [screenshot("Màn hình 1"), screenshot("Màn hình 2")]
    lesson = course.add_child(
        instance=LessonPage(
            title="Đăng nhập VNeID",
            slug="dang-nhap",
            summary="Hai bước.",
            body=body_from_json(
                [
                    {
                        "type": "steps",
                        "value": {
                            "title": "",
                            "steps": [
                                {
                                    "text": f"<p>{text}</p>",
                                    "screenshot": shot,
                                    "screenshot_alt": "Màn hình",
                                    "marker": {"x": x, "y": y},
                                    "caption": "",
                                }
                                for text, shot, x, y in [
                                    ("Mở ứng dụng VNeID.", shots[0], 50.0, 80.0),
                                    ("Bấm Đăng nhập. Nhập số căn cước.", shots[1], 20.0, 30.0),
                                ]
                            ],
                        },
                    }
                ]
            ),
        )
    )
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def narrate_with_tones(lesson, language="vi", seconds=(1.0, 1.5, 2.0)) -> list[NarrationClip]:
    """TTS-like narration of every part, each a tone of a known length."""
    clips = []
    for item, length in zip(lesson_items(lesson), seconds, strict=True):
        item = NarratableText(item.owner, item.block_id, language, item.text)
        clip = _store_clip(
            key=f"tone-{item.block_id}-{language}-{length}",
            language=language,
            engine="test",
            voice="tone",
            text=item.text,
            raw=tone(length),
        )
        with mock.patch("media.services.synthesise", return_value=clip):
            narrate_block(item)
        clips.append(clip)
    return clips


def test_a_lesson_has_no_timeline_until_every_part_is_narrated_in_the_language():
    lesson = lesson_with_pictures()
    assert lesson_timeline(lesson, "vi") is None
    first, *rest = lesson_items(lesson)
    clip = _store_clip(key="one", language="vi", engine="t", voice="t", text="x", raw=tone(1))
    with mock.patch("media.services.synthesise", return_value=clip):
        narrate_block(first)
    assert lesson_timeline(lesson, "vi") is None  # partial narration makes no video
    narrate_with_tones(lesson)
    timeline = lesson_timeline(lesson, "vi")
    assert [part.key for part in timeline] == list(narratable_texts(lesson))
    assert timeline[0].is_title and timeline[0].picture is None
    assert [part.picture.marker_x for part in timeline[1:]] == [50.0, 20.0]


def test_the_fingerprint_changes_with_the_text_the_picture_the_marker_and_the_clip():
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    timeline = lesson_timeline(lesson, "vi")
    before = fingerprint(timeline)
    assert fingerprint(lesson_timeline(lesson, "vi")) == before

    step = timeline[1]
    moved = step.picture.__class__(**{**step.picture.__dict__, "marker_x": 10.0})
    assert fingerprint([timeline[0], step.__class__(**{**step.__dict__, "picture": moved})]) != (
        fingerprint([timeline[0], step])
    )
    image = step.picture.image
    image.file_hash = "another picture"
    assert fingerprint(timeline) != before
    image.file_hash = ""
    other = step.__class__(**{**step.__dict__, "clip": timeline[2].clip})
    assert fingerprint([timeline[0], other, timeline[2]]) != before
    reworded = step.__class__(**{**step.__dict__, "text": "Mở ứng dụng khác."})
    assert fingerprint([timeline[0], reworded, timeline[2]]) != before


def test_a_lesson_video_is_rendered_from_its_pictures_and_narration():
    lesson = lesson_with_pictures()
    clips = narrate_with_tones(lesson)
    [video] = services.render_lesson_videos(lesson=lesson)

    assert (video.status, video.language) == ("ready", "vi")
    expected = sum(clip.duration for clip in clips) + 3 * 0.4
    assert video.duration == pytest.approx(expected, abs=0.3)
    for field, height in ((video.file, 640), (video.small_file, 426)):
        info = probe(field.path)
        streams = {stream["codec_type"]: stream for stream in info["streams"]}
        assert streams["video"]["profile"] in ("Constrained Baseline", "Baseline")
        assert streams["video"]["height"] == height <= 640
        assert streams["video"]["width"] <= 360
        assert (streams["audio"]["codec_name"], streams["audio"]["channels"]) == ("aac", 1)
        assert float(info["format"]["duration"]) == pytest.approx(expected, abs=0.3)
        assert field.size / (video.duration / 60) <= 1.5e6
    # One cue per sentence; each part's first cue starts when the part does.
    starts = cue_starts(video.captions)
    part_starts = [0.0, clips[0].duration + 0.4, clips[0].duration + clips[1].duration + 0.8]
    assert len(starts) == 5  # the title, its summary, step 1, and step 2 in two sentences
    assert [starts[0], starts[2], starts[3]] == pytest.approx(part_starts, abs=0.1)
    assert video.bytes == video.file.size and video.render_seconds > 0


def test_a_current_video_is_not_rendered_again_and_a_stale_one_is():
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    services.render_lesson_videos(lesson=lesson)
    with mock.patch("lessons.services.render_slideshow") as render:
        services.render_lesson_videos(lesson=lesson)
    render.assert_not_called()
    assert video_for_reader(lesson) is not None

    # A marker moved: the video no longer matches the lesson and is not offered.
    lesson.body[0].value["steps"][0]["marker"]["x"] = 10.0
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert video_for_reader(lesson) is None
    services.render_lesson_videos(lesson=lesson)
    assert video_for_reader(lesson) is not None


def test_a_video_another_render_holds_is_left_to_it():
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    LessonVideo.objects.create(
        lesson=lesson, language="vi", status="rendering", claimed_at="2999-01-01T00:00Z"
    )
    with mock.patch("lessons.services.render_slideshow") as render:
        video = services.render_lesson_video(lesson=lesson, language="vi")
    render.assert_not_called()
    assert video.status == "rendering"


def test_the_video_follows_narration_through_the_background_task(
    django_capture_on_commit_callbacks,
):
    lesson = lesson_with_pictures()
    with django_capture_on_commit_callbacks(execute=True):
        narrate_with_tones(lesson)
    video = LessonVideo.objects.get(lesson=lesson)
    assert video.status == "ready" and video_for_reader(lesson) == video


def test_the_lesson_page_plays_its_video_with_captions_and_a_download_link(client):
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    [video] = services.render_lesson_videos(lesson=lesson)
    html = client.get(lesson.url).content.decode()
    assert 'data-testid="whole-lesson-video"' in html
    assert html.index(video.small_file.url) < html.index(video.file.url)
    assert 'srclang="vi"' in html and 'preload="none"' in html
    assert f'poster="{video.poster.url}"' in html
    assert "Tải về để gửi" in html or "MB)" in html
    captions = client.get(reverse("lessons:video_captions", args=[video.pk]))
    assert captions["Content-Type"].startswith("text/vtt")
    assert captions.content.decode().startswith("WEBVTT")


def test_a_reader_of_an_untranslated_language_gets_the_video_in_their_voice_when_complete(
    client,
):
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    hmong = Locale.objects.create(language_code="hnj")
    stand_in = lesson.copy_for_translation(hmong, copy_parents=True, alias=True)
    editor = UserFactory(is_superuser=True, is_staff=True)
    texts = narratable_texts(lesson)
    keys = list(texts)

    def record(key):
        item = NarratableText(narration_owner(lesson), key, "hnj", texts[key])
        record_block(item=item, upload=SimpleUploadedFile("v.wav", tone(1.2)), user=editor)

    record(keys[0])  # only the title in Hmong: no Hmong video, the Vietnamese one plays
    services.render_lesson_videos(lesson=lesson)
    assert not LessonVideo.objects.filter(language="hnj").exists()
    assert video_for_reader(stand_in).language == "vi"

    for key in keys[1:]:
        record(key)
    services.render_lesson_videos(lesson=lesson)
    assert video_for_reader(stand_in).language == "hnj"
    html = client.get(stand_in.url).content.decode()
    hmong_video = LessonVideo.objects.get(language="hnj")
    assert hmong_video.small_file.url in html
    assert 'srclang="vi"' in html  # the captions are the Vietnamese text
    assert video_for_reader(lesson).language == "vi"


def test_editors_see_the_videos_per_language_and_can_render_one_again(
    client, django_capture_on_commit_callbacks
):
    lesson = lesson_with_pictures()
    narrate_with_tones(lesson)
    services.render_lesson_videos(lesson=lesson)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("lesson_narration", args=[lesson.pk])).content.decode()
    assert page.count('data-testid="lesson-video-row"') == 1
    assert "240p" in page and 'data-testid="render-video"' in page
    before = LessonVideo.objects.get().updated_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lesson_video_render", args=[lesson.pk]), {"language": "vi"})
    assert response.status_code == 302
    assert LessonVideo.objects.get().updated_at > before
