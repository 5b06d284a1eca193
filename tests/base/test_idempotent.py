"""record_once: the one place where a re-sent submission becomes the first one's record."""

from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from base.idempotent import record_once
from lessons.models import LessonProgress
from tests.factories import learner

pytestmark = pytest.mark.django_db


def progress_of(person, lesson, client_id):
    return lambda: LessonProgress.objects.create(
        client_id=client_id, user=person, lesson=lesson, lesson_key=lesson.translation_key
    )


def test_a_second_delivery_gets_the_first_record_and_makes_nothing(lessons):
    person, client_id = learner(), uuid4()
    same = lambda earlier: earlier.user_id == person.pk  # noqa: E731
    first = record_once(
        LessonProgress,
        client_id=client_id,
        create=progress_of(person, lessons[0], client_id),
        same_submission=same,
    )
    again = record_once(
        LessonProgress,
        client_id=client_id,
        create=progress_of(person, lessons[0], client_id),
        same_submission=same,
    )
    assert first == (again[0], True) and again[1] is False
    assert LessonProgress.objects.count() == 1


def test_an_id_reused_for_another_learner_is_refused(lessons):
    owner, other, client_id = learner(), learner(), uuid4()
    LessonProgress.objects.create(
        client_id=client_id, user=owner, lesson=lessons[0], lesson_key=lessons[0].translation_key
    )
    with pytest.raises(ValidationError):
        record_once(
            LessonProgress,
            client_id=client_id,
            create=progress_of(other, lessons[0], client_id),
            same_submission=lambda earlier: earlier.user_id == other.pk,
        )
    assert LessonProgress.objects.get().user == owner


def test_the_delivery_that_loses_a_race_returns_the_winners_record(lessons, monkeypatch):
    person, client_id = learner(), uuid4()
    winner = LessonProgress.objects.create(
        client_id=client_id, user=person, lesson=lessons[0], lesson_key=lessons[0].translation_key
    )
    # The loser looked before the winner committed: its first lookup found nothing.
    real_first, looked = QuerySet.first, []

    def first_missing_once(queryset):
        if not looked:
            looked.append(True)
            return None
        return real_first(queryset)

    monkeypatch.setattr(QuerySet, "first", first_missing_once)
    record, created = record_once(
        LessonProgress,
        client_id=client_id,
        create=progress_of(person, lessons[0], client_id),
        same_submission=lambda earlier: earlier.user_id == person.pk,
    )
    assert (record, created) == (winner, False)
    assert LessonProgress.objects.count() == 1


def test_a_refused_submission_leaves_nothing_half_written(lessons):
    person, client_id = learner(), uuid4()

    def create_then_refuse():
        progress_of(person, lessons[0], client_id)()
        raise ValidationError("refused")

    with pytest.raises(ValidationError):
        record_once(
            LessonProgress,
            client_id=client_id,
            create=create_then_refuse,
            same_submission=lambda earlier: True,
        )
    assert not LessonProgress.objects.exists()
