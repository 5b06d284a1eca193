import subprocess

import pytest
import requests
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from media import audio, engines, services
from media.models import BlockNarration, NarrationClip
from media.selectors import narration_status, playable_narration
from media.services import NarratableText
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SENTENCE = "Mở ứng dụng VNeID, chọn Đăng nhập rồi nhập mã OTP gửi về điện thoại."


@pytest.fixture
def refuse_http(monkeypatch):
    """No internet here: every HTTP request is refused, as on a commune's dropped link."""

    def refuse(*args, **kwargs):
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse)


def probe(field):
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,channels:format=duration",
            "-of",
            "csv=p=0",
            field.path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def test_espeak_and_ffmpeg_make_a_small_vietnamese_clip():
    clip = services.synthesise(SENTENCE, "vi")
    codec, duration = probe(clip.audio)[0], float(probe(clip.audio)[-1])
    assert codec.startswith("opus,1")  # Opus, mono
    assert probe(clip.audio_mp3)[0].startswith("mp3,1")
    assert 2.0 < duration < 15.0
    assert abs(clip.duration - duration) < 0.1
    assert clip.audio.size < 4000 * duration  # about 16 kbit/s
    assert "Vê Nê Ai Đi" in clip.text and "Ô Tê Pê" in clip.text


def test_identical_text_is_synthesised_once(monkeypatch):
    first = services.synthesise(SENTENCE, "vi")
    calls = []
    monkeypatch.setattr(
        engines.EspeakEngine, "synthesise", lambda self, text, language: calls.append(text)
    )
    again = services.synthesise(f"<p>{SENTENCE}</p>", "vi")
    assert again.pk == first.pk
    assert calls == []


def test_engine_selection_follows_settings(settings):
    settings.NARRATION_ENGINES = {"vi": ["gtts", "espeak-ng"], "tyz": []}
    assert [e.name for e in engines.engines_for("vi")] == ["gtts", "espeak-ng"]
    assert engines.engines_for("tyz") == []
    assert engines.engines_for("hnj") == []


def test_gtts_refused_falls_back_to_espeak(settings, refuse_http):
    settings.NARRATION_ENGINES = {"vi": ["gtts", "espeak-ng"]}
    clip = services.synthesise("Xin chào", "vi")
    assert clip.engine == "espeak-ng"


def test_gtts_refused_with_no_other_engine_is_a_clear_failure(settings, refuse_http):
    settings.NARRATION_ENGINES = {"km": ["gtts"]}
    with pytest.raises(services.NoNarrationEngine, match="gtts"):
        services.synthesise("សួស្តី", "km")
    assert not NarrationClip.objects.exists()


def block(text, block_id="b1"):
    return NarratableText(owner="page:1", block_id=block_id, language="vi", text=text)


def test_narration_goes_stale_when_the_text_changes():
    services.narrate_block(block("Mở ứng dụng VNeID"))
    assert playable_narration(owner="page:1", language="vi", texts={"b1": "Mở ứng dụng VNeID"})
    # Markup changes are not heard: still fresh.
    assert playable_narration(
        owner="page:1", language="vi", texts={"b1": "<p>Mở ứng dụng <b>VNeID</b></p>"}
    )
    edited = {"b1": "Mở ứng dụng VNeID trên điện thoại"}
    assert playable_narration(owner="page:1", language="vi", texts=edited) == {}
    assert narration_status(owner="page:1", language="vi", texts=edited)[0]["stale"] is True
    assert services.narrate_block(block(edited["b1"])) is True
    assert services.narrate_block(block(edited["b1"])) is False  # idempotent


def wav_upload(name="giong-doc.wav", seconds=1):
    raw = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=300:duration={seconds}",
            "-f",
            "wav",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return SimpleUploadedFile(name, raw, content_type="audio/wav")


def test_a_recorded_voice_wins_over_synthetic_speech_until_the_text_changes():
    editor = UserFactory()
    services.narrate_block(block("Bấm Đăng nhập"))
    services.record_block(item=block("Bấm Đăng nhập"), upload=wav_upload(), user=editor)
    clip = playable_narration(owner="page:1", language="vi", texts={"b1": "Bấm Đăng nhập"})["b1"]
    assert clip.is_recording
    status = narration_status(owner="page:1", language="vi", texts={"b1": "Bấm Đăng nhập ngay"})
    assert status[0]["stale_recording"] and status[0]["clip"] is None


def test_a_file_that_is_not_audio_is_refused_and_nothing_is_kept():
    with pytest.raises(ValidationError, match="không phải âm thanh"):
        services.record_block(
            item=block("Bấm Đăng nhập"),
            upload=SimpleUploadedFile("x.mp3", b"not audio at all"),
            user=UserFactory(),
        )
    assert not NarrationClip.objects.exists()
    assert not BlockNarration.objects.filter(recording__isnull=False).exists()


def test_an_oversized_recording_is_refused(settings):
    settings.NARRATION_MAX_RECORDING_BYTES = 1000
    with pytest.raises(ValidationError, match="quá lớn"):
        services.record_block(item=block("Bấm"), upload=wav_upload(), user=UserFactory())


def test_a_job_reports_progress_and_resumes(settings):
    items = [block("Bước một", "b1"), block("Bước hai", "b2")]
    job = services.run_job(services.create_job(label="Bài 1", items=items, user=None))
    assert (job.status, job.done, job.skipped, job.failed, job.percent) == ("done", 2, 0, 0, 100)
    again = services.run_job(job)
    assert (again.done, again.skipped) == (0, 2)


def test_a_job_with_no_engine_says_why(settings):
    settings.NARRATION_ENGINES = {}
    job = services.run_job(services.create_job(label="Bài 1", items=[block("Bước")], user=None))
    assert job.status == "failed" and job.failed == 1
    assert "no engine for vi" in job.errors[0]["error"]


def test_probe_reads_codec_and_duration(tmp_path):
    path = tmp_path / "a.wav"
    path.write_bytes(wav_upload(seconds=2).read())
    codec, duration = audio.probe(path)
    assert codec == "pcm_s16le" and 1.9 < duration < 2.1
