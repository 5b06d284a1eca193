"""Load benchmark: gunicorn on PostgreSQL and Redis (production settings), driven by locust on
loopback, at 200 and 500 concurrent mixed users: half visitors reading lessons, half learners
with a session reading lessons, marking them done and sending the one-page quiz (3 : 2 : 1),
each user waiting 0.5–1.5 s between actions. Each user count runs twice, in the same run:

  script    learners read a lesson as a browser running the site's script does: the page with
            the `js=1` cookie (the cached copy, issue 19), then the fill-in request
            GET /ca-nhan/trang/?path=... ("not available" while the site answers it with 404)
  noscript  learners' pages rendered for them, as every learner got them before issue 19

Prints, per run and request kind, the count, errors, req/s and p50/p95/p99, the learners' page
views (page + fill-in, as the browser waits for both), and whether the target holds: overall
p95 under 300 ms and no errors.

    .venv/bin/python tests/bench/load.py     # NHASO_LOAD_SECONDS (30), NHASO_LOAD_USERS (200,500)

NHASO_LOAD_MODES (script,noscript), NHASO_LOAD_PROCESSES (locust processes, 1),
NHASO_LOAD_WORKERS and NHASO_LOAD_THREADS (gunicorn, 3 and 4), NHASO_LOAD_RAW (a folder to copy
locust's CSV files into). PostgreSQL and Redis come from Debian's packages
(scripts/local-services.sh), in a throwaway folder, stopped and removed at the end.
"""

import csv
import glob
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import local_services
from local_services import stop_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("NHASO_LOAD_SECONDS", "30"))
USERS = [int(n) for n in os.environ.get("NHASO_LOAD_USERS", "200,500").split(",")]
MODES = os.environ.get("NHASO_LOAD_MODES", "script,noscript").split(",")
PROCESSES = int(os.environ.get("NHASO_LOAD_PROCESSES", "1"))
# Two cores, shared with locust, PostgreSQL and Redis: three processes keep both cores busy
# while one waits for PostgreSQL (commits are synced to disk, as in production); four threads
# each overlap those waits without queueing many requests behind one interpreter lock.
WORKERS = int(os.environ.get("NHASO_LOAD_WORKERS", "3"))
THREADS = int(os.environ.get("NHASO_LOAD_THREADS", "4"))
RAW = os.environ.get("NHASO_LOAD_RAW")
PG_PORT, REDIS_PORT, WEB_PORT = 5434, 6381, 8765
HOST = f"http://127.0.0.1:{WEB_PORT}"
WORK = Path(tempfile.mkdtemp(prefix="nhaso-load-"))
# Its own folder: PostgreSQL runs as another user, who cannot enter WORK.
SERVICES = Path(tempfile.mkdtemp(prefix="nhaso-load-services-"))
LEARNERS = max(USERS)  # a session each, whatever the share of learners among the users
FILL_IN = "/ca-nhan/trang/"
CSRF = "benchmarkcsrfsecretbenchmarkcsrf"  # as in locustfile.py
TARGET_P95_MS = 300

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "load-benchmark-secret-key-not-for-any-real-site-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/nhaso",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "REDIS_SESSIONS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
    "DB_CONN_MAX_AGE": "60",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATIC_ROOT": str(WORK / "static"),
    "MEDIA_ROOT": str(WORK / "media"),
    "NHASO_VAR_DIR": str(WORK / "var"),
    "LOG_LEVEL": "WARNING",
}


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )


def prepare_database() -> dict:
    """Demo catalogue, a quiz with unlimited attempts, learners with sessions already open."""
    local_services.fresh_database(PG_PORT)
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--no-narration")
    manage("collectstatic", "--no-input", "-v", "0")
    os.environ.update(ENV)
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from accounts.roles import Role, assign_role
    from lessons.models import LessonPage
    from tests.factories import otp_quiz

    lessons = list(LessonPage.objects.live().filter(locale__language_code="vi"))
    quiz = otp_quiz(title="Bench", pass_mark=50, max_attempts=0)  # unlimited attempts
    password = make_password("bench-password-not-used")
    users = User.objects.bulk_create(
        User(username=f"bench{n}", password=password) for n in range(LEARNERS)
    )
    # The site's own session engine (cached_db in production: PostgreSQL and Redis), so the
    # server finds the sessions where it looks for them.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for user in users:
        assign_role(user, Role.LEARNER)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {
        "host": HOST,
        "lessons": [lesson.url for lesson in lessons],
        "lesson_ids": [lesson.pk for lesson in lessons],
        "quiz_url": f"/kiem-tra/{quiz.pk}/mot-trang/",
        "quiz_answers": {"q1-value": "true", "q2-choice": quiz.question_list[1].choices[0].id},
        "sessions": sessions,
        "fill_in": None,  # set once the server answers it (check_site)
    }


