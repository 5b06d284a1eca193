from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
