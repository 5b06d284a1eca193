from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.services import enrol

from .models import LessonPage, LessonProgress


def record_progress(*, user, lesson: LessonPage, client_id: UUID) -> tuple[LessonProgress, bool]:
    """Record that ``user`` finished ``lesson``; enrols them in its course if needed.

    Idempotent by ``client_id``: sending the same id again returns the first record and
    ``False``. Reusing an id for another learner or lesson is refused.
    """
    existing = LessonProgress.objects.filter(client_id=client_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                enrol(user=user, course=lesson.get_parent().specific)
                return (
                    LessonProgress.objects.create(
                        client_id=client_id,
                        user=user,
                        lesson=lesson,
                        lesson_key=lesson.translation_key,
                    ),
                    True,
                )
        except IntegrityError:
            # A retry raced the first request; the first one won.
            existing = LessonProgress.objects.get(client_id=client_id)
    if existing.user_id != user.pk or existing.lesson_key != lesson.translation_key:
        raise ValidationError(_("This request id was already used for something else."))
    return existing, False
