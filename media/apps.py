from django.apps import AppConfig


class MediaConfig(AppConfig):
    # Narration and video (issue 4); uploaded files live in MEDIA_ROOT, not here.
    name = "media"

    def ready(self):
        from base import page_cache

        from .models import BlockNarration, VideoRendition

        # Lesson pages show narration and small videos made after publishing.
        page_cache.invalidate_when_saved(BlockNarration, VideoRendition)
