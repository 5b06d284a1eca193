"""Reads for recorded voices: what each contributor may record next, what editors review, and
how far each language is voiced.

Stale is computed, not stored: a take was made for the text hash it keeps, and the published
Vietnamese text is hashed again on every read (the same hash media compares before playing a
recording), so a new published revision makes it stale at once, whatever way it was published.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from wagtail.models import Locale

from lessons.models import LessonPage
from lessons.narration import narratable_texts, narration_owner, narration_source
from media.selectors import can_synthesise
from media.services import NarratableText, spoken_hash

from .models import Recording

# A block's state for its contributor, newest take first.
TO_RECORD, WAITING, REJECTED, STALE, RECORDED = (
    "to_record",
    "waiting",
    "rejected",
    "stale",
    "recorded",
)


def content_languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def default_language(user) -> str:
    """The contributor's own language unless it is Vietnamese; else the first language no
    engine speaks (the ones that need people most)."""
    codes = [code for code, _name in settings.LANGUAGES]
    preferred = getattr(user, "preferred_language", "")
    if preferred in codes and preferred != settings.LANGUAGE_CODE:
        return preferred
    return next(
        (code for code in codes if code != settings.LANGUAGE_CODE and not can_synthesise(code)),
        codes[0],
    )


def source_lessons() -> QuerySet:
    """The live Vietnamese lessons, in site order: the texts people read aloud."""
    return (
        LessonPage.objects.live()
        .filter(locale=Locale.get_default(), alias_of__isnull=True)
        .order_by("path")
    )


def lesson_item(*, lesson: LessonPage, block_id: str, language: str) -> NarratableText | None:
    """The block as media knows it, heard in ``language``; None if the lesson has no such
    block (any more)."""
    source = narration_source(lesson)
    text = narratable_texts(source).get(block_id)
    if text is None:
        return None
    return NarratableText(narration_owner(source), block_id, language, text)


def current_hash(*, text: str, language: str) -> str:
    return spoken_hash(NarratableText("", "", language, text))


def is_stale(recording: Recording, texts: dict[str, str] | None = None) -> bool:
    """The lesson's published text of the block is no longer what was read (or is gone)."""
    if texts is None:
        texts = narratable_texts(recording.lesson)
    text = texts.get(recording.block_id)
    return text is None or current_hash(text=text, language=recording.language) != (
        recording.text_hash
    )


@dataclass
class BlockState:
    block_id: str
    text: str
    state: str
    latest: Recording | None  # the newest take, whatever became of it
    voiced: bool  # a fresh approved take plays for it
    stale_voice: bool  # the approved take was read from an older text: it no longer plays

    @property
    def needs_recording(self) -> bool:
        return self.state in (TO_RECORD, REJECTED, STALE)


def _states(lesson: LessonPage, language: str, takes: list[Recording]) -> list[BlockState]:
    """Per block in reading order; ``takes`` are the lesson's takes in ``language``."""
    texts = narratable_texts(lesson)
    latest: dict[str, Recording] = {}
    approved: dict[str, Recording] = {}
    for take in sorted(takes, key=lambda t: (t.created_at, t.pk)):
        latest[take.block_id] = take
        if take.status == Recording.Status.APPROVED and take.superseded_at is None:
            approved[take.block_id] = take
    states = []
    for block_id, text in texts.items():
        hash_now = current_hash(text=text, language=language)
        take = latest.get(block_id)
        fit = approved.get(block_id)
        voiced = bool(fit and fit.text_hash == hash_now)
        if take is None:
            state = TO_RECORD
        elif take.text_hash != hash_now or (fit and not voiced):
            state = STALE
        elif take.status == Recording.Status.PENDING:
            state = WAITING
        elif take.status == Recording.Status.REJECTED:
            state = REJECTED
        else:
            state = RECORDED
        states.append(BlockState(block_id, text, state, take, voiced, bool(fit and not voiced)))
    return states


def block_states(*, lesson: LessonPage, language: str) -> list[BlockState]:
    """What a contributor sees for each part of ``lesson`` in ``language``."""
    lesson = narration_source(lesson)
    takes = list(Recording.objects.filter(lesson=lesson, language=language).select_related("clip"))
    return _states(lesson, language, takes)


@dataclass
class LessonVoicing:
    lesson: LessonPage
    blocks: list[BlockState] = field(default_factory=list)

    def _count(self, state: str) -> int:
        return sum(1 for block in self.blocks if block.state == state)

    @property
    def total(self) -> int:
        return len(self.blocks)

    @property
    def voiced_parts(self) -> int:
        return sum(1 for block in self.blocks if block.voiced)

    @property
    def waiting(self) -> int:
        return self._count(WAITING)

    @property
    def rejected(self) -> int:
        return self._count(REJECTED)

    @property
    def stale(self) -> int:
        return self._count(STALE)

    @property
    def is_voiced(self) -> bool:
        """Every part has a fresh approved take in this language."""
        return bool(self.blocks) and self.voiced_parts == self.total

    @property
    def has_stale_voice(self) -> bool:
        """At least one approved take no longer matches its text."""
        return any(block.stale_voice for block in self.blocks)


def lessons_for(*, language: str) -> list[LessonVoicing]:
    """Every live Vietnamese lesson with the state of its parts in ``language``."""
    lessons = list(source_lessons())
    takes: dict[int, list[Recording]] = {}
    for take in Recording.objects.filter(language=language, lesson__in=lessons):
        takes.setdefault(take.lesson_id, []).append(take)
    return [
        LessonVoicing(lesson, _states(lesson, language, takes.get(lesson.pk, [])))
        for lesson in lessons
    ]


def waiting_for_review(*, language: str = "") -> list[Recording]:
    """The current takes waiting for an editor, oldest first, each with ``stale`` set."""
    takes = (
        Recording.objects.filter(status=Recording.Status.PENDING, superseded_at__isnull=True)
        .select_related("lesson", "clip", "contributor")
        .order_by("created_at", "pk")
    )
    if language:
        takes = takes.filter(language=language)
    takes = list(takes)
    texts: dict[int, dict[str, str]] = {}
    for take in takes:
        if take.lesson_id not in texts:
            texts[take.lesson_id] = narratable_texts(take.lesson)
        take.stale = is_stale(take, texts[take.lesson_id])
    return takes


@dataclass
class LanguageProgress:
    code: str
    name: str
    lessons: list[LessonVoicing]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def voiced(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.is_voiced)

    @property
    def stale(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.has_stale_voice)

    @property
    def waiting(self) -> int:
        return sum(lesson.waiting for lesson in self.lessons)


def language_progress(*, language: str) -> LanguageProgress:
    return LanguageProgress(
        language, dict(settings.LANGUAGES)[language], lessons_for(language=language)
    )


def progress_by_language() -> list[LanguageProgress]:
    """Per language but Vietnamese (the source): lessons voiced, lessons with a stale voice."""
    return [
        language_progress(language=code)
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    ]
