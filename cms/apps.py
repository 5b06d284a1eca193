from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Nhà Số"

    def ready(self):
        from . import page_cache

        page_cache.connect()
