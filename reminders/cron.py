"""RQ cron configuration (rq >= 2.5): queue the day's reminders every morning.

    TZ=Asia/Ho_Chi_Minh .venv/bin/rq cron reminders.cron --url "$REDIS_URL"  # queues it
    DJANGO_SETTINGS_MODULE=cms.settings.production \
        .venv/bin/rq worker reminders --url "$REDIS_URL"         # runs it

Its own queue and a plain worker: the site's worker (``rqworker --job-class
django_tasks_rq.Job``) runs django-tasks tasks only and refuses a plain function. The
scheduler loads no Django: the schedule is in its process's time zone, hence ``TZ``. 08:00:
people read an SMS in the morning, not at night.
"""

from rq import cron

from reminders.jobs import send_daily_reminders

QUEUE = "reminders"

cron.register(
    send_daily_reminders,
    queue_name=QUEUE,
    cron="0 8 * * *",
    job_timeout=30 * 60,
    name="reminders.send_daily",
)
