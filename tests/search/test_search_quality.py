"""The measure of search: queries typed as people type them find the intended demo lesson
among the first three results."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Locale

from search.selectors import search_learning
from tests.factories import wagtail_basics

QUERIES = yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text())


@pytest.fixture
def demo(db):
    wagtail_basics()
    call_command("seed_demo", "--no-narration", verbosity=0)


def top_three(query: str) -> list[str]:
    found = search_learning(query=query, locale=Locale.objects.get(language_code="vi"))
    return [page.slug for page in found[:3]]


def test_every_query_of_the_fixture_finds_its_lesson_in_the_top_three(demo, capsys):
    misses = []
    for case in QUERIES:
        top = top_three(case["query"])
        if case["lesson"] not in top:
            misses.append(f"{case['query']!r}: wanted {case['lesson']}, got {top}")
    hits = len(QUERIES) - len(misses)
    with capsys.disabled():
        print(f"\nsearch quality: {hits}/{len(QUERIES)} queries in the top 3")
    assert misses == [], "\n".join(misses)
