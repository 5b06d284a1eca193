"""Lighthouse (mobile) performance of the home and lesson pages, as a first-time visitor.

Starts the site as `make run` does (gunicorn, whitenoise, the demo catalogue on a fresh SQLite
database in a temporary folder) and runs the npm package `lighthouse` (a devDependency, so
`make install` put it in node_modules) against Debian's Chromium:

    .venv/bin/python tests/bench/lighthouse.py [--runs 3]

Prints, per page, the median performance score, CLS, LCP, total transfer and font transfer
over the runs (each run is a new browser profile: nothing cached). Installs nothing.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import burst  # starts the server exactly as the burst benchmark and `make run` do

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PORT = 8767

LESSON_URL = """
from lessons.models import LessonPage
print(LessonPage.objects.live().filter(locale__language_code="vi").order_by("path")[1].url)
"""


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile preset: Moto G Power screen, slow 4G, 4x CPU slowdown)."""
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--only-categories=performance",
            "--form-factor=mobile",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "total": audits["total-byte-weight"]["numericValue"] / 1024,
        "fonts": sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Font")
        / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("node_modules/.bin/lighthouse is missing: run `make install` first.")

    # burst makes its own scratch folders on import; this benchmark uses none of them.
    shutil.rmtree(burst.WORK, ignore_errors=True)
    shutil.rmtree(burst.SERVICES, ignore_errors=True)
    burst.PORT = PORT
    base = f"http://127.0.0.1:{PORT}"
    with tempfile.TemporaryDirectory(prefix="nhaso-lighthouse-") as var_dir:
        env = {**burst.EMBEDDED, "NHASO_VAR_DIR": var_dir}
        burst.manage(env, "migrate", "--no-input", "-v", "0")
        burst.manage(env, "seed_demo", capture=True)
        burst.manage(env, "collectstatic", "--no-input", "-v", "0")
        lesson = burst.django_script(env, LESSON_URL).strip().splitlines()[-1]
        server = burst.start(env, burst.EMBEDDED_SERVER)
        try:
            pages = {"home (visitor)": f"{base}/", "lesson (visitor)": f"{base}{lesson}"}
            results = {
                name: [lighthouse(url) for _ in range(args.runs)] for name, url in pages.items()
            }
        finally:
            burst.stop(server)

    print(f"Lighthouse, mobile preset, first visit, median of {args.runs} runs; lesson: {lesson}")
    for name, runs in results.items():
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(
            f"  {name:<17} performance {median['score']:3.0f}  CLS {median['cls']:.3f}  "
            f"LCP {median['lcp']:.1f} s  total {median['total']:.1f} KB  "
            f"fonts {median['fonts']:.1f} KB"
        )
        for run in runs:
            print(
                f"{'':21}run: {run['score']:3.0f}  CLS {run['cls']:.3f}  LCP {run['lcp']:.1f} s  "
                f"total {run['total']:.1f} KB  fonts {run['fonts']:.1f} KB"
            )


if __name__ == "__main__":
    main()
