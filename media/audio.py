"""ffmpeg and ffprobe (Debian's packages): encode speech small, and check uploaded audio."""

import json
import math
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass
class Encoded:
    opus: bytes
    mp3: bytes
    duration: float


def _run(args: list[str]) -> bytes:
    return subprocess.run(args, capture_output=True, timeout=600, check=True).stdout


def probe(path: Path) -> tuple[str, float]:
    """The first audio stream's codec and the duration in seconds."""
    try:
        out = _run(
            [
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "a:0",
                "-show_entries",
                "stream=codec_name:format=duration",
                "-of",
                "json",
                str(path),
            ]
        )
        data = json.loads(out)
        codec = data["streams"][0]["codec_name"]
    except (subprocess.SubprocessError, OSError, KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("This file is not audio we can play. Record again, or save it as MP3 or M4A.")
        ) from error
    # A browser's recording (MediaRecorder's WebM) names no duration: 0 until decoded.
    try:
        return codec, float(data.get("format", {}).get("duration", 0))
    except ValueError:
        return codec, 0.0


def encode(raw: bytes) -> Encoded:
    """Mono speech as Opus in Ogg and as MP3, with its duration."""
    with tempfile.TemporaryDirectory(prefix="nhaso-audio-") as folder:
        source, opus, mp3 = (Path(folder) / name for name in ("in", "out.ogg", "out.mp3"))
        source.write_bytes(raw)
        probe(source)  # refuses what is not audio before encoding
        common = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-vn", "-ac", "1"]
        _run(
            [
                *common,
                "-ar",
                "16000",
                "-c:a",
                "libopus",
                "-b:a",
                settings.NARRATION_OPUS_BITRATE,
                "-application",
                "voip",
                str(opus),
            ]
        )
        _run(
            [
                *common,
                "-ar",
                "22050",
                "-c:a",
                "libmp3lame",
                "-b:a",
                settings.NARRATION_MP3_BITRATE,
                str(mp3),
            ]
        )
        _codec, duration = probe(opus)
        return Encoded(opus=opus.read_bytes(), mp3=mp3.read_bytes(), duration=duration)


# --- Checking a person's recording before anyone hears it -------------------------------
# The thresholds in one place. Levels are dBFS: 0 is the loudest a file holds, digital silence
# is far below -90. Speech held at a phone's usual distance peaks between -12 and -3.
MIN_SECONDS = 0.5
SILENT_PEAK_DB = -50.0  # nothing louder than this anywhere: the microphone heard nothing
QUIET_PEAK_DB = -30.0  # voice there, but too far from the microphone to follow
VOICED_FRAME_DB = -45.0  # a 20 ms frame at least this loud counts as sound, not room hiss
MIN_VOICED_SECONDS = 0.3  # less sound than this is a click or a cough, not a text read
_RATE, _FRAME = 16000, 320  # 16 kHz mono, 20 ms frames


def max_recording_seconds() -> float:
    return float(getattr(settings, "VOICE_RECORDING_MAX_SECONDS", 120))


@dataclass(frozen=True)
class Loudness:
    duration: float  # seconds
    mean_db: float  # RMS of the whole recording
    max_db: float  # the loudest sample
    voiced_seconds: float  # time in frames louder than VOICED_FRAME_DB


def _db(value: float) -> float:
    return 20 * math.log10(value) if value > 0 else -math.inf


def measure(raw: bytes) -> Loudness:
    """How long and how loud ``raw`` (any audio ffmpeg reads) is, decoded to 16 kHz mono.

    Decoded rather than probed: a browser's WebM names no duration."""
    with tempfile.TemporaryDirectory(prefix="nhaso-measure-") as folder:
        source = Path(folder) / "in"
        source.write_bytes(raw)
        probe(source)  # refuses what is not audio
        try:
            pcm = _run(
                ["ffmpeg", "-v", "error", "-i", str(source), "-vn", "-ac", "1"]
                + ["-ar", str(_RATE), "-f", "s16le", "-"]
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise ValidationError(
                _("This file is not audio we can play. Record again, or save it as MP3 or M4A.")
            ) from error
    samples = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float64) / 32768
    if not samples.size:
        return Loudness(duration=0.0, mean_db=-math.inf, max_db=-math.inf, voiced_seconds=0.0)
    frames = samples[: samples.size // _FRAME * _FRAME].reshape(-1, _FRAME)
    frame_db = 10 * np.log10(np.maximum((frames**2).mean(axis=1), 1e-12))
    return Loudness(
        duration=samples.size / _RATE,
        mean_db=_db(math.sqrt(float((samples**2).mean()))),
        max_db=_db(float(np.abs(samples).max())),
        voiced_seconds=int((frame_db >= VOICED_FRAME_DB).sum()) * _FRAME / _RATE,
    )


def check_recording(loudness: Loudness) -> None:
    """Refuse, with what the speaker should do, a recording nobody could follow."""
    if loudness.duration < MIN_SECONDS:
        raise ValidationError(
            _("The recording is too short. Press the button, read the whole text, then stop."),
            code="too_short",
        )
    if loudness.duration > max_recording_seconds():
        raise ValidationError(
            _("The recording is too long: keep it under %(seconds)d seconds.")
            % {"seconds": max_recording_seconds()},
            code="too_long",
        )
    if loudness.max_db < SILENT_PEAK_DB or loudness.voiced_seconds < MIN_VOICED_SECONDS:
        raise ValidationError(
            _("The recording is empty or silent: check the microphone and record again."),
            code="silent",
        )
    if loudness.max_db < QUIET_PEAK_DB:
        raise ValidationError(
            _("The recording is too quiet: hold the phone closer and speak up."),
            code="too_quiet",
        )
