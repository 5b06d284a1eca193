from django.apps import AppConfig


class BaseConfig(AppConfig):
    """Shared infrastructure every app may use; it imports no domain app."""

    name = "base"
    verbose_name = "Nhà Số base"

    def ready(self):
        from . import page_cache

        page_cache.connect()
