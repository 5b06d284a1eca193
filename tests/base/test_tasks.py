"""Tasks are queued only once the data they work from is committed."""

import pytest
from django.db import transaction
from django_tasks import default_task_backend

from base.tasks import enqueue_on_commit
from tests.cms import worker_tasks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "reports"],
        }
    }
    default_task_backend.clear()
    return default_task_backend


def test_a_rolled_back_transaction_queues_nothing(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(worker_tasks.note, 1)
        raise RuntimeError("the request failed after queueing")
    assert queue.results == []


def test_a_task_is_queued_when_the_transaction_commits(queue):
    with transaction.atomic():
        enqueue_on_commit(worker_tasks.note, 2)
        assert queue.results == []  # a worker could not see the data yet
    assert [r.args for r in queue.results] == [[2]]


def test_priority_where_the_queue_orders_by_it(queue):
    enqueue_on_commit(worker_tasks.note, 3, priority=50)
    assert queue.results[0].task.priority == 50


def test_an_unreachable_queue_does_not_fail_the_request(queue, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(type(worker_tasks.note), "enqueue", unreachable)
    with transaction.atomic():
        enqueue_on_commit(worker_tasks.note, 4)  # logged by Django, not raised
    assert queue.results == []
