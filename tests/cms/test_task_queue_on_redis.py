"""The production task queue for real: a province report queued on RQ (Redis) and built by
`manage.py rqworker`. Uses NHASO_TEST_REDIS_URL when given (`make test-postgres`), else starts
Debian's redis-server (installed by `make install`) on a free loopback port."""

import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_url(tmp_path):
    if os.environ.get("NHASO_TEST_REDIS_URL"):
        yield os.environ["NHASO_TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: `make install` installs it from Debian"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


SCRIPT = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from django.core.cache import cache
    from analytics.reports import Filters, province_cache_key, province_report_or_queue
    from places.models import Province

    province, _ = Province.objects.get_or_create(code="11", defaults={"name": "Tỉnh Điện Biên"})
    if sys.argv[1] == "queue":
        cache.clear()
        assert province_report_or_queue(province, Filters()) is None  # queued, not built here
    else:
        report = cache.get(province_cache_key(province, Filters()))
        print("built" if report is not None else "missing")
    """
)


def test_a_province_report_is_queued_on_rq_and_built_by_the_worker(tmp_path, redis_url):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": redis_url,
        "NHASO_VAR_DIR": str(tmp_path),
    }

    def run(*args):
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    run(sys.executable, "manage.py", "migrate", "-v", "0")
    run(sys.executable, "-c", SCRIPT, "queue")
    assert run(sys.executable, "-c", SCRIPT, "check").strip() == "missing"
    run(
        sys.executable,
        "manage.py",
        "rqworker",
        "reports",
        "default",
        "--burst",
        "--job-class",
        "django_tasks_rq.Job",
    )
    assert run(sys.executable, "-c", SCRIPT, "check").strip() == "built"
