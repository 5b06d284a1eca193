from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def skills_urls():
    return [path("khung-ky-nang-so/", admin_views.framework, name="skills_framework")]


@hooks.register("register_admin_menu_item")
def skills_framework_menu_item():
    return MenuItem(
        _("Digital skills framework"), reverse("skills_framework"), icon_name="list-ul", order=460
    )
