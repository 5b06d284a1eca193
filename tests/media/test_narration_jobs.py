"""Narration jobs never die silently: a job whose worker stopped is resumed where it stopped,
up to a limit, then marked failed; a worker never works on a job another one holds."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from media import services
from media.models import BlockNarration, NarrationClip, NarrationJob
from media.services import NarratableText

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """What a killed worker looks like from inside: nothing after it runs."""


def items(n):
    return [
        NarratableText(owner="page:1", block_id=f"b{i}", language="vi", text=f"Bước số {i}")
        for i in range(1, n + 1)
    ]


def kill_worker_after(monkeypatch, count):
    """The worker dies while narrating item ``count + 1``."""
    real, made = services.narrate_block, []

    def narrate(item):
        if len(made) == count:
            raise WorkerDied
        made.append(item)
        return real(item)

    monkeypatch.setattr(services, "narrate_block", narrate)


def age(job, seconds):
    """Pretend the job last made progress ``seconds`` ago."""
    NarrationJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_job_interrupted_after_ten_items_is_resumed_and_finishes_with_the_right_clips(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_JOB_STALE_SECONDS = 600
    job = services.create_job(label="Bài 1", items=items(13), user=None)
    kill_worker_after(monkeypatch, 10)
    with pytest.raises(WorkerDied):
        services.run_job(job)
    job.refresh_from_db()
    assert (job.status, job.done, job.position) == ("running", 10, 10)
    assert not job.is_interrupted  # still within its lease
    monkeypatch.undo()

    # Nothing happens while the lease is fresh, even if the task is run again.
    assert services.requeue_stale_jobs() == {"requeued": 0, "failed": 0}
    services.resume_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("running", 10)

    age(job, 601)
    job.refresh_from_db()
    assert job.is_interrupted
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_jobs() == {"requeued": 1, "failed": 0}
    job.refresh_from_db()
    assert (job.status, job.done, job.skipped, job.failed, job.percent) == ("done", 13, 0, 0, 100)
    assert job.interruptions == 1 and job.lease is None and job.finished_at
    assert NarrationClip.objects.count() == 13
    assert BlockNarration.objects.filter(tts_clip__isnull=False).count() == 13


def test_a_job_whose_worker_keeps_dying_is_failed_after_the_retry_limit(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_JOB_MAX_RETRIES = 2
    job = services.create_job(label="Bài 1", items=items(5), user=None)
    kill_worker_after(monkeypatch, 0)
    with pytest.raises(WorkerDied):
        services.run_job(job)
    for expected in (1, 2):
        age(job, 3600)
        with django_capture_on_commit_callbacks(execute=True):
            services.requeue_stale_jobs()  # the worker dies again (the task queue logs it)
        job.refresh_from_db()
        assert (job.status, job.interruptions) == ("running", expected)
    age(job, 3600)
    assert services.requeue_stale_jobs() == {"requeued": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at and job.interruptions == 3
    assert job.stop_reason == NarrationJob.StopReason.WORKER_LOST
    assert "3" in str(job.stop_message)


def test_a_job_waiting_in_the_queue_is_not_failed_for_waiting():
    job = services.create_job(label="Bài 1", items=items(2), user=None)
    age(job, 86400)
    assert services.requeue_stale_jobs() == {"requeued": 0, "failed": 0}
    job.refresh_from_db()
    assert job.status == "queued" and job.is_waiting_too_long


def test_an_unexpected_error_stops_the_job_and_says_why(monkeypatch):
    def broken(item):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "narrate_block", broken)
    job = services.create_job(label="Bài 1", items=items(2), user=None)
    with pytest.raises(RuntimeError):
        services.run_job(job)
    job.refresh_from_db()
    assert (job.status, job.stop_reason, job.lease) == (
        "failed",
        NarrationJob.StopReason.ERROR,
        None,
    )
    assert "disk full" in job.error


def test_a_worker_that_lost_its_lease_stops_without_touching_the_job(monkeypatch):
    job = services.create_job(label="Bài 1", items=items(3), user=None)
    real = services.narrate_block

    def narrate_then_lose_the_lease(item):
        # Another worker took the job over meanwhile (this one was thought dead).
        NarrationJob.objects.filter(pk=job.pk).update(lease=None, done=42)
        return real(item)

    monkeypatch.setattr(services, "narrate_block", narrate_then_lose_the_lease)
    services.run_job(job)
    job.refresh_from_db()
    assert (job.status, job.done) == ("running", 42)


def test_running_again_continues_an_interrupted_job_and_restarts_a_finished_one(
    django_capture_on_commit_callbacks,
):
    job = services.run_job(services.create_job(label="Bài 1", items=items(2), user=None))
    assert job.status == "done"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rerun_job(job=job)
    job.refresh_from_db()
    assert (job.status, job.done, job.skipped) == ("done", 0, 2)

    NarrationJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    job.refresh_from_db()
    assert not services.rerun_job(job=job)  # a worker holds it: nothing to run again


def test_the_command_requeues_stale_jobs(settings, django_capture_on_commit_callbacks):
    job = services.create_job(label="Bài 1", items=items(1), user=None)
    NarrationJob.objects.filter(pk=job.pk).update(status="running")
    age(job, 3600)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stale_jobs", stdout=out)
    assert "1" in out.getvalue()
    job.refresh_from_db()
    assert job.status == "done"
