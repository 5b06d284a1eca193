"""The task worker of the embedded default keeps going: a locked or dropped database does
not stop it, and a task whose worker died is run again (a few times at most)."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.management.commands.task_worker import recover_interrupted_tasks
from tests.cms import worker_tasks

DB_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}
}


@pytest.fixture
def database_queue(settings, transactional_db):
    settings.TASKS = DB_QUEUE
    worker_tasks.ran.clear()


def test_a_task_whose_worker_died_runs_again_a_few_times_at_most(database_queue, settings):
    settings.TASK_MAX_TRIES = 3
    for n, tries in [(1, 1), (2, 3)]:
        result = worker_tasks.note.enqueue(n)
        DBTaskResult.objects.filter(id=result.id).update(
            status=TaskResultStatus.RUNNING, worker_ids=["dead"] * tries
        )
    assert recover_interrupted_tasks(backend_name="default") == (1, 1)
    call_command("task_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "-v", "0")
    assert worker_tasks.ran == [1]
    statuses = dict(DBTaskResult.objects.values_list("args_kwargs__args__0", "status"))
    assert statuses == {1: "SUCCESSFUL", 2: "FAILED"}


def test_the_worker_carries_on_after_a_database_error(database_queue, monkeypatch):
    worker_tasks.note.enqueue(7)
    real_ready = type(DBTaskResult.objects.all()).ready
    failures = iter([OperationalError("database is locked"), OperationalError("disk I/O")])

    def flaky_ready(queryset):
        error = next(failures, None)
        if error:
            raise error
        return real_ready(queryset)

    monkeypatch.setattr(type(DBTaskResult.objects.all()), "ready", flaky_ready)
    monkeypatch.setattr("cms.management.commands.task_worker.time.sleep", lambda s: None)
    call_command("task_worker", "--batch", "--no-startup-delay", "--queue-name", "*", "-v", "0")
    assert worker_tasks.ran == [7]
