"""Bar charts drawn on the server as SVG: no script, readable on a small screen, with a
text alternative. Shares (0..1) become bar lengths in percent of the drawing's width."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from .tables import Table

BAR_HEIGHT = 22
GAP = 8


@dataclass
class Bar:
    label: str
    value: float
    y: int

    @property
    def width(self) -> float:
        return round(max(0.0, min(1.0, self.value)) * 100, 1)

    @property
    def text(self) -> str:
        return f"{round(100 * self.value)}%"


@dataclass
class BarChart:
    id: str
    title: str
    summary: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * (2 * BAR_HEIGHT + GAP)

    @property
    def description(self) -> str:
        """The highest and lowest bars in words, for screen readers."""
        if not self.bars:
            return ""
        top = max(self.bars, key=lambda b: b.value)
        bottom = min(self.bars, key=lambda b: b.value)
        return f"{self.summary} ↑ {top.label}: {top.text}. ↓ {bottom.label}: {bottom.text}."


def _label(value) -> str:
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def bar_chart(table: Table) -> BarChart | None:
    chart = table.chart
    if chart is None or table.frame.empty:
        return None
    # A row with no share (nobody to count) gets no bar: a bar of 0 would claim a measure.
    rows = table.frame[[chart.label, chart.value]].dropna(subset=[chart.value])
    bars = [
        Bar(_label(label), float(value), n * (2 * BAR_HEIGHT + GAP))
        for n, (label, value) in enumerate(rows.itertuples(index=False))
    ]
    if not bars:
        return None
    return BarChart(f"chart-{table.key}", str(table.title), str(chart.summary), bars)
