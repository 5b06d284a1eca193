"""Vietnamese phone numbers: what people type (09.., 84.., +84..) becomes E.164."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE_MESSAGE = _(
    "Enter a valid phone number, for example 0912 345 678 or +84 912 345 678."
)


def normalize_phone(raw: str) -> str:
    """Return the number in E.164 (+84...), reading numbers without a country code as Vietnamese.

    Raises ValidationError with a translated message when it is not a valid number.
    """
    try:
        number = phonenumbers.parse(str(raw).strip(), "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A form field that accepts a number as people write it and cleans it to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": "0912 345 678",
                }
            ),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value
