"""Translators on a weak connection: one light admin page listing the page translations
they can work on, each with its PO file to download, translate offline (Poedit, a text
editor) and upload back. wagtail-localize does the export and import; nothing here
translates by machine."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation

from accounts.roles import Role, has_role


def can_translate_content(user) -> bool:
    return has_role(user, Role.TRANSLATOR) or has_role(user, Role.EDITOR)


def translations_for(user, language: str | None = None) -> list[dict]:
    """The enabled page translations ``user`` may edit, into ``language`` or any language
    but Vietnamese, with their progress."""
    translations = Translation.objects.filter(enabled=True).select_related(
        "source", "target_locale"
    )
    translations = translations.exclude(target_locale__language_code=settings.LANGUAGE_CODE)
    if language:
        translations = translations.filter(target_locale__language_code=language)
    rows = []
    for translation in translations.order_by("target_locale__language_code", "source__object_repr"):
        target = translation.get_target_instance()
        if not isinstance(target, Page) or not target.permissions_for_user(user).can_edit():
            continue
        total, done = translation.get_progress()
        rows.append(
            {
                "translation": translation,
                "title": translation.source.object_repr,
                "language": translation.target_locale.language_code,
                "total": total,
                "done": done,
                "download_url": reverse("wagtail_localize:download_pofile", args=[translation.pk]),
                "upload_url": reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
                "edit_url": translation.get_target_instance_edit_url(),
                "live": target.live,
            }
        )
    return rows


def my_translations(request):
    if not can_translate_content(request.user):
        raise PermissionDenied
    language = request.GET.get("language") or ""
    if language not in dict(settings.LANGUAGES):
        language = ""
    return render(
        request,
        "cms/admin/my_translations.html",
        {
            "rows": translations_for(request.user, language or None),
            "language": language,
            "languages": [
                (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
            ],
            "here": request.get_full_path(),
        },
    )
