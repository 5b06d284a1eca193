"""What follows a deletion of quiz content, however it was deleted (admin, bulk, shell)."""

import shutil

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from media.services import forget_narration

from .h5p.store import content_dir
from .models import H5PActivity, Quiz
from .narration import narration_owner


@receiver(post_delete, sender=Quiz)
def forget_deleted_quiz_narration(sender, instance, **kwargs):
    """A deleted quiz's narration rows go with it, however it was deleted."""
    forget_narration(owner=narration_owner(instance))


@receiver(post_delete, sender=H5PActivity)
def remove_deleted_activity_files(sender, instance, **kwargs):
    """A deleted activity's extracted content leaves the disk, once the deletion is committed
    (a rolled-back deletion keeps its files). Libraries stay: other activities share them."""
    folder = content_dir(instance)
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
