"""Lesson video figures: render seconds per minute of video and bytes per minute, 360p and
240p, for demo-like lessons.

    .venv/bin/python tests/bench/lesson_video.py [N_LESSONS]

Takes the first lessons of the demo catalogue (demo/catalogue/*.yaml), narrates each part
with espeak-ng, gives every step a made-up picture of a phone screen with a tap marker, and
renders them with media.video.render_slideshow as lessons/services.py does (no database).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def phone_screen(path: Path, title: str, seed: int) -> Path:
    """A picture like a phone screenshot: a header bar, lines of text, a button."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    image = Image.new("RGB", (720, 1520), "#ffffff")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 720, 160], fill="#c62828")
    draw.text((40, 60), title[:30], font=font, fill="white")
    for line in range(12):
        width = 300 + (seed * 37 + line * 53) % 340
        draw.rectangle([40, 220 + line * 70, 40 + width, 250 + line * 70], fill="#e0e0e0")
    draw.rounded_rectangle([60, 1240, 660, 1340], 20, fill="#1565c0")
    draw.text((260, 1270), "Tiếp tục", font=font, fill="white")
    image.save(path)
    return path


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def demo_lessons(count: int) -> list[dict]:
    import yaml

    lessons = []
    for catalogue in sorted((ROOT / "demo" / "catalogue").glob("*.yaml")):
        lessons += yaml.safe_load(catalogue.read_text())["lessons"]
    return lessons[:count]


def parts_of(lesson: dict, folder: Path) -> list:
    from media.video import SlidePart

    def speak(text: str, name: str) -> Path:
        path = folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "vi", "-w", str(path), text], check=True)
        return path

    heading = f"{lesson['title']}\n{lesson.get('summary', '')}"
    parts = [
        SlidePart(
            speak(heading.replace("\n", ". "), "title"),
            heading.replace("\n", ". "),
            card_text=heading,
            is_title=True,
        )
    ]
    for number, block in enumerate(lesson["body"]):
        kind, value = next(iter(block.items()))
        if kind == "steps":
            for step_number, step in enumerate(value["steps"]):
                text = plain(step if isinstance(step, str) else step.get("text", ""))
                screen = phone_screen(folder / f"s{number}-{step_number}.png", text, step_number)
                parts.append(
                    SlidePart(
                        speak(text, f"s{number}-{step_number}"),
                        text,
                        picture=screen,
                        marker=(50.0, 84.0),
                    )
                )
        elif kind in ("text", "callout"):
            text = plain(value if isinstance(value, str) else value.get("text", ""))
            parts.append(SlidePart(speak(text, f"b{number}"), text, card_text=text))
    return parts


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from media.video import SlideshowSettings, render_slideshow

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    totals = {"seconds": 0.0, "render": 0.0, "360p": 0, "240p": 0}
    print(
        f"{'lesson':40} {'parts':>5} {'video s':>8} {'render s':>8} {'360p MB':>8} {'240p MB':>8}"
    )
    for lesson in demo_lessons(count):
        with tempfile.TemporaryDirectory(prefix="nhaso-bench-video-") as folder:
            parts = parts_of(lesson, Path(folder))
            started = time.monotonic()
            show = render_slideshow(parts, SlideshowSettings())
            took = time.monotonic() - started
            big, small = show.video.stat().st_size, show.small_video.stat().st_size
            shutil.rmtree(show.folder, ignore_errors=True)
        totals["seconds"] += show.duration
        totals["render"] += took
        totals["360p"] += big
        totals["240p"] += small
        print(
            f"{lesson['title'][:40]:40} {len(parts):5d} {show.duration:8.1f} {took:8.1f} "
            f"{big / 1e6:8.2f} {small / 1e6:8.2f}"
        )
    minutes = totals["seconds"] / 60
    print(
        f"\n{minutes:.1f} minutes of video: {totals['render'] / minutes:.1f} s to render a "
        f"minute; {totals['360p'] / 1e6 / minutes:.2f} MB a minute at 360p, "
        f"{totals['240p'] / 1e6 / minutes:.2f} MB a minute at 240p"
    )


if __name__ == "__main__":
    main()
