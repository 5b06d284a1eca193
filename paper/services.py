"""Making the booklets' and posters' PDFs, and keeping them.

A 25-lesson booklet takes WeasyPrint seconds, so each PDF is kept under MEDIA_ROOT/paper/
(default storage) by what it depends on: a booklet by ``selectors.booklet_version`` (the
course's and its lessons' publication times, their translations, their videos), so a few
cheap queries find it and publishing again makes a new one; a poster by its own HTML (its
trainers and courses change without anything being published). An older copy is deleted when
a newer one is stored.
"""

import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from base.pdf import html_to_pdf
from courses.models import CoursePage
from places.models import Commune

from . import selectors

logger = logging.getLogger("nhaso.paper")

BOOKLET_FOLDER = "paper/booklets"
POSTER_FOLDER = "paper/posters"


def booklet_html(*, course: CoursePage, language: str, origin: str, for_pdf: bool) -> str:
    """The booklet as one HTML document: the print page, or (``for_pdf``) the PDF's source."""
    context = {
        "booklet": selectors.booklet(course=course, language=language, origin=origin),
        "for_pdf": for_pdf,
        "languages": selectors.second_languages(course=course),
    }
    return render_to_string("paper/booklet.html", context)


def poster_html(*, commune: Commune, origin: str, for_pdf: bool) -> str:
    context = {"poster": selectors.poster(commune=commune, origin=origin), "for_pdf": for_pdf}
    return render_to_string("paper/poster.html", context)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def _kept(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def _keep(name: str, data: bytes, *, folder: str, prefix: str) -> None:
    """Store ``data`` as ``name`` and delete the older copies of the same booklet or poster."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for other in files:
        if other.startswith(prefix) and f"{folder}/{other}" != name:
            default_storage.delete(f"{folder}/{other}")


def booklet_pdf(*, course: CoursePage, language: str, origin: str) -> bytes:
    """The booklet's PDF: the kept copy while nothing it shows was published again, else a
    new one (kept for the next reader). Anyone may call it: booklets are public content."""
    interface = translation.get_language() or "vi"
    version = selectors.booklet_version(course=course, language=language)
    prefix = f"so-tay-{course.pk}-{language or 'vi'}-{interface}-"
    name = f"{BOOKLET_FOLDER}/{prefix}{_digest(version, origin)}.pdf"
    kept = _kept(name)
    if kept is not None:
        return kept
    start = time.perf_counter()
    data = html_to_pdf(booklet_html(course=course, language=language, origin=origin, for_pdf=True))
    logger.info(
        "booklet %s [%s] made in %.1f s, %d bytes",
        course.pk,
        language or "vi",
        time.perf_counter() - start,
        len(data),
    )
    _keep(name, data, folder=BOOKLET_FOLDER, prefix=prefix)
    return data


def poster_pdf(*, commune: Commune, origin: str) -> bytes:
    """The commune's A3 poster as a PDF, kept while its HTML stays the same. The caller has
    checked that the user may print it (``selectors.poster_communes``)."""
    html = poster_html(commune=commune, origin=origin, for_pdf=True)
    interface = translation.get_language() or "vi"
    prefix = f"ap-phich-{commune.code}-{interface}-"
    name = f"{POSTER_FOLDER}/{prefix}{_digest(html)}.pdf"
    kept = _kept(name)
    if kept is not None:
        return kept
    data = html_to_pdf(html)
    _keep(name, data, folder=POSTER_FOLDER, prefix=prefix)
    return data
