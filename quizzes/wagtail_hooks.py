from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = _("Quizzes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "locale", "pass_mark", "max_attempts"]
    search_fields = ["title"]


register_snippet(QuizViewSet)
