"""Load benchmark: gunicorn on PostgreSQL and Redis (production settings), driven by locust on
loopback. Visitors read lesson pages; learners send progress and one-page quizzes. Runs at 50
and 200 concurrent users, with the public-page cache on and off, and prints throughput,
p50/p95/p99 latency and the error count (which must be 0).

    .venv/bin/python tests/bench/load.py            # 30 s per run (NHASO_LOAD_SECONDS)

PostgreSQL and Redis come from Debian's packages (scripts/local-services.sh), in a throwaway
directory, stopped at the end.
"""

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import local_services

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("NHASO_LOAD_SECONDS", "30"))
USERS = [int(n) for n in os.environ.get("NHASO_LOAD_USERS", "50,200").split(",")]
PG_PORT, REDIS_PORT, WEB_PORT = 5434, 6381, 8765
HOST = f"http://127.0.0.1:{WEB_PORT}"
WORK = Path(tempfile.mkdtemp(prefix="nhaso-load-"))
LEARNERS = 200

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
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def prepare_database() -> Path:
    """Demo catalogue, a quiz with unlimited attempts, learners with sessions already open."""
    local_services.fresh_database(PG_PORT)
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo", "--no-narration")
    manage("collectstatic", "--no-input", "-v", "0")
    os.environ.update(ENV)
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cache import SessionStore

    from accounts.models import User
    from lessons.models import LessonPage
    from tests.factories import otp_quiz

    lessons = list(LessonPage.objects.live().filter(locale__language_code="vi"))
    quiz = otp_quiz(title="Bench", pass_mark=50, max_attempts=0)  # unlimited attempts
    password = make_password("bench-password-not-used")
    users = User.objects.bulk_create(
        User(username=f"bench{n}", password=password) for n in range(LEARNERS)
    )
    sessions = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    plan = {
        "host": HOST,
        "lessons": [lesson.url for lesson in lessons],
        "lesson_ids": [lesson.pk for lesson in lessons],
        "quiz_url": f"/kiem-tra/{quiz.pk}/mot-trang/",
        "quiz_answers": {"q1-value": "true", "q2-choice": quiz.question_list[1].choices[0].id},
        "sessions": sessions,
    }
    path = WORK / "plan.json"
    path.write_text(json.dumps(plan))
    print(f"data: {len(lessons)} lessons, {LEARNERS} learners with sessions, PostgreSQL + Redis")
    return path


def start_gunicorn(cached: bool) -> subprocess.Popen:
    env = {**ENV, "PUBLIC_PAGE_CACHE_SECONDS": "3600" if cached else "0"}
    # Two cores: 5 processes of 4 threads, the usual (2 × cores + 1) with threads for I/O.
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cms.wsgi",
            "-b",
            f"127.0.0.1:{WEB_PORT}",
            "-w",
            "5",
            "-k",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(HOST + "/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def run_locust(plan: Path, users: int, label: str) -> list[dict]:
    prefix = WORK / f"{label}-{users}"
    result = subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "tests/bench/locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{SECONDS}s",
            "--host",
            HOST,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "5",
        ],
        cwd=ROOT,
        env={**os.environ, "NHASO_LOAD_PLAN": str(plan)},
        check=False,
        capture_output=True,
        text=True,
    )
    if not Path(f"{prefix}_stats.csv").exists():
        raise RuntimeError(f"locust failed:\n{result.stderr[-2000:]}")
    with open(f"{prefix}_stats.csv") as handle:
        return list(csv.DictReader(handle))


def main():
    local_services.start(WORK, PG_PORT, REDIS_PORT)
    errors = 0
    try:
        plan = prepare_database()
        print(f"{SECONDS} s per run; locust and gunicorn share the machine's cores\n")
        print(
            f"{'pages':9} {'users':>5}  {'requests':28} {'count':>6} {'fail':>4} "
            f"{'req/s':>7} {'p50':>5} {'p95':>5} {'p99':>5}  (ms)"
        )
        for cached in (True, False):
            server = start_gunicorn(cached)
            try:
                # Warm every worker process: its first requests load code and templates.
                for url in json.loads(plan.read_text())["lessons"] * 5:
                    urllib.request.urlopen(HOST + url).read()
                for users in USERS:
                    for row in run_locust(plan, users, "cached" if cached else "uncached"):
                        name = row["Name"] if row["Type"] else "all"
                        errors += int(row["Failure Count"]) if name == "all" else 0
                        print(
                            f"{'cached' if cached else 'uncached':9} {users:>5}  {name:28} "
                            f"{row['Request Count']:>6} {row['Failure Count']:>4} "
                            f"{float(row['Requests/s']):>7.1f} {row['50%']:>5} "
                            f"{row['95%']:>5} {row['99%']:>5}"
                        )
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait()
    finally:
        local_services.stop(WORK)
    print(f"\nerrors: {errors}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
