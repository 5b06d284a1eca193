from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.learner_parts import learner_parts
from quizzes import views as quiz_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Translators of the minority languages' interface (accounts.roles.can_translate_interface).
    path("dich-giao-dien/", include("rosetta.urls")),
    path("sitemap.xml", sitemap),
    path("sw.js", cms_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", cms_views.web_manifest, name="web_manifest"),
    # A learner's own parts of a page served from the cache; the page's path says its language.
    path("ca-nhan/trang/", learner_parts, name="learner_parts"),
    # Outside the language prefixes: the H5P player asks for these by fixed paths.
    path("h5p/files/<path:path>", quiz_views.h5p_file, name="h5p_file"),
]

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    # Uploaded files, except the H5P storage: its code must never be served
    # on the site's origin unsandboxed (quizzes.views.h5p_file serves it).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!h5p/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Everything a person reads is under a language prefix (none for Vietnamese).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("courses.urls")),
    path("", include("lessons.urls")),
    path("", include("voices.urls")),
    path("", include("quizzes.urls")),
    path("", include("households.urls")),
    path("", include("certificates.urls")),
    path("", include("reminders.urls")),
    path("", include("paper.urls")),
    path("", include("analytics.urls")),
    path("", include("cms.legacy_urls")),
    path("khong-co-mang/", cms_views.offline, name="offline"),
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
