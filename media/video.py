"""Low-bandwidth video renditions (ffmpeg), WebVTT checks, and slideshows made of pictures,
text cards and narration (lesson videos)."""

import json
import re
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
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


# --- Slideshows: still pictures and text cards timed to narration (lesson videos) ----------
#
# Knows nothing of lessons: it is given parts (audio, caption text, a picture with a tap
# marker or a card's text) and makes an MP4 per height and WebVTT captions. Pictures are
# drawn once per part with Pillow; ffmpeg's concat demuxer shows each for as long as its
# narration, at a low frame rate (still pictures need no more).

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+")


@dataclass(frozen=True)
class SlidePart:
    """One narrated part: its audio, the text heard (captions), and what is shown: a picture
    (a marker in % of it, or None) or else a card with ``card_text`` (``is_title``: larger)."""

    audio: Path
    caption: str
    picture: Path | None = None
    marker: tuple[float, float] | None = None
    card_text: str = ""
    is_title: bool = False


@dataclass(frozen=True)
class SlideshowSettings:
    """How a slideshow looks and is encoded; part of a lesson video's fingerprint."""

    width: int = 360
    height: int = 640
    small_width: int = 240
    fps: int = 10
    keyframe_seconds: int = 3
    crf: int = 30
    video_bitrate: str = "160k"
    small_video_bitrate: str = "90k"
    audio_bitrate: str = "32k"
    small_audio_bitrate: str = "24k"
    sample_rate: int = 22050
    pause: float = 0.4  # silence after each part, so parts do not run into each other
    marker_delay: float = 0.8  # the tap marker appears this long after its step starts

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass
class Slideshow:
    """What ``render_slideshow`` made: files in a temporary folder (the caller stores them
    and removes ``folder``), captions, each part's start and the whole duration."""

    folder: Path
    video: Path
    small_video: Path
    poster: Path
    captions: str
    starts: list[float]
    duration: float


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def part_cues(text: str, start: float, length: float) -> list[Cue]:
    """Captions of one part: a cue per sentence, timed in proportion to its length, the
    first starting with the part."""
    sentences = [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]
    if not sentences:
        return []
    total = sum(len(s) for s in sentences)
    cues, at = [], start
    for sentence in sentences:
        end = at + length * len(sentence) / total
        cues.append(Cue(round(at, 3), round(end, 3), sentence))
        at = end
    return cues


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def webvtt(cues: list[Cue]) -> str:
    blocks = [f"{_timestamp(c.start)} --> {_timestamp(c.end)}\n{c.text}" for c in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    return ImageFont.truetype(FONT_BOLD if bold else FONT, size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return [line for line in lines if line]


def draw_card(text: str, size: tuple[int, int], *, is_title: bool = False):
    """A readable card: dark text on a light background, as large as fits. A title card's
    first line is its heading, in bold."""
    from PIL import Image, ImageDraw

    width, height = size
    card = Image.new("RGB", size, "#fdf8ee" if is_title else "#ffffff")
    draw = ImageDraw.Draw(card)
    margin = width // 12
    draw.rectangle([0, 0, width, height // 80 + 4], fill="#0b6e4f")
    heading, _newline, rest = text.partition("\n") if is_title else ("", "", text)
    for font_size in range(30, 13, -2):
        bold, font = _font(round(font_size * 1.2), bold=True), _font(font_size)
        lines = [(line, bold) for line in _wrap(draw, heading, bold, width - 2 * margin)]
        lines += [(line, font) for line in _wrap(draw, rest, font, width - 2 * margin)]
        heights = [round(face.size * 1.35) for _line, face in lines]
        if sum(heights) <= height - 2 * margin:
            break
    top = (height - sum(heights)) // 2
    for (line, face), line_height in zip(lines, heights, strict=True):
        draw.text((margin, top), line, font=face, fill="#1a1a1a")
        top += line_height
    return card


def draw_picture(path: Path, size: tuple[int, int]):
    """The picture of a screen, as large as fits, centred on a dark background; returns the
    frame and the picture's box in it."""
    from PIL import Image, ImageOps

    width, height = size
    frame = Image.new("RGB", size, "#20262e")
    with Image.open(path) as source:
        picture = ImageOps.exif_transpose(source).convert("RGB")
        margin = width // 30
        picture = ImageOps.contain(picture, (width - 2 * margin, height - 2 * margin))
    left, top = (width - picture.width) // 2, (height - picture.height) // 2
    frame.paste(picture, (left, top))
    return frame, (left, top, picture.width, picture.height)


def draw_marker(frame, box: tuple[int, int, int, int], marker: tuple[float, float]):
    """A circle round the place to tap, and an arrow pointing at it from the side with the
    most room; white under red, so it shows on light and dark screens."""
    from PIL import ImageDraw

    frame = frame.copy()
    draw = ImageDraw.Draw(frame)
    left, top, width, height = box
    x, y = left + width * marker[0] / 100, top + height * marker[1] / 100
    radius = max(12, frame.width // 15)
    # The arrow comes from the emptier side across and down.
    dx = 1 if x < frame.width / 2 else -1
    dy = 1 if y < frame.height / 2 else -1
    length = radius * 2.2
    tip = (x + dx * radius * 0.8, y + dy * radius * 0.8)
    tail = (tip[0] + dx * length, tip[1] + dy * length)
    head = radius * 0.9
    wings = [
        (tip[0] + dx * head, tip[1]),
        (tip[0], tip[1] + dy * head),
    ]
    for colour, stroke in (("#ffffff", 11), ("#d62828", 6)):
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=colour, width=stroke)
        draw.line([tail, tip], fill=colour, width=stroke)
        grow = 3 if colour == "#ffffff" else 0
        draw.polygon(
            [
                (tip[0] - dx * grow, tip[1] - dy * grow),
                (wings[0][0] + dx * grow, wings[0][1]),
                (wings[1][0], wings[1][1] + dy * grow),
            ],
            fill=colour,
        )
    return frame


def _decode(audio: Path, target: Path, rate: int) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(audio), "-vn", "-ac", "1", "-ar", str(rate)]
        + ["-c:a", "pcm_s16le", str(target)],
        capture_output=True,
        timeout=600,
        check=True,
    )


def _join_audio(parts: list[SlidePart], folder: Path, config: SlideshowSettings):
    """One WAV of every part's narration with a pause after each; returns its path, each
    part's start and speech length (seconds, exact to the sample) and the total."""
    rate = config.sample_rate
    pause = b"\0\0" * round(config.pause * rate)
    joined = folder / "narration.wav"
    starts, lengths, frames = [], [], 0
    with wave.open(str(joined), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        for number, part in enumerate(parts):
            decoded = folder / f"part-{number}.wav"
            _decode(part.audio, decoded, rate)
            with wave.open(str(decoded), "rb") as source:
                samples = source.readframes(source.getnframes())
            starts.append(frames / rate)
            lengths.append(len(samples) / 2 / rate)
            out.writeframes(samples + pause)
            frames += len(samples) // 2 + len(pause) // 2
    return joined, starts, lengths, frames / rate


def _concat_list(entries: list[tuple[Path, float]]) -> str:
    lines = ["ffconcat version 1.0"]
    for path, seconds in entries:
        lines += [f"file '{path.name}'", f"duration {seconds:.3f}"]
    # The demuxer ignores the last duration unless the last picture is listed again.
    lines.append(f"file '{entries[-1][0].name}'")
    return "\n".join(lines) + "\n"


def _encode(
    folder: Path,
    audio: Path,
    total: float,
    width: int,
    height: int,
    *,
    output: Path,
    video_bitrate: str,
    audio_bitrate: str,
    config: SlideshowSettings,
) -> None:
    fps = config.fps
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", "slides.txt"]
        + ["-i", str(audio), "-map", "0:v", "-map", "1:a"]
        + ["-vf", f"scale={width}:{height}:flags=lanczos,fps={fps},format=yuv420p"]
        + ["-c:v", "libx264", "-profile:v", "baseline", "-level", "3.0", "-preset", "medium"]
        + ["-tune", "stillimage", "-crf", str(config.crf), "-maxrate", video_bitrate]
        + ["-bufsize", video_bitrate, "-g", str(fps * config.keyframe_seconds)]
        + ["-c:a", "aac", "-b:a", audio_bitrate, "-ac", "1", "-ar", str(config.sample_rate)]
        + ["-t", f"{total:.3f}", "-movflags", "+faststart", str(output)],
        cwd=folder,
        capture_output=True,
        timeout=3600,
        check=True,
    )


def render_slideshow(parts: list[SlidePart], config: SlideshowSettings | None = None) -> Slideshow:
    """A video of ``parts``, each shown exactly as long as its narration (plus the pause),
    with captions whose cues start with the parts; H.264 baseline and AAC mono, fast-start,
    at ``config``'s size and at its small width. Raises ValidationError if ffmpeg fails."""
    config = config or SlideshowSettings()
    if not parts:
        raise ValidationError(_("There is nothing to show in this video."))
    folder = Path(tempfile.mkdtemp(prefix="nhaso-slides-"))
    size = (config.width, config.height)
    try:
        audio, starts, lengths, total = _join_audio(parts, folder, config)
        entries: list[tuple[Path, float]] = []
        cues: list[Cue] = []
        for number, (part, start, length) in enumerate(zip(parts, starts, lengths, strict=True)):
            shown = (starts[number + 1] if number + 1 < len(parts) else total) - start
            slide = folder / f"slide-{number}.png"
            if part.picture:
                frame, box = draw_picture(part.picture, size)
                frame.save(slide)
                if part.marker:
                    delay = min(config.marker_delay, shown / 3)
                    marked = folder / f"slide-{number}-tap.png"
                    draw_marker(frame, box, part.marker).save(marked)
                    entries += [(slide, delay), (marked, shown - delay)]
                else:
                    entries.append((slide, shown))
            else:
                draw_card(part.card_text or part.caption, size, is_title=part.is_title).save(slide)
                entries.append((slide, shown))
            cues += part_cues(part.caption, start, length)
        (folder / "slides.txt").write_text(_concat_list(entries))
        small_height = round(config.height * config.small_width / config.width / 2) * 2
        outputs = {
            "video": (config.width, config.height, config.video_bitrate, config.audio_bitrate),
            "small_video": (
                config.small_width,
                small_height,
                config.small_video_bitrate,
                config.small_audio_bitrate,
            ),
        }
        for name, (width, height, video_bitrate, audio_bitrate) in outputs.items():
            _encode(
                folder,
                audio,
                total,
                width,
                height,
                output=folder / f"{name}.mp4",
                video_bitrate=video_bitrate,
                audio_bitrate=audio_bitrate,
                config=config,
            )
        poster = folder / "poster.jpg"
        from PIL import Image

        with Image.open(entries[0][0]) as first:
            first.convert("RGB").save(poster, quality=70)
    except subprocess.CalledProcessError as error:
        raise ValidationError(
            _("This video could not be made: %(error)s")
            % {"error": error.stderr.decode(errors="replace")[-200:]}
        ) from error
    return Slideshow(
        folder=folder,
        video=folder / "video.mp4",
        small_video=folder / "small_video.mp4",
        poster=poster,
        captions=webvtt(cues),
        starts=[round(s, 3) for s in starts],
        duration=round(total, 3),
    )
