from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .translations_admin import can_translate_content, my_translations


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("ban-dich/", my_translations, name="my_translations")]


class TranslatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_translate_content(request.user)


@hooks.register("register_admin_menu_item")
def translations_menu_item():
    return TranslatorsMenuItem(
        _("Translations (PO files)"), reverse("my_translations"), icon_name="globe", order=900
    )
