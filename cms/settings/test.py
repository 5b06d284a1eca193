"""Fast settings for the test suite: in-memory database and cache, immediate tasks."""

import os
import tempfile
from pathlib import Path

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
# In memory by default; DATABASE_URL runs the same suite on PostgreSQL (`make test-postgres`).
DATABASES = {
    "default": dj_database_url.parse(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        # As on a commune's server, less WAL (a database in memory has no journal file).
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
    }
}
# The replica as a second connection to the test database, so tests see which alias a query
# used; it is read only where a test turns REPLICA_DATABASE_ALIAS on ("replica") and asks
# for both databases (tests/base/test_db_router.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
REPLICA_DATABASE_ALIAS = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "reports"],
    }
}
SMS_BACKEND = "accounts.sms.LocmemSMSBackend"
# Tasks run at once here: tests that want a lesson video turn this on themselves.
LESSON_VIDEOS_ENABLED = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="nhaso-test-media-"))
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the apps, as in development, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
