"""seed_demo gives every step (and practice screen) that shows a screen its drawn picture, with
a description and the tap marker, and running it again (``make run`` does, at every start)
changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from demo import catalogue
from lessons.blocks import pictures_in
from lessons.models import LessonPage

pytestmark = pytest.mark.django_db
# What a 360 px phone downloads of lessons/blocks/steps.html's {% picture %}.
PHONE_RENDITION = "width-360|format-webp|webpquality-75"
PICTURE_BUDGET = 25 * 1024


def seed():
    call_command("seed_demo", "--no-narration", verbosity=0)


def lesson_pages():
    """(catalogue lesson, its Vietnamese page), for every lesson of the catalogue."""
    for course in catalogue.courses():
        for lesson in course.lessons:
            page = LessonPage.objects.get(
                locale__language_code="vi", slug=lesson.slug, url_path__contains=f"/{course.slug}/"
            )
            yield lesson, page


def stored_ids(page) -> list:
    """The ids of the page's blocks and of its steps, which narration refers to."""
    return [
        (block.id, [step.id for step in block.value["steps"].bound_blocks])
        if block.block_type == "steps"
        else block.id
        for block in page.body
    ]


def test_seeding_again_keeps_the_pictures_and_every_block_id():
    seed()
    images = list(get_image_model().objects.order_by("pk").values_list("pk", "file"))
    before = {page.pk: stored_ids(page) for _, page in lesson_pages()}
    seed()
    assert list(get_image_model().objects.order_by("pk").values_list("pk", "file")) == images
    assert {page.pk: stored_ids(page) for _, page in lesson_pages()} == before
    assert len(images) == sum(len(lesson.screens) for lesson, _ in lesson_pages())


def test_every_step_with_a_screen_has_its_picture_description_and_marker_light_enough():
    seed()
    for lesson, page in lesson_pages():
        steps = [place for place in lesson.screens if not place.practice]
        assert len(pictures_in(page.body)) == len(steps), lesson.slug
        for place in lesson.screens:
            step = page.body[place.block].value[place.items][place.step]
            where = f"{lesson.slug}, {place.items} {place.step + 1}"
            assert step["screenshot"] is not None, where
            assert step["screenshot_alt"].strip(), where
            assert step["screenshot"].collection.name == "Demo"
            if place.screen["tap"]:
                assert 0 < step["marker"]["x"] < 100 and 0 < step["marker"]["y"] < 100, where
            else:
                assert step["marker"]["x"] is None, where
            rendition = step["screenshot"].get_rendition(PHONE_RENDITION)
            assert rendition.width == 360
            assert rendition.file.size <= PICTURE_BUDGET, (where, rendition.file.size)
