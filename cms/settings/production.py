"""Production: every secret and host from the environment, HTTPS everywhere."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list, redis_caches

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Cookies travel over HTTPS only. SECURE_COOKIES=false is for a loopback benchmark, never a site.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Redis carries the cache and the task queue, and stands in front of the sessions (kept in
# the database, so an outage logs nobody out). Sessions' cache has its own Redis database,
# so clearing cached pages never costs a database read per visitor.
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, os.environ.get("REDIS_SESSIONS_URL", REDIS_URL))
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Tasks go to RQ; `manage.py rqworker reports default --job-class django_tasks_rq.Job`
    # runs them, reports first (RQ has no priorities, a worker empties its queues in order).
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "reports"]}}
    RQ_QUEUES = {
        name: {"URL": os.environ.get("RQ_URL", REDIS_URL), "DEFAULT_TIMEOUT": 30 * 60}
        for name in ["default", "reports"]
    }
