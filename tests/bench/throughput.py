"""Page throughput: our lesson page against a stock Wagtail page, as issue 19's table.

Both sites run on loopback from a temporary folder, each on its own fresh SQLite database with
DEBUG off, behind gunicorn with 2 worker processes (sync workers by default: the plain
`gunicorn -w 2`; --worker-class gthread for 8 threads each, as `make run`). wrk drives each
page with 20 connections for 10 s; three rounds alternate between the pages, and the table
gives the range over the rounds.

    .venv/bin/python tests/bench/throughput.py [--rounds 3] [--seconds 10] [--worker-class sync]

Rows:
  peer page                  a stock Wagtail project (`wagtail start`) with a small blog page
                             (rich-text body, a few paragraphs). Not wagtail/bakerydemo: it
                             cannot be downloaded here, and its blog page does more work.
  lesson, visitor            the page cache's copy.
  lesson, learner rendered   a logged-in learner without the `js` cookie: the page rendered
                             for them, as every learner got it before issue 19.
  lesson, learner cached     with `js=1`: the visitors' copy; measured alone, then the fill-in
                             request (GET /ca-nhan/trang/?path=...) alone; a page view costs
                             both, so its rate is 1/(1/a + 1/b) and its latency about a + b.
The last rows say "not available" while the site has no fill-in endpoint (it answers 404).

Needs wrk (`apt-get install wrk`). Everything stops by itself: wrk runs for a fixed time and
the servers are stopped at the end, also on errors.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from local_services import stop_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONNECTIONS = 20
FILL_IN = "/ca-nhan/trang/"
SECRET = "throughput-benchmark-secret-key-not-for-any-real-site-0123456789"

# The learner and the page, made in the site's own database by `manage.py shell`.
OURS_SETUP = """
import json, uuid
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from accounts.models import User
from accounts.roles import Role, assign_role
from courses.models import CoursePage
from courses.services import enrol
from lessons.models import LessonPage
from lessons.services import record_progress

