"""Voice contributors record lessons in their language; editors approve or reject; an approved
voice is heard by readers of that language on the untranslated lesson."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lessons.narration import narratable_texts, narration_owner
from media.models import BlockNarration, NarrationClip
from tests.factories import learner
from tests.media.sounds import streamed_webm
from tests.media.test_recording_checks import wav
from voices import services
from voices.models import Recording

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def send(client, lesson, block_id, raw, *, client_id=None, name="take.wav", json=True, **extra):
    return client.post(
        reverse("voices:send", args=[lesson.pk, "hnj"]),
        {
            "block_id": block_id,
            "client_id": str(client_id or uuid.uuid4()),
            "audio": SimpleUploadedFile(name, raw, "audio/wav"),
        },
        **(JSON if json else {}),
        **extra,
    )


def first_block(lesson) -> str:
    return next(iter(narratable_texts(lesson)))


def test_a_learner_cannot_open_the_contributor_pages(client, lesson):
    client.force_login(learner())
    assert client.get(reverse("voices:lessons")).status_code == 403
    assert client.get(reverse("voices:lesson", args=[lesson.pk, "hnj"])).status_code == 403
    assert send(client, lesson, "title", wav((1, 0.5))).status_code == 403


def test_a_visitor_is_asked_to_log_in(client, lesson):
    response = client.get(reverse("voices:lessons"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_lesson_list_starts_in_a_language_no_engine_speaks(client, contributor, lesson):
    client.force_login(contributor)
    html = client.get(reverse("voices:lessons")).content.decode()
    assert '<option value="hnj" lang="hnj" selected>' in html
    assert "VNeID bài 1" in html
    progress = html.split('data-testid="voice-lesson-progress">')[1].split("</p>")[0]
    assert re.findall(r"\d+", progress) == ["0", "3"]


def test_the_contributors_own_language_is_chosen_first(client, contributor, lesson):
    contributor.preferred_language = "tyz"
    contributor.save()
    client.force_login(contributor)
    html = client.get(reverse("voices:lessons")).content.decode()
    assert '<option value="tyz" lang="tyz" selected>' in html


def test_a_lesson_shows_one_part_at_a_time_with_its_vietnamese_text(client, contributor, lesson):
    client.force_login(contributor)
    html = client.get(reverse("voices:lesson", args=[lesson.pk, "hnj"])).content.decode()
    assert (
        '<blockquote class="voice-source" lang="vi" data-testid="source-text">VNeID bài 1' in html
    )
    # The plain form works without JavaScript; the recorder waits for the script.
    assert 'accept="audio/*"' in html and "capture" in html
    assert "data-recorder hidden" in html
    assert "voices/recorder.js" in html and "<script>" not in html


def test_a_recorded_wav_is_reviewed_approved_and_heard_on_the_untranslated_page(
    client, contributor, editor, lesson, hmong_page, speech
):
    client.force_login(contributor)
    block_id = first_block(lesson)
    response = send(client, lesson, block_id, speech)
    assert response.status_code == 200
    assert response.json()["next"].endswith("?phan=" + list(narratable_texts(lesson))[1])
    take = Recording.objects.get()
    assert (take.status, take.language, take.block_id) == ("pending", "hnj", block_id)
    assert take.clip.is_recording and take.clip.audio.name.endswith(".ogg")
    assert take.clip.audio_mp3.name.endswith(".mp3")
    # Waiting for review: nothing plays yet.
    assert take.clip.audio.url not in client.get(hmong_page.url).content.decode()

    client.force_login(editor)
    review = client.get(reverse("voices_review")).content.decode()
    assert "VNeID bài 1" in review and take.clip.audio.url in review
    assert contributor.first_name in review
    client.post(reverse("voices_approve", args=[take.pk]))
    take.refresh_from_db()
    assert take.status == "approved" and take.reviewed_by == editor

    narration = BlockNarration.objects.get(
        owner=narration_owner(lesson), block_id=block_id, language="hnj"
    )
    assert narration.recording == take.clip and narration.recorded_by == contributor
    assert narration.recording_text_hash == take.text_hash

    client.logout()
    page = client.get(hmong_page.url)
    assert hmong_page.url.startswith("/hnj/")
    assert take.clip.audio.url in page.content.decode()
    # The Vietnamese page keeps its own (Vietnamese) narration.
    assert take.clip.audio.url not in client.get(lesson.url).content.decode()


def test_a_browsers_webm_opus_recording_is_converted(client, contributor, lesson, tmp_path):
    source = tmp_path / "voice.wav"
    source.write_bytes(wav((1.2, 0.4)))
    webm = streamed_webm(source)
    client.force_login(contributor)
    response = send(client, lesson, "title", webm, name="recording.webm")
    assert response.status_code == 200, response.content
    clip = Recording.objects.get().clip
    assert clip.duration == pytest.approx(1.2, abs=0.15)
    assert clip.audio.name.endswith(".ogg") and clip.audio_mp3.name.endswith(".mp3")


def test_a_silent_recording_is_refused_with_what_to_do_and_nothing_is_stored(
    client, contributor, lesson
):
    client.force_login(contributor)
    response = send(client, lesson, "title", wav((2, 0)))
    assert response.status_code == 400
    assert response.json()["error"] in (
        "The recording is empty or silent: check the microphone and record again.",
        "Bản thu trống hoặc không có tiếng: hãy kiểm tra micrô rồi thu lại.",
    )
    assert not Recording.objects.exists() and not NarrationClip.objects.exists()


def test_a_quiet_recording_sent_by_the_plain_form_is_refused_on_the_page(
    client, contributor, lesson
):
    client.force_login(contributor)
    response = send(client, lesson, "title", wav((2, 0.015)), json=False, follow=True)
    assert response.redirect_chain[-1][0].endswith("?phan=title")
    assert "messages" in response.content.decode()
    assert not Recording.objects.exists()


def test_a_retried_upload_with_the_same_client_id_is_stored_once(
    client, contributor, lesson, speech
):
    client.force_login(contributor)
    client_id = uuid.uuid4()
    first = send(client, lesson, "title", speech, client_id=client_id)
    again = send(client, lesson, "title", speech, client_id=client_id)
    assert first.status_code == again.status_code == 200
    assert Recording.objects.count() == 1 and NarrationClip.objects.count() == 1


def test_the_plain_form_goes_on_to_the_next_part(client, contributor, lesson, speech):
    client.force_login(contributor)
    response = send(client, lesson, "title", speech, json=False)
    second = list(narratable_texts(lesson))[1]
    assert response.status_code == 302 and response["Location"].endswith(f"?phan={second}")


def test_a_rejected_take_shows_the_editors_reason_to_the_contributor(
    client, contributor, editor, lesson, speech
):
    client.force_login(contributor)
    send(client, lesson, "title", speech)
    take = Recording.objects.get()

    client.force_login(editor)
    refused = client.post(reverse("voices_reject", args=[take.pk]), {"reason": "  "}, follow=True)
    take.refresh_from_db()
    assert take.status == "pending"  # a rejection needs a reason
    assert refused.status_code == 200
    client.post(reverse("voices_reject", args=[take.pk]), {"reason": "Đọc chậm hơn một chút."})
    take.refresh_from_db()
    assert take.status == "rejected" and take.reason == "Đọc chậm hơn một chút."

    client.force_login(contributor)
    part = client.get(reverse("voices:lesson", args=[lesson.pk, "hnj"]) + "?phan=title")
    html = part.content.decode()
    assert 'data-testid="rejected-reason"' in html and "Đọc chậm hơn một chút." in html
    listing = client.get(reverse("voices:lessons") + "?language=hnj").content.decode()
    assert 'class="voice-state rejected"' in listing
    # Nothing was adopted.
    assert not BlockNarration.objects.filter(language="hnj").exists()


def test_a_contributor_cannot_approve(client, contributor, lesson, speech):
    client.force_login(contributor)
    send(client, lesson, "title", speech)
    take = Recording.objects.get()
    response = client.post(reverse("voices_approve", args=[take.pk]))
    assert response.status_code in (302, 403)
    assert client.get(reverse("voices_review")).status_code in (302, 403)
    take.refresh_from_db()
    assert take.status == "pending"
    with pytest.raises(services.PermissionDenied):
        services.approve_recording(recording=take, editor=contributor)


def test_a_staff_member_who_is_not_an_editor_is_refused_the_review(client, lesson):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for name in ("voices_review", "voices_progress"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403) and response.get("Location") != reverse(name)


def test_a_new_take_replaces_the_one_waiting_and_a_new_approval_the_approved_one(
    client, contributor, editor, lesson, speech
):
    client.force_login(contributor)
    send(client, lesson, "title", speech)
    send(client, lesson, "title", wav((1.0, 0.4)))
    first, second = Recording.objects.order_by("created_at", "pk")
    assert first.superseded_at is not None and second.superseded_at is None
    services.approve_recording(recording=second, editor=editor)
    send(client, lesson, "title", wav((1.3, 0.3)))
    third = Recording.objects.order_by("created_at", "pk").last()
    # The approved take keeps playing until the newer one is approved.
    narration = BlockNarration.objects.get(block_id="title", language="hnj")
    assert narration.recording == second.clip
    services.approve_recording(recording=third, editor=editor)
    second.refresh_from_db()
    narration.refresh_from_db()
    assert second.status == "approved" and second.superseded_at is not None
    assert narration.recording == third.clip
    assert Recording.objects.count() == 3  # the history stays


def test_editing_the_vietnamese_text_makes_recordings_stale(
    client, contributor, editor, lesson, hmong_page, speech
):
    client.force_login(contributor)
    send(client, lesson, "title", speech)
    approved = Recording.objects.get()
    services.approve_recording(recording=approved, editor=editor)
    assert approved.clip.audio.url in client.get(hmong_page.url).content.decode()
    send(client, lesson, list(narratable_texts(lesson))[1], speech)
    waiting = Recording.objects.get(status="pending")

    # A new published revision changes both texts.
    lesson.title = "VNeID bài 1 (mới)"
    lesson.body[0].value.source = "<p>Nội dung mới</p>"
    lesson.save_revision().publish()

    client.logout()
    assert approved.clip.audio.url not in client.get(hmong_page.url).content.decode()
    client.force_login(contributor)
    html = client.get(reverse("voices:lessons") + "?language=hnj").content.decode()
    assert "voice-state stale" in html
    part = client.get(reverse("voices:lesson", args=[lesson.pk, "hnj"]) + "?phan=title")
    assert 'data-testid="stale-note"' in part.content.decode()
    assert "VNeID bài 1 (mới)" in part.content.decode()

    client.force_login(editor)
    review = client.get(reverse("voices_review")).content.decode()
    assert 'data-testid="review-stale"' in review
    client.post(reverse("voices_approve", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.status == "pending"  # a stale take is not approved
    progress = client.get(reverse("voices_language_progress", args=["hnj"])).content.decode()
    assert "<strong>" in progress.split('data-testid="lesson-progress"')[1]


def test_the_progress_page_counts_voiced_and_stale_lessons_per_language(
    client, contributor, editor, lesson, speech
):
    from voices.selectors import language_progress

    client.force_login(contributor)
    for block_id in narratable_texts(lesson):
        send(client, lesson, block_id, speech)
    for take in Recording.objects.all():
        services.approve_recording(recording=take, editor=editor)
    hmong = language_progress(language="hnj")
    assert (hmong.total, hmong.voiced, hmong.stale) == (1, 1, 0)

    client.force_login(editor)
    html = client.get(reverse("voices_progress")).content.decode()
    assert "Hmoob" in html
    row = next(r for r in html.split('data-testid="language-progress"')[1:] if "Hmoob" in r)
    assert re.findall(r"\d+", row.split("</td>")[0].split("</a>")[1])[:3] == ["1", "1", "0"]

    lesson.title = "Tên mới"
    lesson.save_revision().publish()
    hmong = language_progress(language="hnj")
    assert (hmong.voiced, hmong.stale) == (0, 1)
