"""Settings shared by every environment; hosts and secrets come from the environment."""

import os
import unicodedata
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NHASO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_caches(url: str, sessions_url: str) -> dict:
    """The cache on Redis, surviving Redis going away: operations fail fast and are ignored
    (a miss), so pages are still served. Sessions (cached_db) live in the database with this
    cache in front, so nobody is logged out by an outage."""

    def cache(location: str, **extra) -> dict:
        return {
            "BACKEND": "base.cache.ForgivingRedisCache",
            "LOCATION": location,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
            **extra,
        }

    return {"default": cache(url), "sessions": cache(sessions_url, KEY_PREFIX="session")}


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps, lowest layer first: the order of the layers contract in pyproject.toml
    # ([tool.importlinter]), which `make lint` checks.
    "base",
    "places",
    "skills",
    "accounts",
    "media",
    "quizzes",
    "courses",
    "lessons",
    "voices",
    "paper",
    "search",
    "households",
    "certificates",
    "reminders",
    "analytics",
    "cms",
    "demo",
    # Wagtail and its i18n.
    "wagtail_localize",
    "wagtail_localize.locales",
    "rosetta",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts and background work.
    "allauth",
    "allauth.account",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Django.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages cross 2G links compressed; Django masks its CSRF token on every response (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the language is activated: it may drop the catalogues a translator replaced.
    "base.interface_catalogues.ReloadEditedCataloguesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "base.page_cache.SignedInHintMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RateLimitedMiddleware",
    "accounts.middleware.OutboxOwnerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "base.page_cache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "cms.context_processors.learner_home",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL=postgres://... switches to PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A connection kept open is checked before use, so a restarted PostgreSQL costs one
        # reconnect instead of an error page.
        conn_health_checks=True,
    )
}
# SQLite as an embedded database that holds a classroom: readers never wait for the writer
# (WAL), a write transaction takes the lock when it starts instead of failing half-way
# (IMMEDIATE), and a busy writer is waited for rather than answered "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # Opening the file and running the PRAGMAs above costs more than a cached page's whole
    # reply: each server thread keeps its connection (a file, no server's connection limit).
    if "DB_CONN_MAX_AGE" not in os.environ:
        DATABASES["default"]["CONN_MAX_AGE"] = 60
# A PostgreSQL replica (streaming replication) for the dashboards' long reads: only what runs
# inside base.db_router.reads_from_replica reads there; every write and every other read goes
# to the primary. Without DATABASE_REPLICA_URL everything uses the one database.
REPLICA_DATABASE_ALIAS = None
if os.environ.get("DATABASE_REPLICA_URL"):
    REPLICA_DATABASE_ALIAS = "replica"
    DATABASES[REPLICA_DATABASE_ALIAS] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
