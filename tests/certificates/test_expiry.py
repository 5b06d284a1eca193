"""Refresher certificates expire after the course's months, counted on the calendar."""

import datetime
from types import SimpleNamespace

import pytest

from certificates.models import Certificate
from certificates.services import add_months, expiry_for

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # a leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 5, 31), 12, D(2027, 5, 31)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 2, 28), 24, D(2028, 2, 28)),
        (D(2026, 7, 10), 120, D(2036, 7, 10)),
    ],
)
def test_months_are_added_on_the_calendar_and_the_31st_becomes_the_months_last_day(
    day, months, expected
):
    assert add_months(day, months) == expected


def test_a_course_without_months_gives_certificates_that_never_expire():
    assert expiry_for(SimpleNamespace(certificate_valid_months=None), D(2026, 1, 31)) is None
    assert expiry_for(SimpleNamespace(certificate_valid_months=6), D(2026, 8, 31)) == D(2027, 2, 28)


def test_a_certificate_is_valid_through_its_last_day_then_expired_and_revoked_wins():
    certificate = Certificate(issued_on=D(2026, 1, 1), expires_on=D(2026, 7, 1))
    assert certificate.status_on(D(2026, 7, 1)) == "valid"
    assert certificate.status_on(D(2026, 7, 2)) == "expired"
    certificate.revoked_at = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    assert certificate.status_on(D(2026, 2, 1)) == "revoked"
    assert Certificate(issued_on=D(2020, 1, 1)).status_on(D(2099, 1, 1)) == "valid"
