"""Reading the PDFs we make as a person would: their text, their pages and their QR codes."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_text(data: bytes) -> str:
    """All the text of the PDF, pages joined, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def pdf_page_sizes_mm(data: bytes) -> list[tuple[int, int]]:
    """Each page's width and height in millimetres, rounded."""
    reader = PdfReader(io.BytesIO(data))
    return [
        (round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72))
        for p in reader.pages
    ]


def qr_codes_in_pdf(data: bytes, *, page: int = 0, scale: float = 3) -> list[str]:
    """The QR codes zbarimg reads on ``page`` drawn as a picture (a missing decoder fails)."""
    assert shutil.which("zbarimg"), "zbarimg is missing: `make browser` installs zbar-tools"
    image = pdfium.PdfDocument(data)[page].render(scale=scale).to_pil()
    with tempfile.TemporaryDirectory() as folder:
        png = Path(folder) / "page.png"
        image.save(png)
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60
        )
    return [line for line in result.stdout.splitlines() if line.strip()]
