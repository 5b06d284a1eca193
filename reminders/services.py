"""Sending reminders, closing them, and turning them off or on.

``send_reminders`` is run once a day by the system (``manage.py send_reminders``: cron, a
systemd timer or RQ's cron scheduler, see README). Running it twice sends nothing the second
time: whoever got a reminder in the last 7 days is not due, and the ``(user, week)``
constraint stops a second one in the same week even when two runs overlap.
"""

import datetime
import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from accounts.sms import send_sms

from . import selectors
from .models import OptOut, Reminder

logger = logging.getLogger("nhaso.reminders")


def week_of(now: datetime.datetime) -> datetime.date:
    """The Monday of ``now``'s week, in the site's time zone."""
    day = timezone.localdate(now)
    return day - datetime.timedelta(days=day.weekday())


def message_for(due: selectors.Due) -> str:
    """The reminder's text in the current language: short, it is also the SMS."""
    if due.kind == Reminder.Kind.CERTIFICATE_EXPIRES:
        return _(
            "Nhà Số: your certificate “%(course)s” expires on %(date)s. You need to learn it again."
        ) % {"course": due.args["course"], "date": dateformat.format(due.args["date"], "d/m/Y")}
    if due.kind == Reminder.Kind.COME_BACK:
        return _("Nhà Số: you have not learned for a week. Continue “%(course)s”.") % due.args
    return _("Nhà Số: household %(household)s is waiting for the commune to approve you.") % (
        due.args
    )


def opt_out_address(language: str) -> str:
    """Where an SMS's reader turns reminders off: the public site's address of the page."""
    with translation.override(language):
        path = reverse("reminders:opt_out")
    site = settings.WAGTAILADMIN_BASE_URL.removeprefix("https://").removeprefix("http://")
    return site.rstrip("/") + path


def sms_text(reminder: Reminder, language: str) -> str:
    with translation.override(language):
        return _("%(message)s Stop reminders: %(address)s") % {
            "message": reminder.message,
            "address": opt_out_address(language),
        }


def send_reminders(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict:
    """Send every reminder due at ``now`` (see ``selectors.due_reminders``): each person in
    a transaction of their own; the SMS leaves after it commits, only to a verified number.
    Returns counts: one per kind, ``sent``, ``sms`` and ``skipped`` (someone else sent it
    first). ``dry_run`` counts who is due and writes and sends nothing."""
    now = now or timezone.now()
    counts: Counter = Counter({kind.value: 0 for kind in Reminder.Kind})
    counts.update(sent=0, sms=0, skipped=0, failed=0)
    for due in selectors.due_reminders(now=now):
        if dry_run:
            counts[due.kind] += 1
            continue
        try:
            with transaction.atomic():
                reminder = _record(due, now=now)
        except IntegrityError:
            reminder = None
        except Exception:
            # One person's failure (a broken translation, say) must not stop everyone after.
            logger.exception("reminder to user %s not sent", due.user.pk)
            counts["failed"] += 1
            continue
        if reminder is None:
            counts["skipped"] += 1
            continue
        counts[due.kind] += 1
        counts["sent"] += 1
        if _may_text(due.user):
            counts["sms"] += 1
    return dict(counts)


def _may_text(user) -> bool:
    # Only a number its owner verified: a typo must not send our SMS to a stranger.
    return bool(user.phone and user.phone_verified)


def _record(due: selectors.Due, *, now) -> Reminder | None:
    user = due.user
    # Checked again inside the transaction: another run may have sent one since we looked.
    recent = Reminder.objects.filter(user=user, sent_at__gt=now - selectors.REMIND_EVERY)
    if recent.exists() or OptOut.objects.filter(user=user).exists():
        return None
    with translation.override(user.preferred_language):
        message = message_for(due)
    reminder = Reminder.objects.create(
        user=user,
        kind=due.kind,
        subject=due.subject,
        message=message[:300],
        link=due.link[:300],
        week=week_of(now),
        sent_at=now,
    )
    logger.info("reminder %s to user %s: %s (%s)", reminder.pk, user.pk, due.kind, due.subject)
    if _may_text(user):
        phone, language = str(user.phone), user.preferred_language
        transaction.on_commit(lambda: _text(reminder, phone=phone, language=language))
    return reminder


def _text(reminder: Reminder, *, phone: str, language: str) -> None:
    try:
        send_sms(phone=phone, message=sms_text(reminder, language))
    except Exception:
        # The reminder stays in the app; the SMS is not retried (sms_sent stays false).
        logger.exception("reminder %s: SMS not sent", reminder.pk)
        return
    Reminder.objects.filter(pk=reminder.pk).update(sms_sent=True)


def close(*, reminder: Reminder, user) -> Reminder:
    """``user`` closes their own reminder's notice (PermissionDenied for anyone else's).
    Closing twice keeps the first time."""
    if reminder.user_id != user.pk:
        raise PermissionDenied
    if reminder.closed_at is None:
        reminder.closed_at = timezone.now()
        Reminder.objects.filter(pk=reminder.pk, closed_at__isnull=True).update(
            closed_at=reminder.closed_at
        )
    return reminder


@transaction.atomic
def opt_out(*, user) -> OptOut:
    """No more reminders for ``user``, in the app or by SMS; their open notice closes."""
    choice, _created = OptOut.objects.get_or_create(user=user)
    Reminder.objects.filter(user=user, closed_at__isnull=True).update(closed_at=timezone.now())
    logger.info("user %s turned reminders off", user.pk)
    return choice


def opt_in(*, user) -> None:
    """Reminders again for ``user``."""
    OptOut.objects.filter(user=user).delete()
    logger.info("user %s turned reminders on", user.pk)
