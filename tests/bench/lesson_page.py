"""Page budget: compressed size of HTML + CSS + JS of the public pages, and render time.

Runs on a fresh SQLite database with the demo catalogue, in a temporary directory:

    .venv/bin/python tests/bench/lesson_page.py [--requests 200]

Prints figures; the size budget (60 KB gzip, no media) is checked and reported, not asserted
in the test suite. Lesson times: a learner without script (rendered), a learner with script
(the cached copy, then the one request for their own parts: their cost is the sum), and a
visitor (cached).
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


def page_cost(client, url: str) -> dict[str, int]:
    """gzip bytes of a page's HTML and of each stylesheet and script it loads."""
    from django.contrib.staticfiles import finders

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content
    sizes = {"HTML": gzip_size(html)}
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        sizes[asset.decode()] = gzip_size(Path(finders.find(asset.decode())).read_bytes())
    return sizes


def timed(client, url: str, requests: int) -> tuple[float, float]:
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        setup_django(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from accounts.models import User
        from courses.models import CoursePage
        from lessons.models import LessonPage
        from quizzes.models import Quiz

        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))

        lesson = LessonPage.objects.filter(locale__language_code="vi").order_by("path")[1]
        course = CoursePage.objects.filter(locale__language_code="vi").first()
        quiz = Quiz.objects.filter(locale__language_code="vi").first()
        visitor, learner, learner_js = Client(), Client(), Client()
        learner.force_login(User.objects.get(username="hocvien"))
        # A learner whose browser runs script: the cached copy, then their parts (cms/learner.js).
        learner_js.force_login(User.objects.get(username="hocvien"))
        learner_js.cookies["js"] = "1"
        parts_url = f"/ca-nhan/trang/?path={lesson.url}"
        pages = {
            "home (visitor)": (visitor, "/"),
            "course (visitor)": (visitor, course.url),
            "lesson (visitor)": (visitor, lesson.url),
            "lesson (learner)": (learner, lesson.url),
            "one-page quiz (learner)": (learner, f"/kiem-tra/{quiz.pk}/mot-trang/"),
            "log in": (visitor, "/accounts/login/"),
            "offline page": (visitor, "/khong-co-mang/"),
        }
        costs = {name: page_cost(client, url) for name, (client, url) in pages.items()}
        learner_times = timed(learner, lesson.url, args.requests)
        visitor_times = timed(visitor, lesson.url, args.requests)
        cached_times = timed(learner_js, lesson.url, args.requests)
        assert learner_js.get(lesson.url)["X-Page-Cache"] == "hit"
        parts_times = timed(learner_js, parts_url, args.requests)

    print(f"Page cost, gzip (demo catalogue, SQLite); lesson: {lesson.url}")
    over = False
    for name, sizes in costs.items():
        total = sum(sizes.values())
        over |= total > BUDGET_BYTES
        parts = ", ".join(f"{part} {size / 1024:.1f}" for part, size in sizes.items())
        verdict = "ok" if total <= BUDGET_BYTES else "OVER 60 KB"
        print(f"  {name:<26} {total / 1024:5.1f} KB  {verdict}  ({parts})")
    timings = (
        ("learner, rendered (no script)", learner_times),
        ("learner, cached (script)", cached_times),
        ("learner's parts (fill-in)", parts_times),
        ("visitor, cached", visitor_times),
    )
    for who, (median, p95) in timings:
        print(
            f"Lesson time, {who:<30} {args.requests} requests: "
            f"median {median:.1f} ms, p95 {p95:.1f} ms"
        )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
