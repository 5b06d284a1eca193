from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .h5p import adapter as h5p_adapter
from .h5p import store as h5p_store
from .models import Quiz


@permission_required("quizzes.view_quiz", raise_exception=True)
def export_h5p(request, quiz_id):
    """Download a native quiz as an .h5p package for other H5P hosts.

    When some questions cannot be exported, the editor is told which before downloading.
    """
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    try:
        data, skipped = h5p_adapter.export_quiz(quiz, libraries=h5p_store.library_root())
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("wagtailsnippets_quizzes_quiz:list")
    if skipped and request.GET.get("confirm") != "1":
        messages.warning(
            request,
            format_html(
                '{} <a href="?confirm=1">{}</a>',
                _(
                    "Questions %(numbers)s cannot be exported to H5P (only single choice, multiple "
                    "choice and true/false can); the package will hold the others."
                )
                % {"numbers": ", ".join(str(n) for n in skipped)},
                _("Download anyway"),
            ),
        )
        return redirect("wagtailsnippets_quizzes_quiz:list")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{slugify(quiz.title) or "quiz"}.h5p"'
    return response
