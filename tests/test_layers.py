"""The layer order of pyproject.toml ([tool.importlinter]) applied to templates.

import-linter sees Python imports only; a template can still reach up a layer with
``{% load %}``, ``{% include %}``, ``{% extends %}`` or ``{% url %}``. Each of those must name
something of the template's own app or of an app below it. The one exception is the page
frame, ``base.html``: the site (the top layer) provides it and every page is drawn inside it.
"""

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]
PAGE_FRAME = "base.html"
TAG = re.compile(r"{%\s*(load|include|extends|url)\s+(.*?)\s*%}", re.S)
QUOTED = re.compile(r"""^["']([^"']+)["']""")


@cache
def layers() -> list[str]:
    """Apps from the bottom layer up, as written in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "layers")
    return list(reversed(contract["layers"]))


def templates_of(app: str) -> list[Path]:
    folder = ROOT / app / "templates"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@cache
def template_owner() -> dict[str, str]:
    return {
        path.relative_to(ROOT / app / "templates").as_posix(): app
        for app in layers()
        for path in templates_of(app)
    }


@cache
def library_owner() -> dict[str, str]:
    return {
        module.stem: app
        for app in layers()
        for module in (ROOT / app / "templatetags").glob("*.py")
        if module.stem != "__init__"
    }


@cache
def url_owner() -> dict[str, str]:
    """URL name (with its namespace) → the app whose view it is."""
    owners = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                app = pattern.lookup_str.split(".")[0]
                owners.setdefault(f"{namespace}{pattern.name}", app)

    walk(get_resolver().url_patterns, "")
    return owners


def references(text: str):
    """(kind, target app) for every tag that names something of one of our apps."""
    for kind, argument in TAG.findall(text):
        if kind == "load":
            names = (
                argument.split(" from ")[-1].split() if " from " in argument else argument.split()
            )
            for name in names:
                if name in library_owner():
                    yield f"{{% load {name} %}}", library_owner()[name]
            continue
        quoted = QUOTED.match(argument)
        if not quoted:
            continue  # a variable: checked where the variable is made
        target = quoted.group(1)
        if kind == "url":
            if target in url_owner():
                yield f"{{% url '{target}' %}}", url_owner()[target]
        elif kind == "extends" and target == PAGE_FRAME:
            continue
        elif target in template_owner():
            yield f"{{% {kind} '{target}' %}}", template_owner()[target]


def upward_references() -> list[str]:
    rank = {app: position for position, app in enumerate(layers())}
    found = []
    for app in layers():
        for path in templates_of(app):
            for tag, target in references(path.read_text(errors="replace")):
                if target in rank and rank[target] > rank[app]:
                    found.append(f"{path.relative_to(ROOT)}: {tag} reaches up to {target}")
    return found


@pytest.mark.django_db
def test_templates_use_only_their_own_app_and_the_apps_below_it():
    assert upward_references() == []


@pytest.mark.django_db
def test_the_check_sees_a_template_reaching_up():
    rank = layers()
    assert rank.index("quizzes") < rank.index("households")
    found = list(
        references(
            '{% load i18n households %}{% include "lessons/progress_bar.html" %}'
            "{% url 'lessons:my_learning' %}{% extends \"base.html\" %}"
        )
    )
    assert [target for _tag, target in found] == ["households", "lessons", "lessons"]
