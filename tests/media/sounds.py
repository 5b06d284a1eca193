"""Audio and video files for tests: inspect what ffmpeg made, make what a browser sends."""

import json
import subprocess


def probe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    return json.loads(out)


def cue_starts(vtt: str) -> list[float]:
    """The start of each WebVTT cue, in seconds."""

    def seconds(stamp):
        hours, minutes, rest = stamp.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    return [seconds(line.split(" --> ")[0]) for line in vtt.splitlines() if " --> " in line]


def streamed_webm(source) -> bytes:
    """Opus in WebM as MediaRecorder writes it: streamed, with no duration in the header."""
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(source), "-c:a", "libopus", "-f", "webm"]
        + ["-live", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout
