"""ffmpeg and ffprobe (Debian's packages): encode speech small, and check uploaded audio."""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
        return data["streams"][0]["codec_name"], float(data["format"]["duration"])
    except (subprocess.SubprocessError, OSError, KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("This file is not audio we can play. Record again, or save it as MP3 or M4A.")
        ) from error


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
