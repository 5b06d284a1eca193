from django import template
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException

register = template.Library()


@register.filter
def as_typed(phone) -> str:
    """A phone number the way people here write it ("0912 345 678"), not as +84…."""
    try:
        return PhoneNumber.from_string(str(phone)).as_national
    except NumberParseException:  # not a number we can read: show it as it is
        return str(phone)
