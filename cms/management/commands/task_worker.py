"""The database task queue's worker, made to run for months on a commune's server.

django-tasks-db's ``db_worker`` stops for good when the database is locked or the
connection drops outside the moment it picks a task, and a task whose worker died stays
"running" for ever. This command runs the same worker, but:

- waits and carries on after a database error (backing off up to a minute);
- at start, gives the tasks left "running" by a dead worker back to the queue (tasks are
  idempotent), up to ``TASK_MAX_TRIES`` tries each, after which they are marked failed;
- resumes narration jobs that lost their worker, at start and every few minutes
  (``media.services.requeue_stale_jobs``);
- never autoreloads (the reloader polls every file each second).

One such worker serves every queue of the embedded default; run only one per database.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from media.services import requeue_stale_jobs

logger = logging.getLogger("nhaso.tasks")

MAX_BACKOFF_SECONDS = 60
STALE_JOB_CHECK_SECONDS = 5 * 60


def recover_interrupted_tasks(*, backend_name: str) -> tuple[int, int]:
    """Tasks left running by a worker that is gone: queued again, or failed once they have
    been tried TASK_MAX_TRIES times. Returns (queued again, failed)."""
    requeued = failed = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.running().filter(backend_name=backend_name):
            tries = len(result.worker_ids)
            if tries >= settings.TASK_MAX_TRIES:
                result.set_failed(RuntimeError(f"Interrupted {tries} times; not tried again."))
                failed += 1
            else:
                result.status, result.started_at = TaskResultStatus.READY, None
                result.save(update_fields=["status", "started_at"])
                requeued += 1
    return requeued, failed


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        backoff = 1
        while self.running:
            try:
                super().run()
                return  # stopped by a signal, or a batch/max-tasks run is done
            except (OperationalError, InterfaceError) as error:
                logger.warning("Task worker: database error (%s); again in %d s", error, backoff)
                close_old_connections()
                time.sleep(backoff)
                backoff = min(2 * backoff, MAX_BACKOFF_SECONDS)


def resume_stale_jobs_every(seconds: float, stop: threading.Event) -> None:
    """In a thread of its own: a narration job whose worker died mid-way is found only once
    it has shown no progress for a while, so the check repeats."""
    while not stop.wait(seconds):
        try:
            outcome = requeue_stale_jobs()
            if any(outcome.values()):
                logger.warning("Task worker: stale narration jobs %s", outcome)
        except (OperationalError, InterfaceError) as error:
            logger.warning("Task worker: stale job check skipped (%s)", error)
        finally:
            close_old_connections()


class Command(db_worker.Command):
    help = "Run background tasks from the database queue; survives database errors."

    def handle(self, *, verbosity, queue_name, exclude_queues, backend_name, **options):
        self.configure_logging(verbosity)
        requeued, failed = recover_interrupted_tasks(backend_name=backend_name)
        if requeued or failed:
            logger.warning(
                "Task worker: %d interrupted task(s) queued again, %d failed after %d tries",
                requeued,
                failed,
                settings.TASK_MAX_TRIES,
            )
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            backend_name=backend_name,
            interval=options["interval"],
            batch=options["batch"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        requeue_stale_jobs()
        stop = threading.Event()
        threading.Thread(
            target=resume_stale_jobs_every, args=(STALE_JOB_CHECK_SECONDS, stop), daemon=True
        ).start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()
