"""What follows a lesson's publication or deletion, connected in LessonsConfig.ready()."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published

from base.tasks import enqueue_on_commit
from media.models import VideoRendition
from media.services import forget_narration
from media.tasks import make_low_bandwidth_video

from .models import LessonPage
from .narration import page_owner
from .selectors import video_documents


def queue_small_videos(sender, instance, **kwargs):
    """A published lesson's videos get their low-bandwidth copy in the background."""
    ready = set(
        VideoRendition.objects.filter(status=VideoRendition.Status.READY).values_list(
            "document_id", flat=True
        )
    )
    for document in video_documents(lesson=instance):
        if document.pk not in ready:
            enqueue_on_commit(make_low_bandwidth_video, document.pk)


def forget_deleted_lesson_narration(sender, instance, **kwargs):
    """A deleted lesson's narration rows go with it, however it was deleted (the admin, a
    whole course or subtree, the shell): post_delete is sent for every one of them."""
    forget_narration(owner=page_owner(instance.pk))


def register_signal_handlers():
    page_published.connect(queue_small_videos, sender=LessonPage)
    post_delete.connect(forget_deleted_lesson_narration, sender=LessonPage)
