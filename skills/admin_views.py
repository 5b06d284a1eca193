"""The framework in the Wagtail admin, read-only: its groups and skills with their codes, and
what is tagged with each. Any admin user may look (Wagtail's admin access, checked on the
URL); the framework is changed only by loading a file (``load_skill_framework``)."""

from django.http import Http404
from django.shortcuts import render
from wagtail import hooks

from . import selectors

# Apps above this one (quizzes) list what they tag with skills through this hook: each
# function returns (skill pk, label, admin URL) triples.
TAGGED_ITEMS_HOOK = "skills_tagged_items"


def framework(request):
    versions = list(selectors.frameworks())
    code = request.GET.get("phien-ban")
    if code:
        shown = next((version for version in versions if version.code == code), None)
        if shown is None:
            raise Http404
    else:
        shown = versions[0] if versions else None
    groups = selectors.framework_tags(shown) if shown else []
    others: dict[int, list[tuple[str, str]]] = {}
    for hook in hooks.get_hooks(TAGGED_ITEMS_HOOK):
        for skill_pk, label, url in hook():
            others.setdefault(skill_pk, []).append((label, url))
    for group in groups:
        for skill in group.skill_list:
            skill.tagged_others = others.get(skill.pk, [])
    return render(
        request,
        "skills/admin/framework.html",
        {"versions": versions, "framework": shown, "groups": groups},
    )
