"""Low-bandwidth video renditions (ffmpeg) and WebVTT checks."""

import re
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CUE_TIMING = re.compile(
    r"^(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}(?:\s.*)?$"
)


def check_webvtt(text: str) -> str:
    """Refuse captions a browser would not show, with a message an editor can act on."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise ValidationError(_("Captions must be WebVTT: the first line is WEBVTT."))
    timings = [line for line in lines if "-->" in line]
    if not timings:
        raise ValidationError(_("The captions have no timed lines (00:00.000 --> 00:02.000)."))
    for number, line in enumerate(lines, start=1):
        if "-->" in line and not CUE_TIMING.match(line.strip()):
            raise ValidationError(
                _("Line %(n)d of the captions has a wrong time: %(line)s")
                % {"n": number, "line": line.strip()[:60]}
            )
    return text


def make_rendition(source: Path, height: int, video_bitrate: str, audio_bitrate: str) -> Path:
    """An H.264 baseline MP4 (plays on old phones) scaled to ``height``, fast-start."""
    output = Path(tempfile.mkdtemp(prefix="nhaso-video-")) / f"{height}p.mp4"
    try:
        subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-i",
                str(source),
                "-vf",
                f"scale=-2:{height}",
                "-c:v",
                "libx264",
                "-profile:v",
                "baseline",
                # Constant quality, capped: still pictures cost little, motion never more
                # than the cap.
                "-preset",
                "veryfast",
                "-crf",
                "30",
                "-maxrate",
                video_bitrate,
                "-bufsize",
                video_bitrate,
                "-c:a",
                "aac",
                "-b:a",
                audio_bitrate,
                "-ac",
                "1",
                "-movflags",
                "+faststart",
                str(output),
            ],
            capture_output=True,
            timeout=3600,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        raise ValidationError(
            _("This video could not be converted: %(error)s")
            % {"error": error.stderr.decode(errors="replace")[-200:]}
        ) from error
    return output
