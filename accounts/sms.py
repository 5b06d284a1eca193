"""Pluggable SMS senders, chosen by settings.SMS_BACKEND.

A production gateway is one more class with a ``send(phone, message)`` method.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("nhaso.sms")


class SMSBackend(Protocol):
    def send(self, phone: str, message: str) -> None: ...


class ConsoleSMSBackend:
    """Development: writes each message to the log and the console instead of sending it."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)
        print(f"[SMS to {phone}] {message}", flush=True)


# Messages "sent" by LocmemSMSBackend, like django.core.mail.outbox.
outbox: list[dict[str, str]] = []


class LocmemSMSBackend:
    """Tests: keeps messages in ``outbox``."""

    def send(self, phone: str, message: str) -> None:
        outbox.append({"phone": phone, "message": message})


def send_sms(*, phone: str, message: str) -> None:
    backend: SMSBackend = import_string(settings.SMS_BACKEND)()
    backend.send(phone, message)
