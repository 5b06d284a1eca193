"""Burst benchmark: a whole class sends the one-page quiz at the same moment.

N learners send at once, 30 % of them twice with the same client id (a phone's outbox after
a flaky connection). Against the embedded default as `make run` starts it (gunicorn on
SQLite) for N = 15, 50 and 200, and against gunicorn on PostgreSQL and Redis (production
settings) for N = 200 and 500. Prints per run: requests, status counts, p50/p95, attempts
expected vs stored, attempts without answers; then the idle CPU of the `make run` stack.

    .venv/bin/python tests/bench/burst.py              # NHASO_BURST_SKIP_POSTGRES=1: SQLite only

Target: 0 errors and exact counts at N = 50 on SQLite and N = 500 on PostgreSQL, p95 under
2 s at N = 200 on PostgreSQL. Everything runs on loopback; servers are stopped at the end.
"""

import collections
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import local_services

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORK = Path(tempfile.mkdtemp(prefix="nhaso-burst-"))
# Its own folder: PostgreSQL runs as another user, who cannot enter WORK.
SERVICES = Path(tempfile.mkdtemp(prefix="nhaso-burst-services-"))
PORT, PG_PORT, REDIS_PORT = 8766, 5435, 6382
CSRF = "benchmarkcsrfsecretbenchmarkcsrf"  # a 32-character secret, sent as cookie and header
RESENT_SHARE = 0.3
IDLE_SECONDS = int(os.environ.get("NHASO_IDLE_SECONDS", "60"))

COMMON = {
    **os.environ,
    "SECRET_KEY": "burst-benchmark-secret-key-not-for-any-real-site-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}
EMBEDDED = {
    **COMMON,
    # As `make run`: the development settings without DEBUG, SQLite in a file.
    "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
    "DEBUG": "false",
    "SERVE_MEDIA": "true",
    "NHASO_VAR_DIR": str(WORK / "embedded"),
}
PRODUCTION = {
    **COMMON,
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/nhaso",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "REDIS_SESSIONS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
    "DB_CONN_MAX_AGE": "60",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "NHASO_VAR_DIR": str(WORK / "production"),
}
# The `make run` server, and the production one the README describes.
EMBEDDED_SERVER = ["-w", "2", "-k", "gthread", "--threads", "8", "--timeout", "120"]
PRODUCTION_SERVER = ["-w", "5", "-k", "gthread", "--threads", "4"]


def manage(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )


PREPARE = """
import json, sys
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from accounts.models import User
from tests.factories import otp_quiz

quiz = otp_quiz(title="Burst", pass_mark=50, max_attempts=0)
password = make_password("burst-password-not-used")
users = User.objects.bulk_create(
    User(username=f"burst{n}", password=password) for n in range(int(sys.argv[1]))
)
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
sessions = []
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({
    "quiz": quiz.pk,
    "answers": {"q1-value": "true", "q2-choice": quiz.question_list[1].choices[0].id},
    "sessions": sessions,
}))
"""

COUNT = """
import sys
from django.db.models import Count
from quizzes.models import Attempt
attempts = Attempt.objects.filter(quiz_id=int(sys.argv[1]))
print(attempts.count(), attempts.annotate(n=Count("answers")).filter(n=0).count(),
      attempts.filter(finished_at__isnull=True).count())
"""


def django_script(env, code, *args) -> str:
    return manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        f"import sys; sys.argv = ['x', *{list(args)!r}]\n{code}",
        capture=True,
    ).stdout


def prepare(env, learners: int) -> dict:
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    return json.loads(django_script(env, PREPARE, str(learners)).strip().splitlines()[-1])


def start(env, server_args) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "cms.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            *server_args,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def send(session: str, body: bytes, path: str, results: list, start_line: threading.Barrier):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    start_line.wait()
    began = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError as error:
        status = type(error).__name__
    results.append((status, time.perf_counter() - began))
    connection.close()


