"""Bar charts drawn on the server as SVG: no script, readable on a small screen, with a
text alternative. Shares (0..1) become bar lengths in percent of the drawing's width.

Every number the SVG carries is handed to the template as a string written with a point
(``plain``): a template would localise a float, and Vietnamese writes 75,0, which is no
length (the browser draws nothing)."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .tables import Table

BAR_HEIGHT = 22
GAP = 8
ROW = 2 * BAR_HEIGHT + GAP  # a label above its bar, then a gap
NAMED_MISSING = 10  # rows without data named under the chart; the table has them all


def plain(number: float) -> str:
    """A number for markup (SVG attributes, style, value, data-*): a point, no grouping,
    at most one decimal, none when it is whole ("75", "33.3")."""
    text = f"{float(number):.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class Bar:
    label: str
    value: float  # a share, 0..1
    row: int  # its place, from the top

    @property
    def width(self) -> str:
        """The bar's length, an SVG percentage ("75%", "33.3%")."""
        return f"{plain(max(0.0, min(1.0, self.value)) * 100)}%"

    @property
    def offset(self) -> str:
        return plain(self.row * ROW)

    @property
    def text(self) -> str:
        return f"{round(100 * self.value)}%"


@dataclass
class BarChart:
    id: str
    title: str
    summary: str
    bars: list[Bar]
    missing: list[str] = field(default_factory=list)  # rows with no share: no bar

    @property
    def height(self) -> str:
        return plain(len(self.bars) * ROW)

    @property
    def description(self) -> str:
        """The highest and lowest bars in words, for screen readers."""
        if not self.bars:
            return ""
        top = max(self.bars, key=lambda b: b.value)
        bottom = min(self.bars, key=lambda b: b.value)
        return f"{self.summary} ↑ {top.label}: {top.text}. ↓ {bottom.label}: {bottom.text}."

    @property
    def no_data(self) -> str:
        """The rows left out for want of data, named, so leaving them out hides nothing."""
        if not self.missing:
            return ""
        names = ", ".join(self.missing[:NAMED_MISSING])
        more = len(self.missing) - NAMED_MISSING
        if more > 0:
            return _("No data yet: %(names)s and %(count)s more.") % {"names": names, "count": more}
        return _("No data yet: %(names)s.") % {"names": names}


def _label(value) -> str:
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def bar_chart(table: Table) -> BarChart | None:
    chart = table.chart
    if chart is None or table.frame.empty:
        return None
    rows = table.frame[[chart.label, chart.value]]
    # A row with no share (nobody to count) gets no bar: a bar of 0 would claim a measure.
    measured = rows[chart.value].notna()
    bars = [
        Bar(_label(label), float(value), n)
        for n, (label, value) in enumerate(rows[measured].itertuples(index=False))
    ]
    if not bars:
        return None
    missing = [_label(label) for label in rows.loc[~measured, chart.label]]
    return BarChart(f"chart-{table.key}", str(table.title), str(chart.summary), bars, missing)
