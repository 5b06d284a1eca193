from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site a newcomer gets from ``make run``: courses, lessons, quizzes, a commune's
    households and an account for every role, loaded by ``manage.py seed_demo``."""

    name = "demo"
    verbose_name = "Nhà Số demo"
