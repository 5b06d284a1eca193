from django.db.models import Q
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page
from wagtail.snippets.blocks import SnippetChooserBlock

from courses import page_parts
from courses.wagtail_hooks import in_subtrees, refuse_page_deletion
from quizzes import page_parts as quiz_page_parts
from quizzes.models import H5PActivity, Quiz
from quizzes.wagtail_hooks import refuse_snippet_deletion

from . import narration_admin, picture_admin
from .models import LessonPage
from .practice import TAP_RADIUS
from .selectors import cohort_progress, course_progress, lesson_placing_activity


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
        path(
            "narration/lessons/<int:page_id>/jobs/<int:job_id>/rerun/",
            narration_admin.rerun,
            name="lesson_narration_rerun",
        ),
        path(
            "narration/lessons/<int:page_id>/video/",
            narration_admin.render_video,
            name="lesson_video_render",
        ),
    ]


@hooks.register("register_admin_urls")
def step_picture_urls():
    return [
        path(
            "lessons/step-picture/<int:image_id>/",
            picture_admin.step_picture,
            name="lesson_step_picture",
        ),
    ]


@hooks.register("insert_editor_js")
def step_picture_editor_js():
    """Tapping a step's picture in the page editor places its tap marker. The script is told
    where to ask for the larger picture and what to say, in the editor's language. (Wagtail 8
    has no editor-only CSS hook: the small stylesheet comes along here.)"""
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" data-picture-url="{}" data-hint="{}" data-placed="{}" '
        'data-zone-radius="{}" data-zone-hint="{}" defer></script>',
        static("lessons/step-picture-admin.css"),
        static("lessons/step-picture-admin.js"),
        reverse("lesson_step_picture", args=[0]),
        gettext("Tap the picture where the learner should tap."),
        gettext("Marker placed: {x}% across, {y}% down."),
        f"{TAP_RADIUS:g}",
        gettext("In practice, a tap inside the dashed circle counts as right."),
    )


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


# --- Deleting content never erases learners' history nor breaks a lesson (issue 14) ------


def lessons_with_history(pages) -> list[LessonPage]:
    """Lessons in or below ``pages`` that learners have finished, except translations whose
    Vietnamese source stays: progress counts by the lesson's translation key, so it still
    counts there (and each record keeps the title it was made on)."""
    if not pages:
        return []
    doomed = in_subtrees(pages)
    kept_sources = (
        LessonPage.objects.exclude(doomed)
        .filter(locale=Locale.get_default(), alias_of__isnull=True)
        .values("translation_key")
    )
    return list(
        LessonPage.objects.filter(doomed, progress__isnull=False)
        .exclude(Q(translation_key__in=kept_sources) & ~Q(locale=Locale.get_default()))
        .distinct()
        .order_by("path")
    )


def _keep_lessons_with_history(request, pages):
    for page in pages:
        lesson = next(iter(lessons_with_history([page])), None)
        if lesson is not None:
            message = gettext(
                "“%(title)s” cannot be deleted: learners have finished the lesson "
                "“%(lesson)s”, and deleting it would erase their learning history. Unpublish "
                "it instead: it leaves the site and the history is kept."
            ) % {"title": page.get_admin_display_title(), "lesson": lesson.title}
            return refuse_page_deletion(request, page, message)
    return None


@hooks.register("before_delete_page")
def keep_lessons_with_history(request, page):
    return _keep_lessons_with_history(request, [page])


@hooks.register("before_bulk_action")
def keep_lessons_with_history_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        return _keep_lessons_with_history(
            request, [obj for obj in objects if isinstance(obj, Page)]
        )
    return None


def _choosers_of(model) -> list[tuple[str, str]]:
    """(block type, field) of the lesson blocks that choose a ``model`` snippet."""
    body = LessonPage._meta.get_field("body").stream_block
    return [
        (name, field)
        for name, block in body.child_blocks.items()
        for field, child in getattr(block, "child_blocks", {}).items()
        if isinstance(child, SnippetChooserBlock) and child.target_model is model
    ]


def live_lessons_showing(snippet) -> list[LessonPage]:
    """Live lessons whose published body places ``snippet`` (a quiz, an H5P activity).

    Reads every live lesson's stored body rather than Wagtail's reference index, which is
    updated in the background and may lag: a lesson missed here would break for everyone."""
    choosers = _choosers_of(type(snippet))
    if not choosers:
        return []
    return [
        lesson
        for lesson in LessonPage.objects.live().only("title", "body").order_by("path").iterator()
        if any(
            raw["type"] == kind and (raw.get("value") or {}).get(field) == snippet.pk
            for raw in lesson.body.raw_data
            for kind, field in choosers
        )
    ]


@hooks.register("before_delete_snippet")
def keep_what_live_lessons_show(request, instances):
    for snippet in instances:
        if not isinstance(snippet, (Quiz, H5PActivity)):
            continue
        lesson = next(iter(live_lessons_showing(snippet)), None)
        if lesson is not None:
            message = gettext(
                "“%(title)s” cannot be deleted: the published lesson “%(lesson)s” shows it, "
                "and the lesson would stop working. Take it out of that lesson, or unpublish "
                "the lesson, first."
            ) % {"title": snippet, "lesson": lesson.title}
            return refuse_snippet_deletion(request, snippet, message)
    return None


@hooks.register(page_parts.COURSE_PAGE)
def course_page_parts(*, course, user, is_enrolled):
    """The enrolled learner's progress through the course's lessons, and its offline pack."""
    parts = {"offline_pack_url": reverse("lessons:offline_pack", args=[course.pk])}
    if is_enrolled:
        progress = course_progress(user=user, course=course)
        parts["progress"] = progress
        parts["progress_bar"] = render_to_string(
            "lessons/progress_bar.html", {"progress": progress}
        )
    return parts


@hooks.register(page_parts.COHORT_PAGE)
def cohort_page_parts(*, cohort):
    """The members' progress grid and the way to their quiz results."""
    return {
        "grid": cohort_progress(cohort=cohort),
        "quiz_report_url": reverse("lessons:cohort_quiz_report", args=[cohort.pk]),
    }


@hooks.register(quiz_page_parts.RESULT_PAGE)
def quiz_result_parts(*, quiz, source, **_):
    """Where ``quiz`` (as the reader sees it; ``source``, its Vietnamese original) is taught,
    for its result page: the live lessons placing it, then the live courses whose final check
    it is, as (title, url)."""
    from courses.models import CoursePage

    lessons = live_lessons_showing(quiz)
    if not lessons and source.pk != quiz.pk:
        lessons = live_lessons_showing(source)
    finals = CoursePage.objects.live().filter(final_quiz__in={quiz.pk, source.pk})
    in_reader_language = [course for course in finals if course.locale_id == quiz.locale_id]
    pages = [*lessons, *(in_reader_language or finals.order_by("path"))]
    return {"lessons_for_quiz": [(page.title, page.get_url()) for page in pages]}
