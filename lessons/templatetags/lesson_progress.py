"""Progress for templates of the courses app, which must not import lessons itself."""

from django import template

from ..selectors import cohort_progress, course_progress

register = template.Library()


@register.simple_tag
def progress_in_course(user, course):
    return course_progress(user=user, course=course)


@register.simple_tag
def progress_of_cohort(cohort):
    return cohort_progress(cohort=cohort)


@register.simple_tag
def small_video(small_videos, block_id):
    """The ready low-bandwidth copy of a lesson's video block, if any."""
    return (small_videos or {}).get(block_id)
