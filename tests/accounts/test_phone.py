import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.phone import normalize_phone


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "091.234.5678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
    ],
)
def test_numbers_as_people_type_them_become_e164(typed):
    assert normalize_phone(typed) == "+84912345678"


@pytest.mark.parametrize("typed", ["12345", "0912", "abc", "09123456789012", ""])
def test_wrong_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_the_error_is_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        normalize_phone("12345")
    assert "Số điện thoại chưa đúng" in error.value.messages[0]
