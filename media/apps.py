from django.apps import AppConfig


class MediaConfig(AppConfig):
    # Narration and video (issue 4); uploaded files live in MEDIA_ROOT, not here.
    name = "media"
