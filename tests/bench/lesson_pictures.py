"""Picture budget: the drawn screens of each demo lesson, and the WebP bytes a phone downloads.

Runs on a fresh SQLite database in a temporary directory, seeds the demo (timed), then, for
each lesson, counts its pictures and makes the WebP renditions the lesson page asks for
(read from lessons/templates/lessons/blocks/steps.html, ``{% picture ... %}``):

    .venv/bin/python tests/bench/lesson_pictures.py

A 360 px phone shows the picture about 270 CSS px wide; from ``width-{240,360}`` it takes the
360 px copy (the larger one from 1.34 device pixels per CSS pixel, most phones). Budget:
25 KB per picture. Prints figures; nothing is asserted (tests/demo checks the budget).
"""

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lesson_page import ROOT, setup_django  # noqa: E402

TEMPLATE = ROOT / "lessons/templates/lessons/blocks/steps.html"
BUDGET = 25 * 1024
PHONE_WIDTH = 360


def requested_filters() -> tuple[list[int], str]:
    """The widths the steps template asks for, and its WebP options (quality)."""
    tag = re.search(r"{% picture (.*?)%}", TEMPLATE.read_text(encoding="utf-8"), re.S)
    options = tag.group(1) if tag else ""
    found = re.search(r"width-(?:{([\d,]+)}|(\d+))", options)
    widths = [int(w) for w in (found.group(1) or found.group(2)).split(",")] if found else []
    quality = re.search(r"webpquality-(\d+)", options)
    return sorted(widths) or [PHONE_WIDTH], (f"|webpquality-{quality.group(1)}" if quality else "")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command

        from demo import catalogue
        from lessons.blocks import pictures_in
        from lessons.models import LessonPage

        call_command("migrate", verbosity=0)
        timings = []
        for _ in range(2):  # the first run draws and stores; the second finds them unchanged
            start = time.perf_counter()
            call_command("seed_demo", "--no-narration", verbosity=0)
            timings.append(time.perf_counter() - start)
        print(f"seed_demo: first run {timings[0]:.1f} s, second run {timings[1]:.1f} s")

        widths, webp = requested_filters()
        phone = max(w for w in widths if w <= PHONE_WIDTH) if min(widths) <= PHONE_WIDTH else 0
        print(f"template asks for WebP widths {widths}{webp}; a 360 px phone takes {phone} px")
        print(f"{'lesson':<52} {'pics':>4} {'phone KB':>9} {'max KB':>7}  per picture ≤ 25 KB")
        total_pictures = total_bytes = 0
        worst = 0
        start = time.perf_counter()
        for course in catalogue.courses():
            for lesson in course.lessons:
                page = LessonPage.objects.get(
                    locale__language_code="vi",
                    slug=lesson.slug,
                    url_path__contains=f"/{course.slug}/",
                )
                sizes = []
                for picture in pictures_in(page.body).values():
                    for width in widths:
                        rendition = picture.image.get_rendition(f"width-{width}|format-webp{webp}")
                        if width == phone:
                            sizes.append(rendition.file.size)
                biggest = max(sizes, default=0)
                worst = max(worst, biggest)
                total_pictures += len(sizes)
                total_bytes += sum(sizes)
                verdict = "yes" if biggest <= BUDGET else "NO"
                print(
                    f"{course.slug + '/' + lesson.slug:<52} {len(sizes):>4} "
                    f"{sum(sizes) / 1024:>9.1f} {biggest / 1024:>7.1f}  {verdict if sizes else '-'}"
                )
        print(
            f"{'total':<52} {total_pictures:>4} {total_bytes / 1024:>9.1f} {worst / 1024:>7.1f}  "
            f"{'yes' if worst <= BUDGET else 'NO'} "
            f"(renditions made in {time.perf_counter() - start:.1f} s)"
        )


if __name__ == "__main__":
    main()
