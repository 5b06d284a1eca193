from django.conf import settings
from django.contrib.admin.utils import quote
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from skills.admin_views import TAGGED_ITEMS_HOOK

from . import admin_views
from .admin_forms import H5PUploadForm
from .models import H5PActivity, Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Quizzes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "locale", "pass_mark", "max_attempts"]
    search_fields = ["title"]


class H5PActivityViewSet(SnippetViewSet):
    model = H5PActivity
    icon = "media"
    menu_label = _("H5P activities")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "main_library", "created_at"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("pass_mark"), FieldPanel("package")],
        base_form_class=H5PUploadForm,
    )


register_snippet(QuizViewSet)
register_snippet(H5PActivityViewSet)


@hooks.register("register_snippet_listing_buttons")
def export_h5p_button(snippet, user, next_url=None):
    if isinstance(snippet, Quiz) and user.has_perm("quizzes.view_quiz"):
        yield ListingButton(
            _("Export as H5P"), reverse("quiz_export_h5p", args=[snippet.pk]), icon_name="download"
        )


@hooks.register("register_admin_urls")
def quiz_admin_urls():
    return [
        path("quizzes/<int:quiz_id>/export.h5p", admin_views.export_h5p, name="quiz_export_h5p")
    ]


def refuse_snippet_deletion(request, snippet, message):
    """Answer a refused deletion of a quiz or an H5P activity: the reason, and back where the
    editor came from (else the snippet's edit page)."""
    messages.error(request, message)
    edit = reverse(snippet.snippet_viewset.get_url_name("edit"), args=[quote(snippet.pk)])
    return redirect(get_valid_next_url_from_request(request) or edit)


@hooks.register("before_delete_snippet")
def keep_quizzes_with_attempts(request, instances):
    """Learners' attempts are their results: a quiz or H5P activity that has some is never
    deleted (the database refuses too, ``on_delete=PROTECT``; issue 14)."""
    for snippet in instances:
        if isinstance(snippet, (Quiz, H5PActivity)) and snippet.attempts.exists():
            message = gettext(
                "“%(title)s” cannot be deleted: learners have attempts at it, and deleting it "
                "would erase their results. Take it out of the lessons instead: learners no "
                "longer see it and their results are kept."
            ) % {"title": snippet}
            return refuse_snippet_deletion(request, snippet, message)
    return None


@hooks.register(TAGGED_ITEMS_HOOK)
def questions_tagged_with_skills():
    """The framework's admin page lists, under each skill, the quiz questions checking it."""
    for quiz in Quiz.objects.filter(locale__language_code=settings.LANGUAGE_CODE):
        url = reverse(quiz.snippet_viewset.get_url_name("edit"), args=[quote(quiz.pk)])
        for number, question in enumerate(quiz.question_list, start=1):
            label = gettext("%(quiz)s, question %(number)s") % {
                "quiz": quiz.title,
                "number": number,
            }
            for pk in question.skills:
                yield int(pk), label, url
