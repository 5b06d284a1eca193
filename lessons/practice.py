"""Scoring a practice run: the taps a learner made on a procedure's screens, against the
places the editor marked. Pure functions, no database: the browser checks the same way to move
on at once, but only this decides what a run counts for (lessons.services.record_practice_run).

Distances are in hundredths of the picture's width both ways (a tap's distance down is scaled
by the picture's height over its width), so the target is a circle on any screenshot.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# How far from the marked centre a tap still counts, in % of the picture's width: 12 % of a
# screenshot drawn about 260 px wide on a 360 px phone is about 31 px, a fingertip's half
# width (7-8 mm) and the size of the ring the steps draw (r = 11).
TAP_RADIUS = 12.0

# More taps than any honest run makes (a learner lost on every screen of a long procedure).
MAX_TAPS = 300


class Screen(Protocol):
    marker: tuple[float, float]  # (x, y) in % of the picture's width and height
    aspect: float  # the picture's height over its width
    hint: str


@dataclass
class Score:
    right_taps: int = 0
    wrong_taps: int = 0
    hints: list[str] = field(default_factory=list)  # one per wrong tap, as shown
    completed: bool = False  # every screen got its right tap, in order

    @property
    def without_help(self) -> bool:
        return self.completed and self.wrong_taps == 0


def tap_hits(
    marker: tuple[float, float], x: float, y: float, radius: float = TAP_RADIUS, aspect=1.0
) -> bool:
    """Whether a tap at (``x``, ``y``) (% of the picture's width and height) is within
    ``radius`` (% of the width) of ``marker``; ``aspect`` is the picture's height / width."""
    across = x - marker[0]
    down = (y - marker[1]) * aspect
    return math.hypot(across, down) <= radius


def _percent(value) -> float:
    # JSON numbers only: True is an int to Python, "50" and NaN are not places on a screen.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(_("A tap's place must be a number."))
    if not (0 <= value <= 100):
        raise ValidationError(_("A tap's place must be between 0 and 100."))
    return float(value)


def read_taps(taps) -> list[tuple[int, float, float]]:
    """The taps as sent (``[{"screen": i, "x": %, "y": %}, ...]``), checked for shape only."""
    if not isinstance(taps, list) or len(taps) > MAX_TAPS:
        raise ValidationError(_("The taps of this practice could not be read."))
    read = []
    for tap in taps:
        if not isinstance(tap, dict):
            raise ValidationError(_("The taps of this practice could not be read."))
        screen = tap.get("screen")
        if isinstance(screen, bool) or not isinstance(screen, int):
            raise ValidationError(_("The taps of this practice could not be read."))
        read.append((screen, _percent(tap.get("x")), _percent(tap.get("y"))))
    return read


def score_run(screens: Sequence[Screen], taps, radius: float = TAP_RADIUS) -> Score:
    """Score ``taps`` (as sent by the browser) on ``screens``, in order: a tap on the screen
    the learner is on either hits its marker (on to the next screen) or is wrong (its hint
    is shown). A tap the server did not expect (another screen than the current one, after
    the last screen, not a number) refuses the whole run with a ValidationError."""
    score = Score()
    current = 0
    for screen, x, y in read_taps(taps):
        if current >= len(screens):
            raise ValidationError(_("This practice was already finished before the last tap."))
        if screen != current:
            raise ValidationError(_("These taps do not follow the practice's screens in order."))
        on = screens[current]
        if tap_hits(on.marker, x, y, radius, aspect=on.aspect):
            score.right_taps += 1
            current += 1
        else:
            score.wrong_taps += 1
            score.hints.append(on.hint)
    score.completed = bool(screens) and current == len(screens)
    return score
