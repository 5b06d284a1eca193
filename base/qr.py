"""QR codes drawn as inline SVG: on screen, on printed sheets and in PDFs alike."""

import segno


def qr_svg(url: str, *, scalable: bool = False) -> str:
    """The QR code of ``url`` as inline SVG; ``scalable`` leaves the size to the stylesheet
    (a viewBox and no width or height), for cards fitted to a printed page."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, omitsize=scalable)
