"""A person's recording is measured before anyone hears it: too short, too long, silent or
too quiet is refused with what to do; normal speech passes."""

import io
import math
import random
import wave

import pytest
from django.core.exceptions import ValidationError

from media import audio
from tests.media.sounds import streamed_webm

RATE = 16000


def wav(*parts: tuple[float, float], rate: int = RATE) -> bytes:
    """16-bit mono PCM: each part is (seconds, peak amplitude 0..1) of a voiced 180 Hz tone
    with harmonics and a little noise, amplitude 0 for silence."""
    noise = random.Random(7)
    frames = bytearray()
    for seconds, peak in parts:
        for n in range(int(seconds * rate)):
            t = n / rate
            value = (
                0.6 * math.sin(2 * math.pi * 180 * t)
                + 0.3 * math.sin(2 * math.pi * 360 * t)
                + 0.1 * noise.uniform(-1, 1)
            )
            sample = int(max(-1, min(1, peak * value)) * 32767)
            frames += sample.to_bytes(2, "little", signed=True)
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(bytes(frames))
    return out.getvalue()


def refusal(raw: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        audio.check_recording(audio.measure(raw))
    return caught.value.error_list[0].code


def test_speech_at_a_normal_level_passes_and_is_measured():
    loudness = audio.measure(wav((0.3, 0), (2.0, 0.5), (0.3, 0)))
    assert loudness.duration == pytest.approx(2.6, abs=0.05)
    assert -8 < loudness.max_db < -4
    assert loudness.voiced_seconds == pytest.approx(2.0, abs=0.1)
    audio.check_recording(loudness)  # no refusal


def test_a_silent_recording_is_refused_as_empty():
    assert refusal(wav((3.0, 0))) == "silent"


def test_a_click_in_silence_is_refused_as_empty():
    assert refusal(wav((1.0, 0), (0.1, 0.8), (1.0, 0))) == "silent"


def test_a_recording_shorter_than_half_a_second_is_refused():
    assert refusal(wav((0.3, 0.5))) == "too_short"


def test_a_recording_longer_than_the_limit_is_refused(settings):
    settings.VOICE_RECORDING_MAX_SECONDS = 2
    assert refusal(wav((3.0, 0.5))) == "too_long"


def test_a_voice_far_from_the_microphone_is_refused_as_too_quiet():
    assert refusal(wav((2.0, 0.015))) == "too_quiet"


def test_a_browsers_webm_without_a_duration_is_measured_by_decoding_it(tmp_path):
    source = tmp_path / "in.wav"
    source.write_bytes(wav((1.5, 0.5)))
    # Streamed WebM, as MediaRecorder writes it: no duration in the header.
    webm = streamed_webm(source)
    loudness = audio.measure(webm)
    assert loudness.duration == pytest.approx(1.5, abs=0.1)
    audio.check_recording(loudness)


def test_what_is_not_audio_is_refused():
    with pytest.raises(ValidationError):
        audio.measure(b"khong phai am thanh")
