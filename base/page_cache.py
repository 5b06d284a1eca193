"""Public pages served from the cache, one copy per page and language: to anonymous visitors,
and to logged-in learners whose browser runs script, who fill in their own parts.

A lesson page's HTML depends on more than its own revision: the next lesson's title, the
course's title, narration and small videos made after publishing. Rather than tracking each
dependency, every change that can alter a public page starts a new cache generation; old
copies are never read again and expire on their own. Publishing is rare, reading is not.

Pages store themselves once rendered for a visitor (``CachedForVisitors``); the middleware
answers from the cache before Wagtail's routing, which costs more than a cached page's whole
reply. A learner gets the same copy when their browser said it runs script (the ``js=1``
cookie, set by cms/static/cms/learner.js) and the page says a learner's parts can be filled in
(``serves_learners_from_cache``): the script then asks ``cms.learner_parts`` for the menu,
progress and forms of that learner. Without script, a learner's page is rendered as before.
"""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "public-pages:generation"
# Set by cms/static/cms/learner.js: this browser runs script, so it fills in a learner's parts.
SCRIPT_COOKIE = "js"
# Readable by that script: this browser's session is logged in, so a visitor's page makes no
# request for a learner's parts. Only a hint: the server decides from the session.
SIGNED_IN_COOKIE = "signed_in"


class SignedInHintMiddleware:
    """Keeps SIGNED_IN_COOKIE in step with the session, after logging in or out included;
    just after the authentication middleware, so cached answers carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        signed_in = request.user.is_authenticated
        hinted = request.COOKIES.get(SIGNED_IN_COOKIE) == "1"
        if signed_in and not hinted:
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        elif hinted and not signed_in:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def invalidate(**kwargs) -> None:
    """Start a new generation: every cached public page is rendered afresh on its next visit."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _plain_get(request) -> bool:
    # Someone with a message waiting (after logging out, say) must see it, not a copy.
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.GET
        and not len(get_messages(request))
    )


def _cacheable(request) -> bool:
    """A visitor's request, whose rendering may be stored for everyone."""
    return _plain_get(request) and not request.user.is_authenticated


def fills_in_own_parts(request) -> bool:
    """A logged-in learner whose browser fills in their parts of a cached copy. Staff and
    editors get their pages rendered (they may see drafts, previews and admin links)."""
    user = request.user
    return (
        request.COOKIES.get(SCRIPT_COOKIE) == "1"
        and user.is_authenticated
        and not (user.is_staff or user.is_superuser)
        and _plain_get(request)
    )


def _key(request, kind: str = "public-page") -> str:
    return f"{kind}:{generation()}:{request.get_host()}:{get_language()}:{request.path}"


def cached_learner_page(request) -> tuple[str, int] | None:
    """(model label, pk) of the page whose copy the cache holds for ``request``'s path, if
    learners may be served that copy: found without routing (cms.learner_parts)."""
    return cache.get(_key(request, "public-page-id"))


class CachedForVisitors:
    """Mixin for Wagtail pages whose anonymous rendering is the same for every visitor."""

    def serves_learners_from_cache(self) -> bool:
        """True where every part of this page that differs for a learner is filled in by
        cms/static/cms/learner.js from ``cms.learner_parts``; the anonymous rendering then
        marks the page for it, and learners with script get the cached copy."""
        return False

    def learner_context(self, request) -> dict:
        """The context a learner's parts of the page are rendered with; pages whose context
        holds more than those parts need narrow it."""
        return self.get_context(request)

    def serve(self, request, *args, **kwargs):
        if fills_in_own_parts(request) and self._learners_may_share_the_copy():
            # Rendered as a visitor sees it and stored, as on a visitor's miss; the learner's
            # script fills in the rest. Wagtail checked the page's restrictions already.
            learner, request.user = request.user, AnonymousUser()
            try:
                return self._serve_and_store(request, *args, **kwargs)
            finally:
                request.user = learner
        return self._serve_and_store(request, *args, **kwargs)

    def _learners_may_share_the_copy(self) -> bool:
        # A private page's rendering must never be stored: a visitor would be served it.
        return self.serves_learners_from_cache() and not self.get_view_restrictions().exists()

    def _serve_and_store(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not _cacheable(request):
            return response
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            for_learners = self._learners_may_share_the_copy()
            stored = (response.content, response["Content-Type"], for_learners)
            cache.set(_key(request), stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
            if for_learners:
                page = (self._meta.label_lower, self.pk)
                cache.set(_key(request, "public-page-id"), page, settings.PUBLIC_PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response


class PublicPageCacheMiddleware:
    """Answers from the cache; after the authentication and message middlewares.

    A learner's request costs the session and the user (to know it is a learner's); a
    visitor's, none. A learner never stores a copy: only visitors' renderings are stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        visitor = _cacheable(request)
        if visitor or fills_in_own_parts(request):
            stored = cache.get(_key(request))
            # A copy stored before pages said whether learners may have it: visitors only.
            if stored is not None and (visitor or (len(stored) > 2 and stored[2])):
                response = HttpResponse(stored[0], content_type=stored[1])
                response["X-Page-Cache"] = "hit"
                return response
        return self.get_response(request)


def connect() -> None:
    """Pages published, unpublished, moved, deleted or made private start a new generation.
    Apps whose rows show on public pages connect them with ``invalidate_when_saved``."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page-cache-{signal!r}")
    from wagtail.models import Page, PageViewRestriction

    post_delete.connect(invalidate, sender=Page, dispatch_uid="page-cache-page-delete")
    # A page made private must stop being served from the cache at once.
    post_delete.connect(invalidate, sender=PageViewRestriction, dispatch_uid="page-cache-private")
    invalidate_when_saved(PageViewRestriction)


def invalidate_when_saved(*models) -> None:
    for model in models:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"page-cache-{model.__name__}")
