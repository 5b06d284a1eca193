from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in every language we publish: (code, local name, url, current).

    A Wagtail page links to its own translation (or its Vietnamese stand-in), whose slug may
    differ; any other page keeps its path under the other language's prefix.
    """
    request = context["request"]
    page = context.get("page")
    current = context.get("LANGUAGE_CODE")
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation.url
    links = []
    for code, _name in settings.LANGUAGES:
        url = translations.get(code) or translate_url(request.path, code)
        links.append((code, get_language_info(code)["name_local"], url, code == current))
    return links
