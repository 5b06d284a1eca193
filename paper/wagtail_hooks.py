from django.urls import reverse
from wagtail import hooks
from wagtail.models import Locale

from courses import page_parts


@hooks.register(page_parts.COURSE_PAGE)
def booklet_links(*, course, user, is_enrolled):
    """The course's pocket guide, for the course page's "In sổ tay (PDF)" link: a real
    translation's readers get their language beside the Vietnamese."""
    translated = not course.alias_of_id and course.locale_id != Locale.get_default().pk
    query = f"?ngon-ngu={course.locale.language_code}" if translated else ""
    return {
        "booklet_pdf_url": reverse("paper:booklet_pdf", args=[course.pk]) + query,
        "booklet_print_url": reverse("paper:booklet", args=[course.pk]) + query,
    }
