"""The text must not move when Noto Sans arrives (Lighthouse figures: tests/bench/lighthouse.py)."""

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "cms" / "static" / "cms" / "site.css").read_text()
FALLBACKS = ("Noto Sans Fallback Roboto", "Noto Sans Fallback Arial", "Noto Sans Fallback DejaVu")


def font_faces(family: str) -> list[str]:
    return [
        rule
        for rule in re.findall(r"@font-face\s*\{[^}]*\}", CSS)
        if f'font-family: "{family}";' in rule
    ]


def test_each_local_fallback_is_resized_to_noto_sans_metrics_in_both_weights():
    for family in FALLBACKS:
        faces = font_faces(family)
        assert sorted(re.search(r"font-weight: (\d+)", face)[1] for face in faces) == ["400", "700"]
        for face in faces:
            assert "src: local(" in face and "url(" not in face, face
            for descriptor in ("size-adjust", "ascent-override", "descent-override"):
                assert re.search(rf"{descriptor}: \d+(\.\d+)?%;", face), (descriptor, face)


def test_the_fallbacks_come_right_after_noto_sans_in_the_page_font_stack():
    stack = re.search(r":root\s*\{[^}]*?font-family:([^;]+);", CSS)[1]
    families = [name.strip().strip('"') for name in stack.split(",")]
    assert families[: 1 + len(FALLBACKS)] == ["Noto Sans", *FALLBACKS]
