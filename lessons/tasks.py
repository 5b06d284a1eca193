from django_tasks import task


@task()
def render_lesson_videos(lesson_id: int, force: bool = False) -> None:
    """Make the lesson's missing or stale videos. Safe to queue often: it checks what is
    complete and fresh first, and a video another run is making is left to it."""
    from .models import LessonPage
    from .services import render_lesson_videos as render

    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is not None:
        render(lesson=lesson, force=force)


@task()
def render_lesson_video(lesson_id: int, language: str, force: bool = False) -> None:
    """One language's video of the lesson (the editor's "render again")."""
    from .models import LessonPage
    from .services import render_lesson_video as render

    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is not None:
        render(lesson=lesson, language=language, force=force)
