"""What the service worker keeps on the phone before anything is saved: the app shell."""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

# Our own scripts and styles, the Vietnamese and Latin font subsets, and the app icons.
SHELL_STATIC = [
    "cms/site.css",
    "cms/offline.js",
    "cms/learner.js",
    "lessons/progress.js",
    "media/listen.js",
    "media/video.js",
    "quizzes/tap.js",
    "fonts/noto-sans/noto-sans-latin-400-normal.woff2",
    "fonts/noto-sans/noto-sans-vietnamese-400-normal.woff2",
    "fonts/noto-sans/noto-sans-latin-700-normal.woff2",
    "fonts/noto-sans/noto-sans-vietnamese-700-normal.woff2",
    "cms/icons/icon-192.png",
]


def offline_page_urls() -> list[str]:
    """The "you are offline" page in each language the interface is translated into."""
    urls = []
    for language in settings.UI_TRANSLATED_LANGUAGES:
        with translation.override(language):
            urls.append(reverse("offline"))
    return urls


def shell_urls() -> list[str]:
    return [static(path) for path in SHELL_STATIC] + offline_page_urls()


@cache
def shell_version() -> str:
    """Changes whenever a shell file changes, so phones replace their copy of the shell.

    Hashed file names already change in production; in development the files' contents do.
    """
    digest = hashlib.sha256("\n".join(shell_urls()).encode())
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    digest.update((settings.BASE_DIR / "cms" / "templates" / "cms" / "sw.js").read_bytes())
    return digest.hexdigest()[:12]
