from django_tasks import task

from .models import NarrationJob
from .services import make_video_rendition, run_job


@task()
def generate_narration(job_id: int) -> None:
    """Background narration; safe to run twice (fresh blocks are skipped)."""
    run_job(NarrationJob.objects.get(pk=job_id))


@task()
def make_low_bandwidth_video(document_id: int) -> None:
    """Idempotent: a ready rendition is kept, a failed one is tried again."""
    from wagtail.documents import get_document_model

    make_video_rendition(get_document_model().objects.get(pk=document_id))
