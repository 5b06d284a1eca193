"""Lesson page budget: compressed size of HTML + CSS + JS, and server render time.

Runs on a fresh SQLite database with the demo catalogue, in a temporary directory:

    .venv/bin/python tests/bench/lesson_page.py [--requests 200]

Prints figures; the size budget (60 KB gzip, no media) is checked and reported, not asserted
in the test suite.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET_BYTES = 60 * 1024


def setup_django(var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["NHASO_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DEBUG"] = "false"  # cached templates, as in production
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.makedirs(os.path.join(var_dir, "static"), exist_ok=True)  # static comes from the apps
    import django

    django.setup()


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        setup_django(var_dir)
        from django.contrib.staticfiles import finders
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User
        from lessons.models import LessonPage

        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))

        lesson = LessonPage.objects.filter(locale__language_code="vi").order_by("path")[1]
        client = Client()
        client.force_login(User.objects.get(username="hocvien"))

        first = client.get(lesson.url)
        assert first.status_code == 200, first.status_code
        html = first.content
        assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
        sizes = {"HTML": gzip_size(html)}
        for asset in assets:
            path = finders.find(asset.decode())
            sizes[asset.decode()] = gzip_size(Path(path).read_bytes())
        total = sum(sizes.values())

        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(lesson.url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()

    print(f"Lesson page: {lesson.url} (logged-in learner, demo catalogue, SQLite)")
    for name, size in sizes.items():
        print(f"  {name:<28} {size / 1024:6.1f} KB gzip")
    verdict = "within" if total <= BUDGET_BYTES else "OVER"
    print(f"  {'total':<28} {total / 1024:6.1f} KB gzip ({verdict} the 60 KB budget)")
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"Server render time over {len(timings)} requests: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
    )
    sys.exit(0 if total <= BUDGET_BYTES else 1)


if __name__ == "__main__":
    main()
