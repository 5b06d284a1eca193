from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"

    def ready(self):
        from . import signal_handlers  # noqa: F401  (cleans up after deleted quizzes and activities)
