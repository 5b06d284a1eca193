from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The site itself: settings, URLs, base templates, the home page and the offline shell."""

    name = "cms"
    verbose_name = "Nhà Số"
