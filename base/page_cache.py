"""Public pages served to anonymous visitors from the cache, one copy per page and language.

A lesson page's HTML depends on more than its own revision: the next lesson's title, the
course's title, narration and small videos made after publishing. Rather than tracking each
dependency, every change that can alter a public page starts a new cache generation; old
copies are never read again and expire on their own. Publishing is rare, reading is not.

Pages store themselves once rendered (``CachedForVisitors``); the middleware answers from the
cache before Wagtail's routing, which costs more than a cached page's whole reply.
"""

import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "public-pages:generation"


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def invalidate(**kwargs) -> None:
    """Start a new generation: every cached public page is rendered afresh on its next visit."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _cacheable(request) -> bool:
    # A visitor with a message waiting (after logging out, say) must see it, not a copy.
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.GET
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def _key(request) -> str:
    return f"public-page:{generation()}:{request.get_host()}:{get_language()}:{request.path}"


class CachedForVisitors:
    """Mixin for Wagtail pages whose anonymous rendering is the same for every visitor."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not _cacheable(request):
            return response
        if hasattr(response, "render"):
            response.render()
        if response.status_code == 200:
            stored = (response.content, response["Content-Type"])
            cache.set(_key(request), stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
        response["X-Page-Cache"] = "miss"
        return response


class PublicPageCacheMiddleware:
    """Answers visitors from the cache; after the authentication and message middlewares."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable(request):
            stored = cache.get(_key(request))
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
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
