from django.contrib.auth import get_user_model
from django_tasks import task

from places.models import Commune

from .importing import run_import_job


@task()
def write_household_import(token: str, digest: str, commune_id: int, user_id: int | None) -> None:
    """Write a confirmed large import, all or nothing; the import page follows it. Safe to
    run twice: the preview is taken from the cache once, the second run finds it finished."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    run_import_job(
        token=token, digest=digest, commune=Commune.objects.get(pk=commune_id), user=user
    )
