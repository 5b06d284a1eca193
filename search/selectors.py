"""Search over the live, public courses and lessons of one language.

Matching is done here, over text without diacritics (``synonyms.normalise``), not by the
database: the same results on SQLite and PostgreSQL, typed with or without accents, with
abbreviations and small typos. The catalogue is small (tens to hundreds of pages), so its
normalised text is kept in the cache per page-cache generation: publishing a page starts a
new generation (``base.page_cache``) and the next search reads the pages afresh.
"""

import difflib
import math
from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Locale

from base.page_cache import generation
from courses.models import CoursePage
from courses.selectors import catalogue
from lessons.blocks import narrated_texts
from lessons.models import LessonPage

from .synonyms import VOCABULARY, expansions, normalise

# Where a term is found counts: its title most, then its summary, then the body.
FIELD_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
# A lesson answers a question more precisely than the course around it.
KIND_WEIGHTS = {"lesson": 1.0, "course": 0.85}
# Results scoring below this share of the best one are noise ("la", "gi", "cach").
RELATIVE_CUTOFF = 0.25
INDEX_SECONDS = 24 * 60 * 60


@dataclass
class Term:
    """Alternative phrases (normalised) counting as one term of the query."""

    phrases: list[str]
    weight: float


def _index(locale: Locale) -> list[dict]:
    key = f"search:index:{generation()}:{locale.pk}"
    documents = cache.get(key)
    if documents is None:
        documents = _build_index(locale)
        cache.set(key, documents, INDEX_SECONDS)
    return documents


def _padded(text: str) -> str:
    return f" {normalise(text)} "


def _build_index(locale: Locale) -> list[dict]:
    courses = CoursePage.objects.live().public().filter(locale=locale)
    course_by_path = {course.path: course for course in courses}
    documents = [
        {
            "kind": "course",
            "id": course.pk,
            "course": course.pk,
            "title": _padded(course.title),
            "summary": _padded(course.summary),
            "body": " ",
        }
        for course in courses
    ]
    lessons = LessonPage.objects.live().public().filter(locale=locale).order_by("path")
    for lesson in lessons:
        course = course_by_path.get(lesson.path[: -LessonPage.steplen])
        if course is None:  # under an unpublished or private course
            continue
        documents.append(
            {
                "kind": "lesson",
                "id": lesson.pk,
                "course": course.pk,
                "title": _padded(lesson.title),
                "summary": _padded(lesson.summary),
                "body": _padded(" ".join(narrated_texts(lesson.body).values())),
            }
        )
    return documents


def _vocabulary(documents: list[dict]) -> set[str]:
    return {word for doc in documents for field in FIELD_WEIGHTS for word in doc[field].split()}


def _corrected_words(query: str, vocabulary: set[str]) -> list[str]:
    """The query's words, each unknown one replaced by the nearest known word, or by two
    known words where a space was forgotten ("tamtru" → "tam tru")."""
    corrected = []
    known = sorted(vocabulary)
    for word in normalise(query).split():
        if word in vocabulary or word in VOCABULARY or len(word) < 3:
            corrected.append(word)
            continue
        split = next(
            (
                [word[:i], word[i:]]
                for i in range(2, len(word) - 1)
                if word[:i] in vocabulary and word[i:] in vocabulary
            ),
            None,
        )
        if split:
            corrected += split
            continue
        near = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        corrected.append(near[0] if near else word)
    return corrected


def _bigrams(documents: list[dict]) -> set[str]:
    found = set()
    for doc in documents:
        for field in FIELD_WEIGHTS:
            words = doc[field].split()
            found.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


def _terms(query: str, documents: list[dict]) -> list[Term]:
    words = _corrected_words(query, _vocabulary(documents))
    terms = [Term([word], 1.0) for word in dict.fromkeys(words)]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    known_pairs = None
    for pair in dict.fromkeys(pairs):
        terms.append(Term([pair], 2.0))
        known_pairs = known_pairs if known_pairs is not None else _bigrams(documents)
        if pair not in known_pairs:
            # "tam chu" for "tam tru": a misheard or misspelt two-syllable word.
            near = difflib.get_close_matches(pair, sorted(known_pairs), n=2, cutoff=0.7)
            if near:
                terms.append(Term(near, 1.5))
    terms += [Term(others, 2.0) for others in expansions(" ".join(words))]
    return terms


def _field_score(doc: dict, phrase: str) -> float:
    padded = f" {phrase} "
    return sum(weight for field, weight in FIELD_WEIGHTS.items() if padded in doc[field])


def ranked(*, query: str, documents: list[dict]) -> list[tuple[float, dict]]:
    """(score, document) pairs matching ``query``, best first. Pure: no database."""
    if not normalise(query) or not documents:
        return []
    scores = [0.0] * len(documents)
    for term in _terms(query, documents):
        per_doc = [max(_field_score(doc, p) for p in term.phrases) for doc in documents]
        found_in = sum(1 for score in per_doc if score)
        if not found_in:
            continue
        rarity = math.log(1 + len(documents) / found_in)
        for i, score in enumerate(per_doc):
            scores[i] += term.weight * rarity * score
    results = [
        (score * KIND_WEIGHTS[doc["kind"]], doc)
        for score, doc in zip(scores, documents, strict=True)
        if score
    ]
    results.sort(key=lambda pair: (-pair[0], pair[1]["kind"] != "lesson", pair[1]["id"]))
    if results:
        best = results[0][0]
        results = [(score, doc) for score, doc in results if score >= best * RELATIVE_CUTOFF]
    return results


def search_learning(*, query: str, locale: Locale, limit: int = 20) -> list:
    """Live, public courses and lessons of ``locale`` matching ``query``, best first, at most
    ``limit``. Anyone may call it: only what a visitor can read is searched. Courses carry
    ``languages`` (as in the catalogue), lessons ``course``, the course they belong to; each
    says which it is in ``search_kind`` ("course" or "lesson")."""
    found = ranked(query=query, documents=_index(locale))[:limit]
    if not found:
        return []
    courses = {course.pk: course for course in catalogue(locale=locale)}
    lessons = LessonPage.objects.in_bulk([doc["id"] for _, doc in found if doc["kind"] == "lesson"])
    results = []
    for _, doc in found:
        if doc["kind"] == "course" and doc["id"] in courses:
            course = courses[doc["id"]]
            course.search_kind = "course"
            results.append(course)
        elif doc["kind"] == "lesson" and doc["id"] in lessons:
            lesson = lessons[doc["id"]]
            lesson.course = courses.get(doc["course"])
            lesson.search_kind = "lesson"
            results.append(lesson)
    return results