# PostgreSQL's JIT compiles a dashboard's aggregate for longer than the query runs (1.5 s of
# a 3 s province report at 3 million households); short transactions never gain from it.
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASE_ROUTERS = ["base.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Two rules a newcomer can follow: long enough, and not a password everyone uses.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "lessons:my_learning"
# Private Wagtail pages send visitors to our login page, not Wagtail's own.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# --- Languages -------------------------------------------------------------
# Vietnamese first, English second, then the minority languages whose content we
# publish. Django knows only vi, en and km; the others need LANG_INFO entries.
LANG_INFO.update(
    {
        "hnj": {"bidi": False, "code": "hnj", "name": "Hmong Njua", "name_local": "Hmoob"},
        "tyz": {"bidi": False, "code": "tyz", "name": "Tày", "name_local": "Tày"},
        # Tai Dam (Thái Đen) is blt; tdd is Tai Nüa, a different language.
        # Named in its own Tai Viet script (ꪼꪕ ꪒꪾ, "Tai Dam"); site.css carries the font.
        "blt": {"bidi": False, "code": "blt", "name": "Tai Dam", "name_local": "ꪼꪕꪒꪾ"},
        # Django names Khmer "Khmer"; its readers call it ខ្មែរ.
        "km": {**LANG_INFO["km"], "name_local": "ខ្មែរ"},
        # Django spells "Tiếng Việt" with combining marks (NFD); Vietnamese text is NFC
        # everywhere else, and old phones' fonts draw stacked combining marks badly.
        "vi": {**LANG_INFO["vi"], "name_local": unicodedata.normalize("NFC", "Tiếng Việt")},
    }
)
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("hnj", "Hmoob"),
    ("tyz", "Tày"),
    ("blt", "Tai Dam"),
    ("km", "ខ្មែរ"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Languages the interface itself is translated into; the others fall back to Vietnamese.
UI_TRANSLATED_LANGUAGES = ["vi", "en"]
# locale/: our strings (makemessages). locale_thirdparty/: Vietnamese for packages that ship
# none or too little (django-allauth, Django, Wagtail, wagtail-localize), kept with
# scripts/thirdparty_catalogue.py; makemessages never touches it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
# The minority languages' short interface (menus, buttons, the fallback note) is translated
# by people in the browser (django-rosetta), from the Vietnamese; only the translators group.
# `manage.py interface_catalogue update` keeps their catalogues to the short interface.
MINORITY_LANGUAGES = [code for code, _name in LANGUAGES if code not in UI_TRANSLATED_LANGUAGES]
ROSETTA_LANGUAGES = [(code, name) for code, name in LANGUAGES if code in MINORITY_LANGUAGES]
ROSETTA_ACCESS_CONTROL_FUNCTION = "accounts.roles.can_translate_interface"
ROSETTA_MAIN_LANGUAGE = "vi"
ROSETTA_POFILENAMES = ("django.po",)
# Nothing machine-translated is shipped as if a speaker wrote it.
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False
# Work in progress lives in the translator's session: the cache is per process on a commune's
# machine.
ROSETTA_STORAGE_CLASS = "rosetta.storage.SessionRosettaStorage"
ROSETTA_MESSAGES_PER_PAGE = 20
ROSETTA_LOGIN_URL = LOGIN_URL
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Front-end packages from npm (package.json; `make install` runs `npm ci`), never committed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("h5p-standalone", NODE_MODULES / "h5p-standalone" / "dist"),
    ("fonts/noto-sans", NODE_MODULES / "@fontsource" / "noto-sans" / "files"),
    ("fonts/noto-sans-khmer", NODE_MODULES / "@fontsource" / "noto-sans-khmer" / "files"),
    ("fonts/noto-sans-tai-viet", NODE_MODULES / "@fontsource" / "noto-sans-tai-viet" / "files"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def s3_media_storage() -> dict | None:
    """Uploaded files (pictures, narration, videos, documents) on an S3-compatible object
    store shared by every app server, when MEDIA_S3_BUCKET is set (django-storages); else
    None and they stay in MEDIA_ROOT (a local disk, or a shared one mounted there)."""
    bucket = os.environ.get("MEDIA_S3_BUCKET")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
        # Learners' recordings and household lists are not public: links are signed and
        # expire; an upload never replaces another file of the same name.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("MEDIA_S3_LINK_SECONDS", str(60 * 60))),
        "file_overwrite": False,
        "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {key: value for key, value in options.items() if value is not None},
    }


STORAGES["default"] = s3_media_storage() or STORAGES["default"]

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = "Nhà Số"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "webm", "ogv", "vtt", "txt"]

# --- Accounts (django-allauth) ----------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone", "username"}
# Phone or username, never e-mail: the signup form insists on one of the two.
ACCOUNT_SIGNUP_FIELDS = ["phone", "username", "password1*", "password2*"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "verify_phone": "accounts.forms.VerifyPhoneForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
# Forgot the password: a code by SMS signs the learner in, then they choose a new password
# (allauth's password reset by code is e-mail only). SMS to village phones can take minutes.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
# The e-mail reset form would otherwise mail "unknown account" to any address typed.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth wants one login method required at signup; ours requires phone *or* username and
# accounts.forms.SignupForm enforces that, which allauth's check cannot see.
SILENCED_SYSTEM_CHECKS = ["account.W001"]
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# Six digits, as every Vietnamese bank and VNeID OTP: easy to read aloud and type on a keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
# Failed logins count per account (5 in 5 minutes) and per client address; the address limit
# is high enough that one person's mistakes never lock out the others behind the same
# commune router or mobile carrier NAT. Codes by SMS: per number and per address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "verify_phone": "5/m/ip,30/h/ip,3/15m/key,10/d/key",
    "request_login_code": "5/m/ip,30/h/ip,3/15m/key,10/d/key",
    # Trainers inviting learners to a cohort by phone number (each may send an SMS).
    "cohort_invite": "30/h/user,100/d/user",
}
# The client's address, for those limits, is read from TRUSTED_PROXY_HEADER only when the
# request comes from one of TRUSTED_PROXIES (addresses or networks, e.g. "127.0.0.1"); by
# default no proxy is trusted and the connection's own address counts.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
PHONENUMBER_DEFAULT_REGION = "VN"
PHONENUMBER_DB_FORMAT = "E164"
# Where SMS go: a console/log sender in development, a real gateway in production.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "accounts.sms.ConsoleSMSBackend")

# --- Courses ----------------------------------------------------------------
COHORT_DEFAULT_MAX_SIZE = int(os.environ.get("COHORT_DEFAULT_MAX_SIZE", "15"))
# A learner invited to a cohort by phone has this long to accept.
COHORT_INVITATION_DAYS = int(os.environ.get("COHORT_INVITATION_DAYS", "14"))
# The QR code on a printed login sheet logs in for this long after printing; reprinting the
# sheet or changing the password voids it sooner.
LOGIN_SHEET_DAYS = int(os.environ.get("LOGIN_SHEET_DAYS", "30"))

# --- Background work (django-tasks, database backend) -----------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "reports"],
    }
}
# A task whose worker died is run again (`manage.py task_worker` at start) this many times.
TASK_MAX_TRIES = 3
# A narration job with no progress for this long lost its worker: it is resumed where it
# stopped (`manage.py task_worker` checks every few minutes), at most this many times.
NARRATION_JOB_STALE_SECONDS = 10 * 60
NARRATION_JOB_MAX_RETRIES = 3

