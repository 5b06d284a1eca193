import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lessons.narration import narratable_texts, narration_owner
from media.models import BlockNarration, NarrationJob
from tests.factories import UserFactory, learner

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(is_superuser=True, is_staff=True)


def test_a_lessons_texts_are_listed_in_reading_order(lessons):
    texts = narratable_texts(lessons[0])
    assert list(texts.values()) == ["VNeID bài 1", "Nội dung bài 1", "Mở ứng dụng"]


def test_generating_narration_for_a_lesson_puts_listen_buttons_on_it(
    client, editor, lessons, django_capture_on_commit_callbacks
):
    lesson = lessons[0]
    client.force_login(editor)
    # The job is queued once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lesson_narration_generate", args=[lesson.pk]), {"scope": "lesson"}
        )
    assert response.status_code == 302
    job = NarrationJob.objects.get()
    assert (job.status, job.done, job.total) == ("done", 3, 3)  # tasks run at once in tests

    status = client.get(reverse("lesson_narration", args=[lesson.pk])).content.decode()
    assert status.count("espeak-ng ·") == 3

    client.force_login(learner())
    page = client.get(lesson.url).content.decode()
    assert page.count('<audio controls preload="none" data-narration') == 3
    assert 'type="audio/ogg; codecs=opus"' in page and 'type="audio/mpeg"' in page
    assert "Nghe cả bài" in page and "Tốc độ đọc" in page


def test_a_lesson_without_narration_has_no_listen_controls(client, lessons):
    client.force_login(learner())
    page = client.get(lessons[0].url).content.decode()
    assert "data-narration" not in page and "Nghe cả bài" not in page


def test_editing_a_block_makes_its_narration_stale_for_editors(
    client, editor, lessons, django_capture_on_commit_callbacks
):
    lesson = lessons[0]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("lesson_narration_generate", args=[lesson.pk]), {"scope": "lesson"})
    lesson.body[0].value.source = "<p>Nội dung mới của bài 1</p>"
    lesson.save_revision().publish()
    status = client.get(reverse("lesson_narration", args=[lesson.pk])).content.decode()
    assert "Đã cũ: nội dung đã đổi" in status


def test_an_editor_uploads_a_recorded_voice_for_a_block(client, editor, lessons):
    lesson = lessons[0]
    block_id = list(narratable_texts(lesson))[1]
    voice = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=220:duration=1",
            "-f",
            "mp3",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    client.force_login(editor)
    client.post(
        reverse("lesson_narration_record", args=[lesson.pk, block_id]),
        {"recording": SimpleUploadedFile("giong.mp3", voice, "audio/mpeg")},
    )
    narration = BlockNarration.objects.get(owner=narration_owner(lesson), block_id=block_id)
    assert narration.recording.is_recording
    bad = client.post(
        reverse("lesson_narration_record", args=[lesson.pk, block_id]),
        {"recording": SimpleUploadedFile("x.mp3", b"khong phai am thanh")},
        follow=True,
    )
    assert "không phải âm thanh" in bad.content.decode()


def test_learners_cannot_open_the_narration_admin(client, lessons):
    client.force_login(learner())
    response = client.get(reverse("lesson_narration", args=[lessons[0].pk]))
    assert response.status_code in (302, 403)


def test_a_voice_recorded_in_a_minority_language_is_offered_on_the_untranslated_page(
    client, editor, lessons
):
    from wagtail.models import Locale

    lesson = lessons[0]
    hmong = Locale.objects.create(language_code="hnj")
    stand_in = lesson.copy_for_translation(hmong, copy_parents=True, alias=True)
    voice = subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=duration=1", "-f", "mp3", "-"],
        capture_output=True,
        check=True,
    ).stdout
    client.force_login(editor)
    admin = client.get(reverse("lesson_narration", args=[lesson.pk]) + "?language=hnj")
    assert admin.content.decode().count('name="language" value="hnj"') == 3
    client.post(
        reverse("lesson_narration_record", args=[lesson.pk, "title"]),
        {"language": "hnj", "recording": SimpleUploadedFile("hmoob.mp3", voice, "audio/mpeg")},
    )
    recorded = BlockNarration.objects.get(owner=narration_owner(lesson), block_id="title")
    assert recorded.language == "hnj" and recorded.recording.is_recording

    client.logout()
    html = client.get(stand_in.url).content.decode()
    assert 'data-testid="fallback-note"' in html and "Hmoob" in html
    assert "Bạn có thể nghe bài này bằng tiếng Hmoob." in html
    assert html.count('<audio controls preload="none" data-narration') == 1
    assert recorded.recording.audio.url in html
    # The Vietnamese page itself keeps its Vietnamese narration (none made here).
    assert "data-narration" not in client.get(lesson.url).content.decode()
