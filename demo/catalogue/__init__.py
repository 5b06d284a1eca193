"""The demo catalogue: Vietnamese courses for people new to smartphones, read from the YAML
files in ``demo/catalogue/``, one file per course.

Written in Vietnamese only. Minority-language versions are left to translators who can vouch
for them; until then those locales fall back to Vietnamese and say so.
Menu names on the real apps change from time to time: lessons say so where it matters.

A file is named ``<number>-<course slug>.yaml``; the number orders the catalogue. It holds the
course's fields (``COURSE`` below), its ``lessons`` (``LESSON``) and, if it has one, its
``final_quiz`` (``FINAL_QUIZ``). Lesson bodies and quiz questions are lists of blocks, each
written as ``- <block type>: <value>``:

- ``text``: HTML, kept as written;
- ``steps``: an optional ``title`` and ``steps``, a list of one-paragraph texts; a step
  that shows a phone screen is a mapping instead: its ``text``, the ``screen`` (described as in
  ``demo/screens.py``: ``kind``, the texts on it, and ``tap``, the text of what to press),
  an optional ``caption`` under the picture (120 characters at most) and an optional ``alt``
  (what the picture shows; written from the screen when absent);
- ``callout``: ``kind`` (info, tip or warning) and a one-paragraph ``text``;
- ``practice_link``: ``title``, ``url`` and an optional ``description``;
- ``practice``: the ``procedure``'s name, an optional ``intro`` and its ``screens``, each a
  ``hint`` (shown after a wrong tap), the ``screen`` (as a step's, and ``tap`` is required:
  the marker the learner must find is computed from it), an optional ``caption`` and ``alt``;
- questions: the fields of the question blocks in ``quizzes/blocks.py``, HTML prompts included.

A course, a lesson and a final-quiz question may list the ``skills`` it teaches or checks, by
their codes in the current skills framework (``skills/data/``, e.g. ``[0.2, 1.2]`` written as
``["0.2", "1.2"]``); an unknown code is refused. ``seed_demo`` tags the pages and questions
through ``tag_skills`` once the framework is loaded.

One-paragraph texts are inline HTML (``<b>`` is fine); the loader puts them in ``<p>``.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demo import screens
from demo.data_files import REQUIRED, DemoDataError, fields, items, read_yaml
from skills import framework_file

CATALOGUE_DIR = Path(__file__).parent
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
FILE_NAME = re.compile(rf"(?P<number>\d+)-(?P<slug>{SLUG})\.yaml")

COURSE = {
    "title": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "competence_area": (str, REQUIRED),
    "audience": (str, REQUIRED),
    "estimated_minutes": (int, REQUIRED),
    "is_essential": (bool, REQUIRED),
    # Refresher courses: months until their certificates expire (CoursePage's field).
    "certificate_valid_months": (int, None),
    "lessons": (list, REQUIRED),
    "final_quiz": (dict, None),
    "skills": (list, []),
}
LESSON = {
    "slug": (str, REQUIRED),
    "title": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "estimated_minutes": (int, REQUIRED),
    "body": (list, REQUIRED),
    "skills": (list, []),
}
FINAL_QUIZ = {
    "title": (str, REQUIRED),
    "intro": (str, REQUIRED),
    "pass_mark": (int, 80),
    "questions": (list, REQUIRED),
}
BODY_BLOCKS = {
    "steps": {"title": (str, ""), "steps": (list, REQUIRED)},
    "callout": {"kind": (str, REQUIRED), "text": (str, REQUIRED)},
    "practice_link": {
        "title": (str, REQUIRED),
        "url": (str, REQUIRED),
        "description": (str, ""),
    },
    "practice": {"procedure": (str, REQUIRED), "intro": (str, ""), "screens": (list, REQUIRED)},
}
PICTURED_STEP = {
    "text": (str, REQUIRED),
    "screen": (dict, REQUIRED),
    "caption": (str, ""),
    "alt": (str, ""),
}
PRACTICE_SCREEN = {
    "hint": (str, REQUIRED),
    "screen": (dict, REQUIRED),
    "caption": (str, ""),
    "alt": (str, ""),
}
CAPTION_MAX = 120  # StepBlock.caption's max_length (and PracticeScreenBlock's)
TEXT_MAX = 200  # PracticeBlock.procedure's and PracticeScreenBlock.hint's max_length
# The list of drawn screens in each kind of block that has them.
PICTURED_ITEMS = {"steps": "steps", "practice": "screens"}
CHOICE = {"text": (str, REQUIRED), "correct": (bool, REQUIRED), "feedback": (str, "")}
CHOICE_QUESTION = {
    "prompt": (str, REQUIRED),
    "choices": (list, REQUIRED),
    "skills": (list, []),
}
QUESTIONS = {
    "single_choice": CHOICE_QUESTION,
    "multiple_choice": CHOICE_QUESTION,
    "true_false": {
        "prompt": (str, REQUIRED),
        "is_true": (bool, REQUIRED),
        "feedback_correct": (str, ""),
        "feedback_wrong": (str, ""),
        "skills": (list, []),
    },
    "ordering": {
        "prompt": (str, REQUIRED),
        "steps": (list, REQUIRED),
        "feedback": (str, ""),
        "skills": (list, []),
    },
}


@dataclass(frozen=True)
class StepScreen:
    """The screen drawn for a step, ``body[block]["value"][items][step]``: a step of a
    ``steps`` block (``items`` "steps") or a screen of a ``practice`` block ("screens")."""

    block: int
    step: int
    screen: dict  # checked against demo.screens.KINDS, defaults filled in
    items: str = "steps"

    @property
    def practice(self) -> bool:
        return self.items == "screens"


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    summary: str
    estimated_minutes: int
    body: list[dict]  # [{"type": ..., "value": ...}], for lessons.blocks.body_from_json
    # The steps with a picture; seed_demo draws them and fills in screenshot and marker.
    screens: list[StepScreen] = field(default_factory=list)
    skills: tuple[str, ...] = ()  # codes in the skills framework


@dataclass(frozen=True)
class FinalQuiz:
    title: str
    intro: str
    pass_mark: int
    questions: list[tuple[str, dict]]  # (block type, value) as Wagtail stores them
    # The skill codes of each question, in the order of ``questions``.
    question_skills: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    summary: str
    competence_area: str
    audience: str
    estimated_minutes: int
    is_essential: bool
    lessons: list[Lesson]
    final_quiz: FinalQuiz | None
    certificate_valid_months: int | None = None
    skills: tuple[str, ...] = ()  # codes in the skills framework
    path: Path | None = None  # the file it was read from, for messages


def courses(
    directory: Path = CATALOGUE_DIR, *, skill_codes: Iterable[str] | None = None
) -> list[Course]:
    """Every course of ``directory``, in the order of the numbers in the file names.

    Skill codes are checked against ``skill_codes`` (default: the codes of the framework
    version that ``load_skill_framework`` makes current, read from its file).
    Raises DemoDataError, naming the file, for a file that is not valid YAML or does not
    follow the format above."""
    known = set(current_skill_codes() if skill_codes is None else skill_codes)
    found = []
    for path in directory.glob("*.yaml"):
        match = FILE_NAME.fullmatch(path.name)
        if match is None:
            raise DemoDataError(f"{path}: name the file <number>-<course slug>.yaml")
        found.append((int(match["number"]), match["slug"], path))
    if not found:
        raise DemoDataError(f"{directory}: no course files (<number>-<course slug>.yaml)")
    found.sort()
    slugs = [slug for _, slug, _ in found]
    for _, slug, path in found:
        if slugs.count(slug) > 1:
            raise DemoDataError(f"{path}: another file has the course slug {slug!r}")
    return [_course(path, slug, known) for _, slug, path in found]


def current_skill_codes() -> list[str]:
    """The skill codes of the framework version issued last in ``skills/data/`` (the one
    ``load_skill_framework`` makes current), read from its file."""
    try:
        versions = [framework_file.read(path) for path in framework_file.data_files()]
    except framework_file.FrameworkFileError as error:
        raise DemoDataError(str(error)) from error
    if not versions:
        return []
    newest = max(versions, key=lambda data: data.issued_on)
    return [skill.code for group in newest.groups for skill in group.skills]


def _skills(raw: list, known: set[str], *, path: Path, where: str) -> tuple[str, ...]:
    """The skill codes ``raw``, each checked to be a code of the current framework."""
    if not raw:
        return ()
    codes = items(raw, str, path=path, where=f"{where}, skills")
    for code in codes:
        if code not in known:
            raise DemoDataError(
                f"{path}: {where}: unknown skill {code!r} "
                f"(known: {', '.join(sorted(known)) or 'none: load a skills framework'})"
            )
    return tuple(codes)


def _course(path: Path, slug: str, known: set[str]) -> Course:
    data = fields(read_yaml(path), COURSE, path=path, where="course")
    lessons = [
        _lesson(raw, known, path=path, where=f"lesson {number}")
        for number, raw in enumerate(items(data["lessons"], dict, path=path, where="lessons"), 1)
    ]
    lesson_slugs = [lesson.slug for lesson in lessons]
    for lesson in lessons:
        if lesson_slugs.count(lesson.slug) > 1:
            raise DemoDataError(f"{path}: two lessons have the slug {lesson.slug!r}")
    months = data["certificate_valid_months"]
    if months is not None and not 1 <= months <= 120:
        raise DemoDataError(f"{path}: course: certificate_valid_months should be 1 to 120")
    quiz = data["final_quiz"]
    return Course(
        slug=slug,
        **{name: data[name] for name in COURSE if name not in ("lessons", "final_quiz", "skills")},
        lessons=lessons,
        final_quiz=None if quiz is None else _final_quiz(quiz, known, path=path),
        skills=_skills(data["skills"], known, path=path, where="course"),
        path=path,
    )


def _lesson(raw: Any, known: set[str], *, path: Path, where: str) -> Lesson:
    data = fields(raw, LESSON, path=path, where=where)
    if not re.fullmatch(SLUG, data["slug"]):
        raise DemoDataError(f"{path}: {where}: write the slug {data['slug']!r} as a-z, 0-9, -")
    where = f"lesson {data['slug']!r}"
    blocks = items(data["body"], dict, path=path, where=f"{where}, body")
    body = [
        _body_block(block, path=path, where=f"{where}, block {number}")
        for number, block in enumerate(blocks, start=1)
    ]
    found = [
        StepScreen(block=index, step=step_index, screen=step.pop("screen"), items=key)
        for index, block in enumerate(body)
        if (key := PICTURED_ITEMS.get(block["type"]))
        for step_index, step in enumerate(block["value"][key])
        if "screen" in step
    ]
    skills = _skills(data.pop("skills"), known, path=path, where=where)
    return Lesson(**{**data, "body": body}, screens=found, skills=skills)


def _final_quiz(raw: Any, known: set[str], *, path: Path) -> FinalQuiz:
    data = fields(raw, FINAL_QUIZ, path=path, where="final_quiz")
    questions = items(data["questions"], dict, path=path, where="final_quiz, questions")
    read = [
        _question(question, known, path=path, where=f"final_quiz, question {number}")
        for number, question in enumerate(questions, start=1)
    ]
    return FinalQuiz(
        **{**data, "questions": [question for question, _ in read]},
        question_skills=[skills for _, skills in read],
    )


def _block(raw: dict, known: list[str], *, path: Path, where: str) -> tuple[str, Any]:
    """The type and value of a block written as ``{<block type>: <value>}``."""
    if len(raw) != 1:
        raise DemoDataError(f"{path}: {where}: write a block as '<block type>: <value>'")
    [(kind, value)] = raw.items()
    if kind not in known:
        raise DemoDataError(
            f"{path}: {where}: unknown block type {kind!r} (known: {', '.join(known)})"
        )
    return kind, value


def _body_block(raw: dict, *, path: Path, where: str) -> dict:
    kind, value = _block(raw, ["text", *BODY_BLOCKS], path=path, where=where)
    where = f"{where} ({kind})"
    if kind == "text":
        if not isinstance(value, str):
            raise DemoDataError(f"{path}: {where}: should be HTML text")
        return {"type": kind, "value": value}
    value = fields(value, BODY_BLOCKS[kind], path=path, where=where)
    if kind == "steps":
        steps = items(value["steps"], object, path=path, where=f"{where}, steps")
        value["steps"] = [
            _step(step, path=path, where=f"{where}, step {number}")
            for number, step in enumerate(steps, start=1)
        ]
    elif kind == "callout":
        value["text"] = f"<p>{value['text']}</p>"
    elif kind == "practice":
        if len(value["procedure"]) > TEXT_MAX:
            raise DemoDataError(f"{path}: {where}: the procedure is over {TEXT_MAX} characters")
        screens_ = items(value["screens"], dict, path=path, where=f"{where}, screens")
        value["screens"] = [
            _practice_screen(screen, path=path, where=f"{where}, screen {number}")
            for number, screen in enumerate(screens_, start=1)
        ]
    return {"type": kind, "value": value}


def _step(raw: Any, *, path: Path, where: str) -> dict:
    """A step as StepBlock stores it; a step with a picture keeps its checked ``screen``
    for the loader to take out (see ``_lesson``)."""
    if isinstance(raw, str):
        return {"text": f"<p>{raw}</p>", "screenshot": None, "screenshot_alt": ""}
    if not isinstance(raw, dict):
        raise DemoDataError(f"{path}: {where}: write a step as text, or as text and screen")
    data = fields(raw, PICTURED_STEP, path=path, where=where)
    if len(data["caption"]) > CAPTION_MAX:
        raise DemoDataError(f"{path}: {where}: the caption is over {CAPTION_MAX} characters")
    screen = _screen(data["screen"], path=path, where=f"{where}, screen")
    return {
        "text": f"<p>{data['text']}</p>",
        "screenshot": None,
        "screenshot_alt": data["alt"] or screens.describe(screen),
        "marker": {"x": None, "y": None},
        "caption": data["caption"],
        "screen": screen,
    }


def _practice_screen(raw: dict, *, path: Path, where: str) -> dict:
    """A practice screen as PracticeScreenBlock stores it, keeping its checked ``screen`` for
    the loader to take out, like a step's; its ``tap`` is required (the learner's target)."""
    data = fields(raw, PRACTICE_SCREEN, path=path, where=where)
    if len(data["caption"]) > CAPTION_MAX:
        raise DemoDataError(f"{path}: {where}: the caption is over {CAPTION_MAX} characters")
    if len(data["hint"]) > TEXT_MAX:
        raise DemoDataError(f"{path}: {where}: the hint is over {TEXT_MAX} characters")
    screen = _screen(data["screen"], path=path, where=f"{where}, screen")
    if screen["tap"] is None:
        raise DemoDataError(
            f"{path}: {where}: a practice screen needs 'tap', the element the learner must "
            "find on it"
        )
    return {
        "screenshot": None,
        "screenshot_alt": data["alt"] or screens.describe(screen),
        "marker": {"x": None, "y": None},
        "hint": data["hint"],
        "caption": data["caption"],
        "screen": screen,
    }


def _screen(raw: dict, *, path: Path, where: str) -> dict:
    kind = raw.get("kind")
    if kind not in screens.KINDS:
        raise DemoDataError(
            f"{path}: {where}: unknown screen kind {kind!r} (known: {', '.join(screens.KINDS)})"
        )
    spec = {"kind": (str, REQUIRED), **screens.KINDS[kind], "tap": (str, None)}
    screen = fields(raw, spec, path=path, where=f"{where} ({kind})")
    for name, (type_, default) in spec.items():
        if type_ is list and (screen[name] or default is REQUIRED):
            items(screen[name], str, path=path, where=f"{where} ({kind}), {name}")
    on_screen = screens.tappable(screen)
    if screen["tap"] is not None and screen["tap"] not in on_screen:
        raise DemoDataError(
            f"{path}: {where} ({kind}): tap {screen['tap']!r} is not on the screen "
            f"(on it: {', '.join(repr(label) for label in on_screen)})"
        )
    return screen


def _question(
    raw: dict, known: set[str], *, path: Path, where: str
) -> tuple[tuple[str, dict], tuple[str, ...]]:
    """The question as Wagtail stores it, without its skills, and its skill codes (the
    stored value names skills by primary key, known only once the framework is loaded)."""
    kind, value = _block(raw, list(QUESTIONS), path=path, where=where)
    where = f"{where} ({kind})"
    value = fields(value, QUESTIONS[kind], path=path, where=where)
    skills = _skills(value.pop("skills"), known, path=path, where=where)
    if "choices" in value:
        choices = items(value["choices"], dict, path=path, where=f"{where}, choices")
        value["choices"] = [
            fields(choice, CHOICE, path=path, where=f"{where}, choice {number}")
            for number, choice in enumerate(choices, start=1)
        ]
    if "steps" in value:
        items(value["steps"], str, path=path, where=f"{where}, steps")
    return (kind, value), skills


def tag_skills(pages: list, content: list[Course]) -> None:
    """Load the skills framework (``skills/data/``), then tag each course page of ``pages``,
    its lessons and its final quiz's questions with the skills ``content`` gives them.
    Called by seed_demo once the pages and quizzes exist; idempotent."""
    from demo.skill_tags import tag

    tag(pages, content)
