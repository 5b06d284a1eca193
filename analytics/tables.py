"""What a dashboard is made of: tables over pandas frames, each column saying what kind of
figure it holds, so the page, the CSV and the Excel file format it the same way."""

import datetime
from dataclasses import dataclass, field

import pandas as pd


class Kind:
    TEXT = "text"
    INT = "int"
    PERCENT = "percent"  # a share between 0 and 1
    DATE = "date"
    CHECK = "check"  # done / not done
    SCORE = "score"  # a figure out of 100 with one decimal (the adaptation index)


@dataclass
class Column:
    name: str  # the frame's column
    label: str  # lazily translated, so a cached report speaks the viewer's language
    kind: str = Kind.TEXT
    title: str = ""  # a longer label for a short header (a lesson's title behind "3")
    # What a cell with no value says on the page (a download leaves it empty): "–", or in
    # words where a reader could take the gap for a figure ("No data yet" for a share).
    missing: str = "–"


@dataclass
class Chart:
    """Horizontal bars: one per row, ``value`` (a share) against ``label``."""

    label: str
    value: str
    summary: str = ""  # the chart's text alternative, besides the table under it


@dataclass
class Table:
    key: str
    title: str
    frame: pd.DataFrame
    columns: list[Column]
    chart: Chart | None = None
    note: str = ""
    link: str = ""  # a column holding a URL for the row's heading cell
    # The column that heads each row (and carries the link): the first unless said, so a
    # ranked table links the commune's name rather than its rank.
    heading: str = ""

    @property
    def heading_column(self) -> str:
        return self.heading or self.columns[0].name

    def records(self) -> list[dict]:
        return self.frame.to_dict("records")


@dataclass
class Report:
    title: str
    tables: list[Table]
    computed_at: datetime.datetime
    facts: list[tuple[str, object]] = field(default_factory=list)  # headline figures
    # Said above the tables when there is nothing to count yet, so empty tables read as
    # "nobody yet" rather than as a measurement of zero.
    empty: str = ""
    # The digital-adaptation index (0..100) of a commune's report, shown above its tables.
    index: float | None = None

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def share(part: pd.Series, whole: pd.Series) -> pd.Series:
    """part / whole, NaN (shown "–", exported empty) where whole is 0: a share of nobody
    was never measured, and "0 %" would say it was."""
    return part / whole.where(whole > 0)
