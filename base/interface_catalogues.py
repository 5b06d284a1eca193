"""Translators edit the minority languages' interface in the browser (django-rosetta), which
writes and compiles the catalogue on the server. Django reads a catalogue once per process;
this middleware notices a newer compiled file and makes every process read it again, so a
translator sees their words on the next page, not after a restart."""

import gettext
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import trans_real

# How often a process looks at the files' modification times.
CHECK_EVERY_SECONDS = 5


def compiled_catalogues() -> list[Path]:
    return [
        Path(folder) / language / "LC_MESSAGES" / "django.mo"
        for folder in settings.LOCALE_PATHS
        for language in settings.MINORITY_LANGUAGES
    ]


def _newest_change() -> float:
    times = [path.stat().st_mtime for path in compiled_catalogues() if path.exists()]
    return max(times, default=0.0)


def forget_loaded_catalogues() -> None:
    """Drop the translations this process has loaded; the next activation reads the files.
    Languages active in running requests keep the catalogue they started with."""
    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None


class ReloadEditedCataloguesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = _newest_change()
        self.checked_at = time.monotonic()

    def __call__(self, request):
        now = time.monotonic()
        if now - self.checked_at >= CHECK_EVERY_SECONDS:
            self.checked_at = now
            changed = _newest_change()
            if changed > self.seen:
                self.seen = changed
                forget_loaded_catalogues()
        return self.get_response(request)
