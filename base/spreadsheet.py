"""CSV downloads that officials open in Excel."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# Excel runs a cell starting with these as a formula; a name typed as "=HYPERLINK(…)" in an
# imported list must come back as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([text_cell(value) for value in row] for row in rows)
    return response