def burst(env, plan: dict, learners: int) -> dict:
    """``learners`` send at the same moment; 30 % of them twice with the same client id."""
    path = f"/kiem-tra/{plan['quiz']}/mot-trang/"
    requests = []
    for session in plan["sessions"][:learners]:
        body = urllib.parse.urlencode({"client_id": str(uuid.uuid4()), **plan["answers"]}).encode()
        requests.append((session, body))
        if random.random() < RESENT_SHARE:
            requests.append((session, body))
    random.shuffle(requests)
    before = [int(n) for n in django_script(env, COUNT, str(plan["quiz"])).split()]
    results: list = []
    start_line = threading.Barrier(len(requests))
    threads = [
        threading.Thread(target=send, args=(session, body, path, results, start_line))
        for session, body in requests
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = [int(n) for n in django_script(env, COUNT, str(plan["quiz"])).split()]
    times = sorted(seconds for _status, seconds in results)
    return {
        "requests": len(requests),
        "statuses": dict(collections.Counter(str(status) for status, _s in results)),
        "p50": times[len(times) // 2],
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "expected": learners,
        "stored": after[0] - before[0],
        "without_answers": after[1] - before[1],
        "unfinished": after[2] - before[2],
    }


def report(label: str, learners: int, row: dict) -> bool:
    ok = set(row["statuses"]) == {"200"} and row["stored"] == row["expected"]
    ok = ok and row["without_answers"] == 0 and row["unfinished"] == 0
    print(
        f"{label:10} N={learners:<4} requests={row['requests']:<4} statuses={row['statuses']} "
        f"p50={row['p50']:.2f}s p95={row['p95']:.2f}s attempts {row['stored']}/{row['expected']}"
        f" without answers={row['without_answers']} unfinished={row['unfinished']}"
        f" {'OK' if ok else 'NOT HELD'}",
        flush=True,
    )
    return ok


def cpu_seconds(pids) -> float:
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def group_pids(*processes) -> list[int]:
    groups = {os.getpgid(p.pid) for p in processes}
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) in groups:
                    pids.append(int(entry.name))
            except ProcessLookupError:
                continue
    return pids


def idle_cpu(env) -> float:
    """Share of one core the `make run` stack (gunicorn + task worker) uses doing nothing."""
    server = start(env, EMBEDDED_SERVER)
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "task_worker",
            "--queue-name",
            "*",
            "--interval",
            "5",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        time.sleep(10)  # settle: workers booted, first poll done
        pids = group_pids(server, worker)
        before = cpu_seconds(pids)
        time.sleep(IDLE_SECONDS)
        return 100 * (cpu_seconds(pids) - before) / IDLE_SECONDS
    finally:
        stop(worker)
        stop(server)


def main():
    held = True
    print(f"one-page quiz sent by N learners at once, {RESENT_SHARE:.0%} of them twice\n")
    plan = prepare(EMBEDDED, 200)
    server = start(EMBEDDED, EMBEDDED_SERVER)
    try:
        for learners in (15, 50, 200):
            ok = report("SQLite", learners, burst(EMBEDDED, plan, learners))
            held = held and (ok or learners > 50)
    finally:
        stop(server)
    print(f"\nidle make-run stack: {idle_cpu(EMBEDDED):.2f} % of one core over {IDLE_SECONDS} s\n")

    if os.environ.get("NHASO_BURST_SKIP_POSTGRES") != "1":
        local_services.start(SERVICES, PG_PORT, REDIS_PORT)
        try:
            local_services.fresh_database(PG_PORT)
            plan = prepare(PRODUCTION, 500)
            server = start(PRODUCTION, PRODUCTION_SERVER)
            try:
                for learners in (200, 500):
                    row = burst(PRODUCTION, plan, learners)
                    ok = report("PostgreSQL", learners, row)
                    held = held and ok and (learners != 200 or row["p95"] < 2)
            finally:
                stop(server)
        finally:
            local_services.stop(SERVICES)
    print("\ntargets held" if held else "\ntargets NOT held")
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
