from wagtail.signals import page_published

from base.tasks import enqueue_on_commit
from media.models import VideoRendition
from media.tasks import make_low_bandwidth_video

from .models import LessonPage


def video_documents(page: LessonPage) -> list:
    return [
        block.value["video"]
        for block in page.body
        if block.block_type == "video" and block.value["video"]
    ]


def queue_small_videos(sender, instance, **kwargs):
    """A published lesson's videos get their low-bandwidth copy in the background."""
    ready = set(
        VideoRendition.objects.filter(status=VideoRendition.Status.READY).values_list(
            "document_id", flat=True
        )
    )
    for document in video_documents(instance):
        if document.pk not in ready:
            enqueue_on_commit(make_low_bandwidth_video, document.pk)


page_published.connect(queue_small_videos, sender=LessonPage)
