"""PDFs of our own pages (certificates, pocket guides, posters) with WeasyPrint.

The HTML is rendered by a Django template as for the browser; WeasyPrint reads its images
and stylesheets from disk (static files and uploaded media), never from the network: a PDF
is made the same way on a commune's machine without internet.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Pages are laid out as if served from here; only its static and media paths are read.
PDF_BASE_URL = "http://pdf.nhaso.invalid/"


def local_file(url: str) -> Path | None:
    """The file on disk behind a static or media URL of ours; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc != urlsplit(PDF_BASE_URL).netloc:
        return None
    path = unquote(parts.path)
    if path.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path.removeprefix(settings.MEDIA_URL)).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    if path.startswith(settings.STATIC_URL):
        relative = path.removeprefix(settings.STATIC_URL)
        found = finders.find(relative)
        if found:
            return Path(found)
        if settings.STATIC_ROOT:
            root = Path(settings.STATIC_ROOT).resolve()
            candidate = (root / relative).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
    return None


def _fetcher():
    import mimetypes

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = local_file(url)
            if path is None:
                raise ValueError(f"Not one of our files: {url}")
            # Answered under its own address, so a stylesheet's relative url() resolves
            # against /static/, not against the file's place on disk.
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return LocalFilesOnly(allowed_protocols={"file", "data"})


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``; its /static/ and /media/ references are read from disk."""
    from weasyprint import HTML  # loads Pango: only where a PDF is made

    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher()).write_pdf()
