from django.shortcuts import render
from wagtail.models import Locale

from courses.selectors import essential_courses

from .selectors import search_learning

# Longer queries are cut: nobody types more, and matching cost grows with the words.
MAX_QUERY = 200


def results(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    locale = Locale.get_active()
    found = search_learning(query=query, locale=locale) if query else []
    return render(
        request,
        "search/results.html",
        {
            "search_query": query,
            "results": found,
            "suggestions": [] if found else essential_courses(locale=locale),
        },
    )
