"""Two app servers (two gunicorn instances on two ports) on one PostgreSQL and one Redis, as
behind a load balancer: a login made on one is valid on the other, a page published is served
afresh by both at once, and a task queued by a request on one is run by an RQ worker and its
result shown by the other.

Needs the throwaway services `make test-postgres` starts (DATABASE_URL on PostgreSQL and
NHASO_TEST_REDIS_URL): skipped on SQLite, failed on PostgreSQL without Redis. Uses a
database of its own (migrated here, then dropped) and Redis databases 10-12 of that server
(flushed before and after)."""

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = "nhaso_two_servers"
PASSWORD = "hai-may-chu-9"
# As a load balancer forwards it: the same site name whichever server answers.
HOST = {"Host": "localhost"}

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
# The production stack's test: it runs in `make test-postgres`, which starts PostgreSQL and
# Redis; the embedded default's run (`make test`, SQLite in memory) has neither. On
# PostgreSQL a missing Redis is a failure, never a skip, so the job that should run it cannot
# pass without it.
needs_services = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="the production stack's test: `make test-postgres` runs it"
)


SCRIPT = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from lessons.models import LessonPage

    if sys.argv[1] == "seed":
        from accounts.roles import Role
        from places.models import Village
        from tests.factories import CommuneFactory, UserFactory, course_with_lessons, household
        from households.models import Level

        course = course_with_lessons(title="Hai máy", slug="hai-may", lessons=1)
        lesson = LessonPage.objects.child_of(course).get()
        commune = CommuneFactory(name="Xã Hai Máy")
        village = Village.objects.create(commune=commune, name="Bản Chủ")
        household(commune, village, "H1", Level.WITNESSED)
        admin = UserFactory(username="tinh", role=Role.PROVINCE_ADMIN, home_commune=commune)
        admin.set_password(sys.argv[2])
        admin.save()
        print(json.dumps({"lesson": lesson.url, "province": commune.province.code}))
    else:  # publish: what the admin's "Publish" does, from a third process
        lesson = LessonPage.objects.get(slug="hai-may-bai-1")
        lesson.title = sys.argv[2]
        lesson.save_revision().publish()
    """
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url(base: str, db: int) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


def flush_redis(*urls: str) -> None:
    import redis

    for url in urls:
        redis.Redis.from_url(url).flushdb()


def postgres(statement: str) -> None:
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture
def stack(tmp_path):
    """The environment both servers share, a migrated database of its own, a little content;
    everything dropped and stopped at the end, failed or not."""
    redis_base = os.environ.get("NHASO_TEST_REDIS_URL")
    assert redis_base, "NHASO_TEST_REDIS_URL is not set: `make test-postgres` starts Redis"
    cache, sessions, queues = (redis_url(redis_base, db) for db in (10, 11, 12))
    database_url = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{DATABASE}"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "tests.integration.settings_two_servers",
        "SECRET_KEY": "two-servers-test-secret-key-not-for-any-real-site-0123456789",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": cache,
        "REDIS_SESSIONS_URL": sessions,
        "RQ_URL": queues,
        "DB_CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),  # one folder: the "shared disk"
        "STATIC_ROOT": str(tmp_path / "static"),  # empty: files come from the apps' folders
        "NHASO_VAR_DIR": str(tmp_path / "var"),
        "LOG_LEVEL": "WARNING",
    }
    processes: list[subprocess.Popen] = []

    def run(*args) -> str:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def serve(port: int) -> str:
        processes.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "cms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
                + [
                    "-k",
                    "gthread",
                    "--threads",
                    "2",
                    "--graceful-timeout",
                    "3",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
        )
        return f"http://127.0.0.1:{port}"

    (tmp_path / "static").mkdir()
    flush_redis(cache, sessions, queues)
    postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    postgres(f"CREATE DATABASE {DATABASE}")
    try:
        run(sys.executable, "manage.py", "migrate", "--no-input", "-v", "0")
        seeded = json.loads(run(sys.executable, "-c", SCRIPT, "seed", PASSWORD).splitlines()[-1])
        servers = [serve(free_port()), serve(free_port())]
        for server in servers:
            for _ in range(120):
                try:
                    requests.get(server + "/", headers=HOST, timeout=30)
                    break
                except requests.ConnectionError:
                    time.sleep(0.25)
            else:
                raise RuntimeError(f"gunicorn did not start at {server}")
        yield {
            "servers": servers,
            "run": run,
            "sessions_redis": sessions,
            **seeded,
        }
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        flush_redis(cache, sessions, queues)
        postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def log_in(browser: requests.Session, server: str, username: str) -> None:
    """The login form as a person sends it: its CSRF token first, then the POST."""
    browser.get(server + "/accounts/login/", headers=HOST)
    token = browser.cookies["csrftoken"]
    answer = browser.post(
        server + "/accounts/login/",
        data={"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers=HOST,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[-2000:]


@needs_services
def test_two_app_servers_share_sessions_the_page_cache_and_the_task_queue(stack):
    one, two = stack["servers"]

    # (a) Logged in on server 1; server 2 knows the same cookie. The session is in the
    # database behind Redis: emptying the sessions' Redis logs nobody out.
    official = requests.Session()
    assert official.get(two + "/thong-ke/", headers=HOST, allow_redirects=False).status_code == 302
    log_in(official, one, "tinh")
    assert official.get(two + "/thong-ke/", headers=HOST, allow_redirects=False).status_code == 200
    flush_redis(stack["sessions_redis"])
    assert official.get(two + "/thong-ke/", headers=HOST, allow_redirects=False).status_code == 200

    # (b) A page cached by one server is a hit on the other; published with a new title
    # (by a third process, on the same database and Redis), both serve the new title at once.
    visitor = requests.Session()
    lesson = stack["lesson"]
    first = visitor.get(one + lesson, headers=HOST)
    assert first.status_code == 200 and "Hai máy bài 1" in first.text
    cached = visitor.get(two + lesson, headers=HOST)
    assert cached.headers.get("X-Page-Cache") == "hit" and "Hai máy bài 1" in cached.text
    stack["run"](sys.executable, "-c", SCRIPT, "publish", "Hai máy bài 1 (mới)")
    fresh = visitor.get(two + lesson, headers=HOST)
    assert fresh.headers.get("X-Page-Cache") == "miss"
    assert "Hai máy bài 1 (mới)" in fresh.text
    again = visitor.get(one + lesson, headers=HOST)
    assert again.headers.get("X-Page-Cache") == "hit" and "Hai máy bài 1 (mới)" in again.text

    # (c) The province report asked for on server 1 is queued on RQ (once, though server 2 is
    # asked too), built by a worker process, and shown by server 2.
    province = f"/thong-ke/tinh/{stack['province']}/"
    assert official.get(one + province, headers=HOST).status_code == 202  # computing
    assert official.get(two + province, headers=HOST).status_code == 202
    stack["run"](
        sys.executable, "manage.py", "rqworker", "reports", "default", "--burst",
        "--job-class", "django_tasks_rq.Job",
    )  # fmt: skip
    report = official.get(two + province, headers=HOST)
    assert report.status_code == 200 and "Xã Hai Máy" in report.text
