"""A dashboard table as CSV or Excel, formatted by its columns' kinds."""

import datetime
import io
import math
import re

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from base.spreadsheet import csv_response, text_cell

from .tables import Kind, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {
    Kind.INT: "#,##0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "dd/mm/yyyy",
    Kind.SCORE: "0.0",
}


def _value(value, kind: str):
    """A cell's value as a spreadsheet wants it: numbers as numbers, empty as empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == Kind.CHECK:
        return 1 if value else 0
    if kind == Kind.INT:
        return int(value)
    if kind in (Kind.PERCENT, Kind.SCORE):
        return float(value)
    if kind == Kind.DATE and isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, (int, float, datetime.date)) else str(value)


def _label(column) -> str:
    return str(column.title or column.label)


def filename(report_title: str, table: Table, extension: str) -> str:
    stem = slugify(f"{report_title} {table.title}", allow_unicode=False) or table.key
    return f"{stem}-{datetime.date.today():%Y%m%d}.{extension}"


def as_csv(table: Table, name: str) -> HttpResponse:
    """Shares are written as percentages with one decimal (45.5), as people read them."""

    def cell(value, kind):
        value = _value(value, kind)
        if kind == Kind.PERCENT and value is not None:
            return round(100 * value, 1)
        if kind == Kind.SCORE and value is not None:
            return round(value, 1)
        return "" if value is None else value

    header = [f"{_label(c)} (%)" if c.kind == Kind.PERCENT else _label(c) for c in table.columns]
    rows = ([cell(row[c.name], c.kind) for c in table.columns] for row in table.records())
    return csv_response(name, header, rows)


def as_xlsx(table: Table, name: str) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\[\]\*\?/\\:]", " ", str(table.title))[:31]
    sheet.append([_label(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.records():
        sheet.append([text_cell(_value(row[c.name], c.kind)) for c in table.columns])
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.kind]
        widest = max([len(_label(column))] + [len(str(c.value or "")) for c in sheet[letter]])
        sheet.column_dimensions[letter].width = min(60, widest + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
