"""A learner's own parts of a page served from the cache, in one request.

Course and lesson pages are cached as a visitor sees them (``base.page_cache``) and served so
to logged-in learners whose browser runs script. cms/static/cms/learner.js then asks
``GET /ca-nhan/trang/?path=<the page's path>`` for what differs for that learner and puts it
in place. Each part is rendered from the very template fragment the full page includes
(``cms/parts/*.html``, ``lessons/parts/*.html``, ``courses/parts/*.html``), with the page's own
context, so the filled-in page is the page the server would have rendered for the learner.
A fragment opens with ``<!--part:NAME-->`` and closes with ``<!--/part:NAME-->``; the script
replaces what lies between the page's markers of that name.

The answer, always ``Cache-Control: private, no-store``:

- a visitor (not logged in): ``200 {"authenticated": false}``, without a database query;
- a learner: ``200 {"authenticated": true, "learner": {"id": "12", "name": "Lan"},
  "parts": {"menu": "<!--part:menu-->…", …}, "practice_url": "/bai-hoc/5/luyen-tap/" | null}``;
  ``learner.id`` goes to the outbox (``data-user``), ``learner.name`` to ``<body
  data-learner>``, ``practice_url`` to each practice's ``data-url``;
- ``400`` for a path that is not a path of this site (another host, a query string), ``404``
  for a path that is no live course or lesson page served from the cache (private pages and
  pages whose learner's rendering cannot be filled in included), whoever asks.

Only the requesting learner's data is ever read: nothing here takes a user from the request's
parameters. Messages are left waiting: a page is not served from the cache while one waits.
"""

import copy
import re

from django.apps import apps
from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.middleware.csrf import get_token
from django.template import Context, engines
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page
from wagtail.views import serve as wagtail_serve

from base.page_cache import CachedForVisitors, cached_learner_page
from courses.models import CoursePage
from lessons.blocks import practices_in
from lessons.models import LessonPage

# What base.html draws for a logged-in person, on every page.
SITE_PARTS = (
    "cms/parts/menu.html",
    "cms/parts/reminder.html",
    "cms/parts/language.html",
    "cms/parts/footer_links.html",
)
PAGE_PARTS = {
    LessonPage: ("lessons/parts/finish.html",),
    CoursePage: ("courses/parts/enrol.html", "courses/parts/lessons.html"),
}
PRACTICE_PARTS = ("lessons/parts/practice_best.html", "lessons/parts/practice_save.html")
PART_NAME = re.compile(r"\s*<!--part:([\w-]+)-->")
SAFE_PATH = re.compile(r"/(?:[\w\-.~%]+/)*")


def _answer(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def _as_page_request(request, path: str):
    """The request as if it had asked for the page itself: the fragments link back to it
    (``next``), and Wagtail finds the page and its site from it."""
    get_token(request)  # the forms' token; the CSRF cookie is set on this answer if new
    page_request = copy.copy(request)
    page_request.path = page_request.path_info = path
    page_request.GET = QueryDict()
    page_request.META = {**request.META, "QUERY_STRING": ""}
    return page_request


def _page_at(page_request, path: str):
    """The live page at ``path`` on the request's site, or None: the one whose copy the cache
    holds (one query), else as Wagtail routes (a few queries per level of the page tree)."""
    cached = cached_learner_page(page_request)
    if cached is not None:
        label, pk = cached
        return apps.get_model(label).objects.live().filter(pk=pk).first()
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.func is not wagtail_serve:
        return None
    page_path = match.args[0] if match.args else match.kwargs.get("path", "")
    page = Page.find_for_request(page_request, page_path)
    return page.specific if page is not None else None


def _fills_in(page) -> bool:
    return (
        isinstance(page, CachedForVisitors)
        and type(page) in PAGE_PARTS
        and page.serves_learners_from_cache()
        and not page.get_view_restrictions().exists()
    )


def _render(templates, context: Context) -> dict[str, str]:
    engine = engines["django"].engine
    rendered = {}
    for name in templates:
        html = engine.get_template(name).render(context)
        rendered[PART_NAME.match(html).group(1)] = html
    return rendered


@require_GET
def learner_parts(request):
    """See the module's docstring for the answer's shape."""
    path = request.GET.get("path", "")
    if len(path) > 1000 or not SAFE_PATH.fullmatch(path):
        return _answer({"error": "path"}, status=400)
    if not request.user.is_authenticated:
        return _answer({"authenticated": False})
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        page_request = _as_page_request(request, path)
        page = _page_at(page_request, path)
        if page is None or not _fills_in(page):
            return _answer({"error": "page"}, status=404)
        data = {}
        for processor in engines["django"].engine.template_context_processors:
            data.update(processor(page_request))
        data.update({"page": page, "self": page, "request": page_request})
        data.update(page.learner_context(page_request))
        context = Context(data)
        parts = _render(SITE_PARTS + PAGE_PARTS[type(page)], context)
        practices = practices_in(page.body) if isinstance(page, LessonPage) else []
        for block_id, _practice in practices:
            best_run = data.get("practice_runs", {}).get(block_id)
            with context.push(block_id=block_id, best_run=best_run):
                parts.update(_render(PRACTICE_PARTS, context))
        practice_url = reverse("lessons:practice", args=[page.pk]) if practices else None
    user = request.user
    return _answer(
        {
            "authenticated": True,
            "learner": {"id": str(user.pk), "name": user.display_name},
            "parts": parts,
            "practice_url": practice_url,
        }
    )
