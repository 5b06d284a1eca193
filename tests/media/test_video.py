import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from lessons.blocks import CaptionsBlock
from media.models import VideoRendition
from media.video import check_webvtt
from tests.factories import UserFactory, learner

pytestmark = pytest.mark.django_db

VTT = (
    "WEBVTT\n\n00:00.000 --> 00:01.500\nMở ứng dụng VNeID\n\n"
    "00:01.500 --> 00:03.000\nBấm Đăng nhập\n"
)


@pytest.mark.parametrize(
    "text, message",
    [
        ("00:00.000 --> 00:01.000\nXin chào", "dòng đầu là WEBVTT"),
        ("WEBVTT\n\nXin chào", "không có dòng nào có thời gian"),
        ("WEBVTT\n\n0:00 --> 0:01\nXin chào", "Dòng 3"),
    ],
)
def test_malformed_captions_are_explained(text, message):
    with pytest.raises(ValidationError, match=message):
        check_webvtt(text)


def test_valid_captions_pass_and_the_block_refuses_bad_ones():
    assert check_webvtt(VTT) == VTT
    with pytest.raises(ValidationError):
        CaptionsBlock().clean({"language": "vi", "webvtt": "not captions"})


def sample_video(seconds=2) -> bytes:
    return subprocess.run(
        # A phone recording: moving picture with sensor noise, encoded at high quality.
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size=1280x720:rate=25:duration={seconds},noise=alls=20:allf=t",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            "libx264",
            "-crf",
            "18",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            "-f",
            "mp4",
            "-movflags",
            "frag_keyframe+empty_moov",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout


def document(data: bytes, name="huong-dan.mp4"):
    Document = get_document_model()
    doc = Document(title=name)
    doc.file.save(name, ContentFile(data), save=True)
    return doc


def add_video(lesson, doc, captions=()):
    lesson.body.append(
        (
            "video",
            {
                "video": doc,
                "poster": None,
                "caption": "Xem cách đăng nhập",
                "captions": list(captions),
            },
        )
    )
    lesson.save_revision().publish()  # publishing queues the small version (immediate here)


def ffprobe(path):
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,height,profile",
            "-of",
            "csv=p=0",
            path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip().split(",")


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_publishing_a_lesson_makes_a_small_video_and_the_page_plays_it(client, lessons):
    lesson = lessons[0]
    doc = document(sample_video())
    add_video(lesson, doc, captions=[{"language": "vi", "webvtt": VTT}])
    rendition = VideoRendition.objects.get(document=doc)
    assert rendition.status == "ready"
    codec, profile, height = ffprobe(rendition.file.path)
    assert (codec, height) == ("h264", "240") and "Baseline" in profile
    assert rendition.file.size < doc.file.size

    client.force_login(learner())
    html = client.get(lesson.url).content.decode()
    assert f'src="{rendition.file.url}"' in html
    assert 'preload="none"' in html
    assert "Xem bản nét hơn" in html
    track = html.split("<track ")[1]
    assert 'srclang="vi"' in track and "default" in track
    captions_url = reverse("lessons:captions", args=[lesson.pk, lesson.body[-1].id, 0])
    response = client.get(captions_url)
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert "Bấm Đăng nhập" in response.content.decode()


def test_publishing_again_does_not_remake_a_ready_small_video(lessons, monkeypatch):
    doc = document(sample_video(1))
    add_video(lessons[0], doc)
    calls = []
    monkeypatch.setattr("media.video.make_rendition", lambda *a: calls.append(a))
    lessons[0].save_revision().publish()
    assert calls == []


# Tasks are queued when the request's transaction commits: no test transaction around it.
@pytest.mark.django_db(transaction=True)
def test_a_broken_video_is_reported_to_the_editor_and_the_original_still_plays(client, lessons):
    doc = document(b"this is not a video", name="hong.mp4")
    add_video(lessons[0], doc)
    rendition = VideoRendition.objects.get(document=doc)
    assert rendition.status == "failed" and "không chuyển đổi được" in rendition.error
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    admin = client.get(reverse("lesson_narration", args=[lessons[0].pk])).content.decode()
    assert "không chuyển đổi được" in admin
    client.force_login(learner())
    assert f'src="{doc.url}"' in client.get(lessons[0].url).content.decode()
