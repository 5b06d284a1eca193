import datetime
import math

from django import template
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from analytics import charts
from analytics.tables import Kind

register = template.Library()


@register.filter
def cell(row: dict, column):
    """One table cell, formatted for people in the current language."""
    value = row.get(column.name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if column.kind == Kind.CHECK:
            return ""
        return format_html('<span class="meta">{}</span>', column.missing)
    if column.kind == Kind.CHECK:
        return format_html('✓<span class="visually-hidden"> {}</span>', _("done")) if value else ""
    if column.kind == Kind.INT:
        return number_format(int(value), force_grouping=True)
    if column.kind == Kind.PERCENT:
        return f"{number_format(round(100 * float(value)))}%"
    if column.kind == Kind.SCORE:
        return number_format(round(float(value), 1), decimal_pos=1)
    if column.kind == Kind.DATE and isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.filter
def is_number(column) -> bool:
    return column.kind in (Kind.INT, Kind.PERCENT, Kind.SCORE)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.filter
def figure(value):
    """A headline figure: counts with thousands grouped, "–" for none, anything else as it is."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):  # a score out of 100, one decimal ("43,8" in Vietnamese)
        return number_format(round(value, 1), decimal_pos=1)
    return number_format(value, force_grouping=True) if isinstance(value, int) else value


@register.filter
def plain(value) -> str:
    """A number for markup (value, data-*): never localised (see analytics.charts.plain)."""
    return "" if value is None or value != value else charts.plain(value)
