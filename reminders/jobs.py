"""The daily job RQ's cron scheduler queues (reminders/cron.py). Imports nothing of Django
at module level: the scheduler process imports this module without Django, and a plain
``rq worker`` runs it, so it sets Django up itself when needed."""

import os


def send_daily_reminders() -> dict:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
        django.setup()
    from django.db import close_old_connections

    from reminders.services import send_reminders

    close_old_connections()
    try:
        return send_reminders()
    finally:
        close_old_connections()
