"""The production settings, with static files served from the apps' folders (as in
development) so the two-servers test needs no collectstatic; nothing else differs."""

from cms.settings.production import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
