import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from .offline import shell_urls, shell_version


@cache_control(no_cache=True)
def service_worker(request):
    """Served from the site's root so that it may look after every page."""
    response = render(
        request,
        "cms/sw.js",
        {"version": shell_version(), "shell": json.dumps(shell_urls())},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def web_manifest(request):
    """Lets a phone install the site as an app that opens from its home screen."""
    return JsonResponse(
        {
            "name": settings.WAGTAIL_SITE_NAME,
            "short_name": settings.WAGTAIL_SITE_NAME,
            "description": _(
                "Nhà Số helps every household have someone who can use online public services."
            ),
            "lang": request.LANGUAGE_CODE,
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#fffdf8",
            "theme_color": "#0b5d3b",
            "icons": [
                {
                    "src": static(f"cms/icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
    )


def offline(request):
    """Shown by the service worker when a page is not saved and there is no connection."""
    return render(request, "cms/offline.html")
