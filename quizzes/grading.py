"""Server-side grading of native questions. Pure functions over plain data: no database.

Scoring rules (each question is worth 1):
- single choice, true/false, tap the right place: 1 or 0.
- multiple choice: (right answers picked - wrong answers picked) / right answers, floored at 0,
  so picking everything never pays; only the exact set is "correct".
- put the steps in order: the share of steps in their right position; only the full order
  is "correct".
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Region:
    left: float
    top: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.left + self.width and self.top <= y <= self.top + self.height


@dataclass(frozen=True)
class Question:
    """One question, whatever the language it is shown in; ``id`` is the block id."""

    id: str
    type: str
    prompt: str
    choices: tuple[Choice, ...] = ()  # single/multiple choice; ordering steps in right order
    is_true: bool | None = None
    regions: tuple[Region, ...] = ()
    image: object = None
    image_alt: str = ""
    feedback_correct: str = ""
    feedback_wrong: str = ""


@dataclass
class Grade:
    score: float
    correct: bool
    feedback: list[str] = field(default_factory=list)


def _choice_ids(question: Question) -> set[str]:
    return {choice.id for choice in question.choices}


def _require(condition: bool) -> None:
    if not condition:
        raise ValidationError(_("Choose an answer before going on."))


def grade(question: Question, response: dict) -> Grade:
    """Grade ``response`` (as sent by the answer form) against ``question``.

    Raises ValidationError when the response is empty or names things not in the question.
    """
    return _GRADERS[question.type](question, response)


def _single_choice(question, response):
    picked = response.get("choice")
    _require(picked in _choice_ids(question))
    choice = next(c for c in question.choices if c.id == picked)
    return Grade(
        float(choice.correct), choice.correct, [choice.feedback] if choice.feedback else []
    )


def _multiple_choice(question, response):
    picked = set(response.get("choices") or [])
    _require(bool(picked) and picked <= _choice_ids(question))
    right = {c.id for c in question.choices if c.correct}
    score = max(0.0, (len(picked & right) - len(picked - right)) / len(right))
    feedback = [c.feedback for c in question.choices if c.id in picked and c.feedback]
    return Grade(score, picked == right, feedback)


def _true_false(question, response):
    value = response.get("value")
    _require(value in (True, False))
    correct = value == question.is_true
    text = question.feedback_correct if correct else question.feedback_wrong
    return Grade(float(correct), correct, [text] if text else [])


def _ordering(question, response):
    order = list(response.get("order") or [])
    right = [c.id for c in question.choices]
    _require(len(order) == len(right) and set(order) == set(right))
    in_place = sum(1 for given, expected in zip(order, right, strict=True) if given == expected)
    correct = in_place == len(right)
    text = question.feedback_correct
    return Grade(in_place / len(right), correct, [text] if text else [])


def _tap_the_right_place(question, response):
    try:
        x, y = float(response["x"]), float(response["y"])
    except (KeyError, TypeError, ValueError):
        x = y = None
    _require(x is not None and 0 <= x <= 100 and 0 <= y <= 100)
    correct = any(region.contains(x, y) for region in question.regions)
    text = question.feedback_correct if correct else question.feedback_wrong
    return Grade(float(correct), correct, [text] if text else [])


_GRADERS = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "true_false": _true_false,
    "ordering": _ordering,
    "tap_the_right_place": _tap_the_right_place,
}


def attempt_score(question_scores: list[float], question_count: int) -> float:
    """The attempt's score in [0, 1]: unanswered questions count 0."""
    return sum(question_scores) / question_count if question_count else 0.0


def is_complete(question_ids: list[str], answered_ids: set[str]) -> bool:
    """Whether every question the quiz holds now has an answer. Answers to questions removed
    since do not stand in for questions still to answer."""
    return set(question_ids) <= answered_ids


def score_over(question_ids: list[str], answer_scores: dict[str, float]) -> float:
    """The attempt's score over the quiz's questions as they are now, whatever they were when
    it started: answers to removed questions are left out, unanswered questions count 0."""
    return attempt_score(
        [answer_scores[qid] for qid in question_ids if qid in answer_scores], len(question_ids)
    )
