"""The editor's narration page tells a job that failed or was interrupted from one that is
working, stops reloading when nothing works, and runs a job again on request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.narration import lesson_items
from media import services
from media.models import NarrationJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RELOAD = '<meta http-equiv="refresh"'


@pytest.fixture
def editor(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def page(client, lesson) -> str:
    return client.get(reverse("lesson_narration", args=[lesson.pk])).content.decode()


def job_for(lesson, editor, **state) -> NarrationJob:
    job = services.create_job(label="Bài 1", items=lesson_items(lesson), user=editor)
    NarrationJob.objects.filter(pk=job.pk).update(**state)
    job.refresh_from_db()
    return job


def test_a_job_at_work_reloads_the_page(client, editor, lessons):
    job_for(lessons[0], editor, status="running", done=1, heartbeat_at=timezone.now())
    html = page(client, lessons[0])
    assert RELOAD in html
    assert 'data-testid="rerun-job"' not in html


def test_an_interrupted_job_is_shown_as_such_and_the_page_stops_reloading(client, editor, lessons):
    long_ago = timezone.now() - timedelta(hours=2)
    job_for(lessons[0], editor, status="running", done=1, position=1, heartbeat_at=long_ago)
    html = page(client, lessons[0])
    assert RELOAD not in html
    assert 'data-testid="job-interrupted"' in html
    assert 'data-testid="rerun-job"' in html


def test_a_job_past_its_retry_limit_is_shown_failed_with_the_reason(
    client, editor, lessons, settings
):
    settings.NARRATION_JOB_MAX_RETRIES = 1
    long_ago = timezone.now() - timedelta(hours=2)
    job = job_for(lessons[0], editor, status="running", interruptions=1, heartbeat_at=long_ago)
    services.requeue_stale_jobs()
    job.refresh_from_db()
    html = page(client, lessons[0])
    assert RELOAD not in html
    assert 'data-testid="job-failed"' in html
    assert str(job.stop_message) in html
    assert 'data-testid="rerun-job"' in html


def test_a_failed_item_shows_its_error(client, editor, lessons):
    errors = [{"block": "title", "language": "vi", "error": "gtts: connection refused"}]
    job_for(lessons[0], editor, status="failed", failed=1, errors=errors)
    html = page(client, lessons[0])
    assert "gtts: connection refused" in html
    assert 'data-testid="rerun-job"' in html


def test_the_rerun_button_queues_the_job_again_and_it_finishes(
    client, editor, lessons, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(hours=2)
    job = job_for(lessons[0], editor, status="running", heartbeat_at=long_ago)
    url = reverse("lesson_narration_rerun", args=[lessons[0].pk, job.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url)
    assert response.status_code == 302
    assert len(callbacks) == 1  # queued once the request's transaction commits
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert page(client, lessons[0]).count("espeak-ng ·") == 3


def test_nobody_runs_another_editors_job_again(client, editor, lessons):
    other = UserFactory(is_superuser=True, is_staff=True)
    job = job_for(lessons[0], other, status="failed")
    response = client.post(reverse("lesson_narration_rerun", args=[lessons[0].pk, job.pk]))
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == "failed"
