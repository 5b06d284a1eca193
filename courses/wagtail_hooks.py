"""Deleting pages from the admin never erases who learnt a course (issue 14): a page whose
subtree holds a course with enrolments or cohorts is refused, with unpublishing offered.
The database refuses too (``on_delete=PROTECT``); this is the editor's explanation."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from .models import CoursePage


def in_subtrees(pages) -> Q:
    """The pages and everything below them (Wagtail's tree paths nest); ``pages`` not empty."""
    return reduce(or_, (Q(path__startswith=page.path) for page in pages))


def courses_with_learners(pages) -> list[CoursePage]:
    """Courses in or below ``pages`` that learners are enrolled in, cohorts learn or
    certificates name (issued to people witnessed without an account, too)."""
    return list(
        CoursePage.objects.filter(in_subtrees(pages))
        .filter(
            Q(enrollments__isnull=False) | Q(cohorts__isnull=False) | Q(certificates__isnull=False)
        )
        .distinct()
        .order_by("path")
    )


def refuse_page_deletion(request, page, message):
    """Answer a refused deletion: the reason, a button to unpublish a live page instead, and
    back where the editor came from."""
    buttons = []
    if page.live:
        unpublish = reverse("wagtailadmin_pages:unpublish", args=[page.pk])
        buttons.append(messages.button(unpublish, _("Unpublish")))
    messages.error(request, message, buttons=buttons)
    return redirect(
        get_valid_next_url_from_request(request)
        or reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


def _refusal(page) -> str | None:
    course = next(iter(courses_with_learners([page])), None)
    if course is None:
        return None
    return _(
        "“%(title)s” cannot be deleted: the course “%(course)s” has learners or cohorts, and "
        "deleting it would erase their learning history. Unpublish it instead: it leaves the "
        "site and the history is kept."
    ) % {"title": page.get_admin_display_title(), "course": course.title}


def _keep(request, pages):
    for page in pages:
        message = _refusal(page)
        if message:
            return refuse_page_deletion(request, page, message)
    return None


@hooks.register("before_delete_page")
def keep_courses_with_learners(request, page):
    return _keep(request, [page])


@hooks.register("before_bulk_action")
def keep_courses_with_learners_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _keep(request, [obj for obj in objects if isinstance(obj, Page)])
    return None
