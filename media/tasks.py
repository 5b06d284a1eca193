from django_tasks import task

from .services import make_video_rendition, resume_job


@task()
def generate_narration(job_id: int) -> None:
    """Background narration of a queued job, from where it stopped. Safe to run twice: only
    one run claims the job, and fresh blocks are skipped."""
    resume_job(job_id)


@task()
def make_low_bandwidth_video(document_id: int) -> None:
    """Idempotent: a ready rendition is kept, a failed one is tried again."""
    from wagtail.documents import get_document_model

    make_video_rendition(get_document_model().objects.get(pk=document_id))
