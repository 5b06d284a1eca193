from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import narration_admin
from .models import LessonPage
from .selectors import lesson_placing_activity


@hooks.register("register_admin_urls")
def narration_urls():
    return [
        path(
            "narration/lessons/<int:page_id>/",
            narration_admin.lesson_narration,
            name="lesson_narration",
        ),
        path(
            "narration/lessons/<int:page_id>/generate/",
            narration_admin.generate,
            name="lesson_narration_generate",
        ),
        path(
            "narration/lessons/<int:page_id>/record/<str:block_id>/",
            narration_admin.record,
            name="lesson_narration_record",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def narration_button(page, user, next_url=None):
    if (
        isinstance(page.specific_deferred, LessonPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("Narration"),
            reverse("lesson_narration", args=[page.pk]),
            icon_name="media",
            priority=60,
        )


@hooks.register("h5p_activity_placed_for")
def placed_in_a_lesson_the_user_can_see(*, request, activity) -> bool:
    return lesson_placing_activity(request=request, activity=activity) is not None
