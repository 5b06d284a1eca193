"""What in a lesson can be heard: its texts by block id, in reading order."""

from media.selectors import can_synthesise
from media.services import NarratableText
from quizzes.models import Quiz
from quizzes.narration import narratable_texts as quiz_texts
from quizzes.narration import narration_owner as quiz_owner

from .blocks import narrated_texts
from .models import LessonPage
from .selectors import course_lessons, course_quizzes


def narration_source(page: LessonPage) -> LessonPage:
    """An untranslated fallback page is read with its Vietnamese original's narration."""
    return page.alias_of.specific if page.alias_of_id else page


def page_owner(page_id: int) -> str:
    """The narration owner of the page with this id (media keeps owners as plain strings)."""
    return f"page:{page_id}"


def narration_owner(page: LessonPage) -> str:
    return page_owner(narration_source(page).pk)


def narratable_texts(page: LessonPage) -> dict[str, str]:
    page = narration_source(page)
    texts = {"title": ". ".join(filter(None, [page.title, page.summary]))}
    texts.update(narrated_texts(page.body))
    return {key: text for key, text in texts.items() if text.strip()}


def lesson_items(page: LessonPage) -> list[NarratableText]:
    page = narration_source(page)
    language = page.locale.language_code
    return [
        NarratableText(narration_owner(page), block_id, language, text)
        for block_id, text in narratable_texts(page).items()
    ]


def quiz_items(quiz: Quiz) -> list[NarratableText]:
    return [
        NarratableText(quiz_owner(quiz), block_id, quiz.locale.language_code, text)
        for block_id, text in quiz_texts(quiz).items()
    ]


def course_items(course) -> list[NarratableText]:
    items = [item for lesson in course_lessons(course=course) for item in lesson_items(lesson)]
    return items + [item for quiz in course_quizzes(course=course) for item in quiz_items(quiz)]


def everything_items() -> list[NarratableText]:
    """Every lesson and quiz text in a language some engine speaks (the rest are left to
    recordings)."""
    items = [
        item
        for page in LessonPage.objects.live().filter(alias_of__isnull=True)
        for item in lesson_items(page)
    ]
    items += [item for quiz in Quiz.objects.all() for item in quiz_items(quiz)]
    return [item for item in items if can_synthesise(item.language)]