def start_gunicorn() -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{WEB_PORT}"]
        + ["-w", str(WORKERS), "-k", "gthread", "--threads", str(THREADS)]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            request("GET", "/")
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def request(method, path, headers=None, body=None) -> tuple[int, dict, bytes]:
    """One request, redirects not followed: a login redirect must not pass for an answer."""
    connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def check_site(plan: dict) -> list[str]:
    """Every kind of request answers as the locust users expect; workers warmed."""
    lesson = plan["lessons"][1]
    cookie = f"sessionid={plan['sessions'][0]}; csrftoken={CSRF}"
    for _ in range(3):
        for url in plan["lessons"]:
            request("GET", url)
            request("GET", url, {"Cookie": cookie})
            request("GET", url, {"Cookie": cookie + "; js=1"})
    notes = []
    status, headers, body = request("GET", lesson)
    notes.append(f"visitor page: {status}, X-Page-Cache {headers.get('X-Page-Cache')}")
    status, headers, body = request("GET", lesson, {"Cookie": cookie})
    if status != 200 or b"data-logout" not in body:
        raise RuntimeError(f"the learners' sessions are not logged in ({status})")
    notes.append(f"learner page, no js cookie: {status}, logged in (rendered)")
    status, headers, body = request("GET", lesson, {"Cookie": cookie + "; js=1"})
    cache = headers.get("X-Page-Cache")
    notes.append(
        f"learner page, js=1: {status}, X-Page-Cache {cache}"
        + (" (from the cache)" if cache == "hit" else " (rendered: no cache for learners yet)")
    )
    fill_in = f"{FILL_IN}?{urllib.parse.urlencode({'path': lesson})}"
    status, headers, body = request("GET", fill_in, {"Cookie": cookie + "; js=1"})
    if status in (200, 204):
        plan["fill_in"] = FILL_IN
        notes.append(f"fill-in request: {status}, {len(body)} bytes")
    else:
        notes.append(f"fill-in request: {status}: not available (learners: the page alone)")
    posts = {
        "progress POST": (f"/bai-hoc/{plan['lesson_ids'][1]}/da-xong/", {}),
        "one-page quiz POST": (plan["quiz_url"], plan["quiz_answers"]),
    }
    for name, (path, fields) in posts.items():
        form = urllib.parse.urlencode({"client_id": str(uuid.uuid4()), **fields})
        status, headers, body = request(
            "POST",
            path,
            {
                "Cookie": cookie,
                "X-CSRFToken": CSRF,
                "Accept": "application/json",
                "Referer": HOST + "/",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            form,
        )
        if status != 200:
            raise RuntimeError(f"{name} answered {status}: {body[:300]!r}")
        notes.append(f"{name}: {status} {body[:80].decode(errors='replace')}")
    return notes


def run_locust(plan_path: Path, users: int, mode: str) -> tuple[list[dict], list[float], str]:
    label = f"{mode}-{users}"
    prefix = WORK / label
    views = WORK / f"views-{label}"
    views.mkdir()
    command = [str(BIN / "locust"), "-f", str(ROOT / "tests/bench/locustfile.py")]
    command += ["--headless", "-u", str(users), "-r", str(users), "-t", f"{SECONDS}s"]
    command += ["--host", HOST, "--csv", str(prefix), "--only-summary", "--stop-timeout", "5"]
    command += ["--loglevel", "WARNING"]
    if PROCESSES > 1:
        command += ["--processes", str(PROCESSES)]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={
            **os.environ,
            "NHASO_LOAD_PLAN": str(plan_path),
            "NHASO_LOAD_MODE": mode,
            "NHASO_LOAD_PROCESSES": str(PROCESSES),
            "NHASO_LOAD_VIEWS_DIR": str(views),
        },
        check=False,
        capture_output=True,
        text=True,
        timeout=SECONDS + 180,
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust failed:\n{result.stderr[-2000:]}")
    if RAW:
        Path(RAW).mkdir(parents=True, exist_ok=True)
        for name in glob.glob(f"{prefix}_*.csv"):
            shutil.copy(name, Path(RAW) / f"load-{Path(name).name}")
    times = []
    for name in glob.glob(str(views / "*.json")):
        times += json.loads(Path(name).read_text())
    (WORK / f"{label}.stderr.txt").write_text(result.stderr)
    if RAW:
        shutil.copy(WORK / f"{label}.stderr.txt", Path(RAW) / f"load-{label}.stderr.txt")
    warnings = [line.strip() for line in result.stderr.splitlines() if "CPU usage" in line]
    with open(f"{prefix}_failures.csv") as handle:
        warnings += [
            f"{row['Occurrences']} × {row['Method']} {row['Name']}: {row['Error']}"
            for row in csv.DictReader(handle)
        ]
    with open(f"{prefix}_stats.csv") as handle:
        return list(csv.DictReader(handle)), sorted(times), "\n         ".join(warnings[:8])


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def main():
    local_services.start(SERVICES, PG_PORT, REDIS_PORT)
    server = None
    verdicts, learner_rates = [], {}
    try:
        started = time.monotonic()
        plan = prepare_database()
        server = start_gunicorn()
        notes = check_site(plan)
        plan_path = WORK / "plan.json"
        plan_path.write_text(json.dumps(plan))
        print(
            f"data: {len(plan['lessons'])} lessons, {LEARNERS} learners with sessions; "
            f"PostgreSQL (fsync on) + Redis; gunicorn -w {WORKERS} -k gthread --threads "
            f"{THREADS}; locust ({PROCESSES} process{'es' if PROCESSES > 1 else ''}) on the "
            f"same {os.cpu_count()} cores; {SECONDS} s per run; users: visitors 1 : learners 1, "
            "learners read 3 : mark done 2 : quiz 1, 0.5–1.5 s between actions"
        )
        for note in notes:
            print(f"  check {note}")
        print(
            f"setup {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f} "
            "(other work on the machine slows every figure)"
        )
        print(
            f"\n{'mode':8} {'users':>5}  {'requests':30} {'count':>6} {'fail':>5} "
            f"{'req/s':>7} {'p50':>5} {'p95':>5} {'p99':>5}  (ms)"
        )
        for users in USERS:
            for mode in MODES:
                rows, views, warnings = run_locust(plan_path, users, mode)
                for row in rows:
                    name = row["Name"] if row["Type"] else "all"
                    print(
                        f"{mode:8} {users:>5}  {name:30} {row['Request Count']:>6} "
                        f"{row['Failure Count']:>5} {float(row['Requests/s']):>7.1f} "
                        f"{row['50%']:>5} {row['95%']:>5} {row['99%']:>5}"
                    )
                    if name == "all":
                        p95, failures = float(row["95%"]), int(row["Failure Count"])
                        held = p95 < TARGET_P95_MS and failures == 0
                        verdicts.append(
                            f"{mode:8} {users:>5} users: p95 {p95:.0f} ms, {failures} errors, "
                            f"{float(row['Requests/s']):.1f} req/s: "
                            + ("target held" if held else "target NOT held")
                        )
                rate = len(views) / SECONDS
                learner_rates[mode, users] = rate
                print(
                    f"{mode:8} {users:>5}  {'learner page views':30} {len(views):>6} "
                    f"{'':>5} {rate:>7.1f} {percentile(views, 0.5):>5.0f} "
                    f"{percentile(views, 0.95):>5.0f} {percentile(views, 0.99):>5.0f}"
                    + ("   (page + fill-in)" if mode == "script" and plan["fill_in"] else "")
                )
                print(f"         load average {os.getloadavg()[0]:.1f} after the run")
                if warnings:
                    print(f"         {warnings}")
                print(flush=True)
    finally:
        if server is not None:
            stop_server(server)
        local_services.stop(SERVICES)
        shutil.rmtree(SERVICES, ignore_errors=True)
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"target: overall p95 < {TARGET_P95_MS} ms and no errors")
    for verdict in verdicts:
        print(f"  {verdict}")
    for users in USERS:
        if ("script", users) in learner_rates and ("noscript", users) in learner_rates:
            script, noscript = learner_rates["script", users], learner_rates["noscript", users]
            print(
                f"learner page views at {users} users: {script:.1f}/s with script, "
                f"{noscript:.1f}/s rendered ({script / max(noscript, 0.001):.1f}×; the users' "
                "pace bounds both: a rate that stays below the other's shows saturation)"
            )
    sys.exit(0 if all("target held" in verdict for verdict in verdicts) else 1)


if __name__ == "__main__":
    main()
