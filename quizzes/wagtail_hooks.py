from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
