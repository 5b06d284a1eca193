"""What follows a lesson's publication or deletion, connected in LessonsConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published

from base import page_cache
from base.tasks import enqueue_on_commit
from media.models import BlockNarration, VideoRendition
from media.services import forget_narration
from media.tasks import make_low_bandwidth_video

from .models import LessonPage, LessonVideo
from .narration import narration_source, page_owner
from .selectors import lessons_showing_image, video_documents
from .tasks import render_lesson_videos
from .videos import videos_enabled


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


def queue_lesson_videos(lesson_id: int) -> None:
    """The lesson's videos are checked after the commit, and made if complete and stale."""
    if videos_enabled():
        enqueue_on_commit(render_lesson_videos, lesson_id)


def videos_follow_publication(sender, instance, **kwargs):
    queue_lesson_videos(narration_source(instance).pk)


def videos_follow_narration(sender, instance, raw=False, **kwargs):
    """Each narrated block queues a check; until the lesson is complete in that language the
    check does nothing, and the last block's makes the video."""
    kind, _colon, page_id = instance.owner.partition(":")
    if not raw and kind == "page" and page_id.isdigit():
        queue_lesson_videos(int(page_id))


def videos_follow_pictures(sender, instance, raw=False, update_fields=None, **kwargs):
    """A picture's file replaced: the live lessons showing it are made again."""
    if raw or not videos_enabled() or (update_fields and "file" not in update_fields):
        return
    for lesson in lessons_showing_image(image=instance):
        queue_lesson_videos(narration_source(lesson).pk)


def register_signal_handlers():
    page_published.connect(queue_small_videos, sender=LessonPage)
    post_delete.connect(forget_deleted_lesson_narration, sender=LessonPage)
    page_published.connect(videos_follow_publication, sender=LessonPage)
    post_save.connect(videos_follow_narration, sender=BlockNarration)
    post_save.connect(videos_follow_pictures, sender=get_image_model())
    # A video made (or failed) after publishing changes the public lesson page.
    page_cache.invalidate_when_saved(LessonVideo)