# The lesson tests/bench/lesson_page.py measures.
lesson = LessonPage.objects.filter(locale__language_code="vi").order_by("path")[1]
course = CoursePage.objects.ancestor_of(lesson).get()
user = User.objects.create_user("bench-learner", password="bench-password-not-used")
assign_role(user, Role.LEARNER)
enrol(user=user, course=course)  # enrolled, one lesson done: progress shows on the page
first = LessonPage.objects.child_of(course).order_by("path").first()
record_progress(user=user, lesson=first, client_id=uuid.uuid4())
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"lesson": lesson.url, "session": session.session_key}))
"""

PEER_MODEL = '''

from wagtail.fields import RichTextField


class BlogPage(Page):
    """A blog post as in Wagtail's tutorial: a date, an introduction, a rich-text body."""

    date = models.DateField("Post date")
    intro = models.CharField(max_length=250)
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + ["date", "intro", "body"]
'''

PEER_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}

{% block body_class %}template-blogpage{% endblock %}

{% block content %}
    <h1>{{ page.title }}</h1>
    <p class="meta">{{ page.date }}</p>
    <div class="intro">{{ page.intro }}</div>
    {{ page.body|richtext }}
    <p><a href="{{ page.get_parent.url }}">Return to the home page</a></p>
{% endblock %}
"""

PEER_SETUP = """
import datetime, json
from home.models import BlogPage, HomePage
paragraphs = "".join(
    f"<p>{n}. Wagtail is an open source content management system built on Django. "
    "Editors write pages in a rich-text editor; developers model pages as Python classes, "
    "and templates render them. <b>This paragraph</b> has a "
    '<a href="https://wagtail.org/">link</a> and some <i>emphasis</i>.</p>'
    for n in range(1, 7)
)
home = HomePage.objects.get()
post = home.add_child(instance=BlogPage(
    title="A first blog post", slug="first-post", date=datetime.date(2025, 1, 15),
    intro="What a stock Wagtail site serves: a page with a rich-text body.", body=paragraphs,
))
post.save_revision().publish()
print(json.dumps({"page": post.url}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, *, cwd, env, capture=False) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, check=True, text=True, timeout=600, capture_output=capture
    )
    return done.stdout if capture else ""


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {**env, "LOG_LEVEL": "WARNING", **extra}


def prepare_ours(work: Path) -> tuple[dict, dict]:
    env = clean_env(
        DJANGO_SETTINGS_MODULE="cms.settings.dev",
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        NHASO_VAR_DIR=str(work / "ours"),
    )
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env)
    seed_help = run([*manage, "seed_demo", "--help"], cwd=ROOT, env=env, capture=True)
    quiet = ["--no-narration"] if "--no-narration" in seed_help else []
    run([*manage, "seed_demo", *quiet], cwd=ROOT, env=env, capture=True)
    run([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env)
    out = run([*manage, "shell", "-c", OURS_SETUP], cwd=ROOT, env=env, capture=True)
    return env, json.loads(out.strip().splitlines()[-1])


def prepare_peer(work: Path) -> tuple[dict, dict, Path]:
    folder = work / "peer"
    folder.mkdir()
    env = clean_env(DJANGO_SETTINGS_MODULE="peer.settings.production")
    run([str(BIN / "wagtail"), "start", "peer", str(folder)], cwd=work, env=env, capture=True)
    with open(folder / "home" / "models.py", "a") as models:
        models.write(PEER_MODEL)
    (folder / "home" / "templates" / "home" / "blog_page.html").write_text(PEER_TEMPLATE)
    (folder / "peer" / "settings" / "local.py").write_text(
        f'SECRET_KEY = "{SECRET}"\nALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
    )
    manage = [sys.executable, "manage.py"]
    run([*manage, "makemigrations", "home", "-v", "0"], cwd=folder, env=env)
    run([*manage, "migrate", "--no-input", "-v", "0"], cwd=folder, env=env)
    run([*manage, "collectstatic", "--no-input", "-v", "0"], cwd=folder, env=env)
    out = run([*manage, "shell", "-c", PEER_SETUP], cwd=folder, env=env, capture=True)
    return env, json.loads(out.strip().splitlines()[-1]), folder


def serve(app: str, cwd: Path, env: dict, port: int, worker_class: str) -> subprocess.Popen:
    workers = ["-w", "2", "-k", worker_class]
    if worker_class == "gthread":
        workers += ["--threads", "8"]
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), app, "-b", f"127.0.0.1:{port}", *workers]
        + ["--timeout", "120", "--log-level", "warning"],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            get(port, "/")
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn {app} exited with {server.returncode}") from None
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"gunicorn {app} did not start")


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    """One request, redirects not followed (a login redirect must not pass for a page)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(port: int, path: str, cookie: str, seconds: int, raw_dir: Path | None) -> dict:
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency"]
    command += ["--timeout", "5s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    latency = {
        share: float(value) * UNITS[unit]
        for share, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    if raw_dir:
        raw_dir.mkdir(parents=True, exist_ok=True)
        with open(raw_dir / "wrk.txt", "a") as raw:
            raw.write(f"$ {' '.join(command)} http://127.0.0.1:{port}{path}\n{out}\n")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": latency.get("50", 0.0),
        "p99": latency.get("99", 0.0),
        "non2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": sockets.group(1).strip() if sockets else "",
    }


def spread(values, fmt) -> str:
    low, high = min(values), max(values)
    return fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)}–{fmt(high)}"


def rate(value: float) -> str:
    return f"{value:,.0f}"


def millis(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--raw", type=Path, help="folder to append wrk's own output to")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `sudo apt-get install wrk` (Debian's package), then rerun.")

    work = Path(tempfile.mkdtemp(prefix="nhaso-throughput-"))
    servers = []
    try:
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
        print("preparing both sites (fresh SQLite databases, DEBUG off) ...", flush=True)
        ours_env, ours = prepare_ours(work)
        peer_env, peer, peer_dir = prepare_peer(work)
        ours_port, peer_port = free_port(), free_port()
        servers.append(serve("cms.wsgi", ROOT, ours_env, ours_port, args.worker_class))
        servers.append(serve("peer.wsgi", peer_dir, peer_env, peer_port, args.worker_class))

        lesson = ours["lesson"]
        learner = f"sessionid={ours['session']}"
        fill_in = f"{FILL_IN}?{urllib.parse.urlencode({'path': lesson})}"
        rows = {
            "peer": ("Stock Wagtail project template page (not bakerydemo)", peer_port,
                     peer["page"], ""),
            "visitor": ("Nhà Số lesson, visitor (page cache)", ours_port, lesson, ""),
            "rendered": ("Nhà Số lesson, learner rendered (no js cookie)", ours_port, lesson,
                         learner),
            "page": ("  learner, js=1: the page alone", ours_port, lesson, f"{learner}; js=1"),
            "fill": ("  learner, js=1: the fill-in request alone", ours_port, fill_in,
                     f"{learner}; js=1"),
        }  # fmt: skip

        # Every page answered as expected before anything is measured; workers warmed.
        notes = {}
        for key, (_, port, path, cookie) in rows.items():
            for _ in range(20):
                status, headers, body = get(port, path, cookie)
            notes[key] = f"{status}, {len(body):,} bytes"
            if "X-Page-Cache" in headers:
                notes[key] += f", X-Page-Cache: {headers['X-Page-Cache']}"
            if key == "fill" and status not in (200, 204):
                notes[key] = f"{status}: not available"
                continue
            if status != 200 and not (key == "fill" and status == 204):
                raise RuntimeError(f"{path} answered {status} for row {key}")
            if key == "rendered" and b"data-logout" not in body:
                raise RuntimeError("the learner's session is not logged in")
        cached_for_learners = "fill" not in notes or "not available" not in notes["fill"]
        if not cached_for_learners:
            del rows["fill"]

        print(
            f"gunicorn -w 2 -k {args.worker_class}"
            + (" --threads 8" if args.worker_class == "gthread" else "")
            + f", each site on its own SQLite, DEBUG off; wrk -t 2 -c {CONNECTIONS} "
            f"-d {args.seconds}s --latency; {args.rounds} rounds alternating; lesson {lesson}"
        )
        print("peer: stock Wagtail project template page (`wagtail start`, a BlogPage with a "
              "rich-text body of 6 paragraphs), NOT wagtail/bakerydemo")  # fmt: skip
        for key, note in notes.items():
            print(f"  check {rows.get(key, (key,))[0].strip()}: {note}")
        results = {key: [] for key in rows}
        for round_number in range(1, args.rounds + 1):
            for key, (label, port, path, cookie) in rows.items():
                measured = wrk(port, path, cookie, args.seconds, args.raw)
                results[key].append(measured)
                print(
                    f"round {round_number}  {label.strip():52} {measured['rps']:9.1f} req/s  "
                    f"p50 {measured['p50']:7.1f} ms  p99 {measured['p99']:7.1f} ms  "
                    f"non-2xx {measured['non2xx']}  {measured['socket_errors']}  "
                    f"load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                if not measured["requests"]:
                    print(f"  no request completed in {args.seconds} s: see wrk's output")
        if cached_for_learners:
            results["combined"] = [
                {
                    "rps": 1 / (1 / page["rps"] + 1 / fill["rps"]),
                    "p50": page["p50"] + fill["p50"],
                    "p99": page["p99"] + fill["p99"],
                }
                for page, fill in zip(results["page"], results["fill"], strict=True)
            ]
        labels = {key: label for key, (label, *_) in rows.items()}
        labels["combined"] = "Nhà Số lesson, learner from the cache + fill-in (per page view)"

        print("\n| page | req/s | p50 | p99 |\n|---|---|---|---|")
        for key in ("peer", "visitor", "rendered", "combined", "page", "fill"):
            if key not in results:
                continue
            measured = results[key]
            print(
                f"| {labels[key].strip()} | {spread([m['rps'] for m in measured], rate)} | "
                f"{spread([m['p50'] for m in measured], millis)} | "
                f"{spread([m['p99'] for m in measured], millis)} |"
            )
        if not cached_for_learners:
            print(f"| Nhà Số lesson, learner from the cache + fill-in | not available "
                  f"({FILL_IN} answers 404) | | |")  # fmt: skip
        peer_rps = sum(m["rps"] for m in results["peer"]) / args.rounds
        rendered_rps = sum(m["rps"] for m in results["rendered"]) / args.rounds
        visitor_rps = sum(m["rps"] for m in results["visitor"]) / args.rounds
        print(
            f"\nmeans over rounds: visitor {visitor_rps / peer_rps:.1f}× the peer; learner "
            f"rendered {rendered_rps / peer_rps:.2f}× the peer"
        )
        if cached_for_learners:
            combined = sum(m["rps"] for m in results["combined"]) / args.rounds
            print(
                f"learner from the cache + fill-in: {combined / rendered_rps:.1f}× the rendered "
                f"learner page, {combined / peer_rps:.1f}× the peer (issue's target: ≥ 5× "
                "rendered, in the load benchmark)"
            )
        bad = sum(m.get("non2xx", 0) for measured in results.values() for m in measured)
        print(f"non-2xx/3xx responses in all runs: {bad}")
    finally:
        for server in servers:
            stop_server(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
