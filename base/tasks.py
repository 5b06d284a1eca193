"""Queueing background work safely; every app enqueues through here."""

from django.db import transaction


def enqueue_on_commit(task, *args, priority: int | None = None, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one), so a
    worker never runs for data it cannot see yet, nor for data that was rolled back.

    ``priority`` applies where the backend orders by it (the database queue); RQ keeps one
    queue per worker in order instead. A queue that cannot be reached (Redis down) is logged
    by Django and does not fail the request: the records a task works from (narration jobs,
    pending renditions, the report's pending mark) let it be queued again.
    """
    if priority is not None and task.get_backend().supports_priority:
        task = task.using(priority=priority)
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)