# Narration: engines tried in order per language. espeak-ng is offline (Debian package);
# gTTS needs the internet and is skipped cleanly when it does not answer. Languages without
# an engine get a listen button only where an editor uploaded a recording.
NARRATION_ENGINES = {
    "vi": ["espeak-ng"],
    "en": ["espeak-ng"],
    "km": ["gtts"],
}
NARRATION_VOICES = {
    "espeak-ng": {"vi": "vi", "en": "en-us"},
    "gtts": {"vi": "vi", "en": "en", "km": "km"},
}
NARRATION_ENGINE_CLASSES = {
    "espeak-ng": "media.engines.EspeakEngine",
    "gtts": "media.engines.GTTSEngine",
}
# Speech needs little: Opus 16 kbit/s mono, MP3 32 kbit/s mono for phones without Opus.
NARRATION_OPUS_BITRATE = "16k"
NARRATION_MP3_BITRATE = "32k"
NARRATION_MAX_RECORDING_BYTES = 20 * 1024 * 1024
# The small video for weak connections: 240p H.264 baseline, about 2.3 MB a minute.
VIDEO_LOW_HEIGHT = 240
VIDEO_LOW_BITRATE = "250k"
VIDEO_LOW_AUDIO_BITRATE = "48k"
# Lesson videos made from pictures and narration (lessons/videos.py): portrait, because phone
# screenshots are tall and learners hold phones upright; H.264 baseline + AAC mono for old
# Android phones; about 0.5 MB a minute at 360p (the target is 1.5 MB).
LESSON_VIDEOS_ENABLED = env_bool("LESSON_VIDEOS_ENABLED", True)
LESSON_VIDEO_WIDTH, LESSON_VIDEO_HEIGHT, LESSON_VIDEO_SMALL_WIDTH = 360, 640, 240
LESSON_VIDEO_FPS = 10
LESSON_VIDEO_CRF = 30
LESSON_VIDEO_BITRATE, LESSON_VIDEO_SMALL_BITRATE = "160k", "90k"
LESSON_VIDEO_AUDIO_BITRATE, LESSON_VIDEO_SMALL_AUDIO_BITRATE = "32k", "24k"
LESSON_VIDEO_PAUSE_SECONDS = 0.4
LESSON_VIDEO_MARKER_DELAY_SECONDS = 0.8
# A render not finished after this long lost its worker; another may take the video over.
LESSON_VIDEO_CLAIM_SECONDS = 15 * 60
# People's recordings of lessons (voices/): the upload cap and the longest take.
VOICE_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
VOICE_RECORDING_MAX_SECONDS = 120

HOUSEHOLD_IMPORT_MAX_BYTES = 5 * 1024 * 1024
HOUSEHOLD_IMPORT_MAX_ROWS = 20_000
# An .xlsx is a zip: read with base/safezip before openpyxl sees it, so a small file cannot
# expand to gigabytes. A 20,000-row list is a few dozen parts and about 20 MB of XML.
HOUSEHOLD_IMPORT_MAX_XLSX_ENTRIES = 200
HOUSEHOLD_IMPORT_MAX_XLSX_BYTES = 100 * 1024 * 1024

# Files, so the site and the task worker share cached reports on one machine; production
# uses Redis (REDIS_URL).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    },
    # Wagtail writes every picture's rendition back to its cache on each page it renders
    # (48 files a lesson page on the file cache): in each process's memory instead. Keys hold
    # the image file's hash, so a new picture is never served from an old entry.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Dashboards are cached this long; the page says when its figures were computed.
ANALYTICS_CACHE_SECONDS = int(os.environ.get("ANALYTICS_CACHE_SECONDS", 10 * 60))
# Public pages as anonymous visitors see them; publishing starts afresh (base/page_cache.py).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", 60 * 60))

# --- Content-Security-Policy (django-csp) -------------------------------------
# Everywhere, development and tests included, so a page that needs an inline script or style
# fails its tests. Our pages load only their own files; the H5P player (a sandboxed frame of
# its own) and Wagtail's admin set their own, looser policies.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# One line per record on standard error, where systemd's journal or a container's log
# collector reads it; a server error is logged with its traceback (Django's default sends it
# only to ADMINS by mail, which we do not have).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "loggers": {
        "nhaso": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # 4xx answers are the visitor's business; 5xx are ours.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
# Uploaded files (narration, pictures) served by the site itself: in development, and by
# `make run` on a commune's machine; production puts a web server in front instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
