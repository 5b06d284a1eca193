from django_tasks import task

from .models import NarrationJob
from .services import run_job


@task()
def generate_narration(job_id: int) -> None:
    """Background narration; safe to run twice (fresh blocks are skipped)."""
    run_job(NarrationJob.objects.get(pk=job_id))
