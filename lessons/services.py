from uuid import UUID

from base.idempotent import record_once
from courses.services import enrol

from .models import LessonPage, LessonProgress


def record_progress(*, user, lesson: LessonPage, client_id: UUID) -> tuple[LessonProgress, bool]:
    """Record that ``user`` finished ``lesson``; enrols them in its course if needed.

    Idempotent by ``client_id``: sending the same id again returns the first record and
    ``False``. Reusing an id for another learner or lesson is refused.
    """

    def create() -> LessonProgress:
        enrol(user=user, course=lesson.get_parent().specific)
        return LessonProgress.objects.create(
            client_id=client_id, user=user, lesson=lesson, lesson_key=lesson.translation_key
        )

    return record_once(
        LessonProgress,
        client_id=client_id,
        create=create,
        same_submission=lambda earlier: (
            earlier.user_id == user.pk and earlier.lesson_key == lesson.translation_key
        ),
    )
