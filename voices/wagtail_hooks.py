from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, services


@hooks.register("register_admin_urls")
def voices_urls():
    return [
        path("giong-doc/", admin_views.review, name="voices_review"),
        path("giong-doc/<int:pk>/duyet/", admin_views.approve, name="voices_approve"),
        path("giong-doc/<int:pk>/tu-choi/", admin_views.reject, name="voices_reject"),
        path("giong-doc/tien-do/", admin_views.progress, name="voices_progress"),
        path(
            "giong-doc/tien-do/<str:language>/",
            admin_views.language_progress,
            name="voices_language_progress",
        ),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_review(request.user)


@hooks.register("register_admin_menu_item")
def voices_review_menu_item():
    return EditorsMenuItem(
        _("Recorded voices"), reverse("voices_review"), icon_name="media", order=450
    )


@hooks.register("register_admin_menu_item")
def voices_progress_menu_item():
    return EditorsMenuItem(
        _("Voices by language"), reverse("voices_progress"), icon_name="globe", order=451
    )
