"""The production task queue for real: a province report queued on RQ (Redis) and built by
`manage.py rqworker`. Needs a Redis server: `make test-postgres` starts one and sets
NHASO_TEST_REDIS_URL; elsewhere the test is skipped."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("NHASO_TEST_REDIS_URL")

pytestmark = pytest.mark.skipif(not REDIS, reason="needs a Redis server (make test-postgres)")

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


def test_a_province_report_is_queued_on_rq_and_built_by_the_worker(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": REDIS,
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
