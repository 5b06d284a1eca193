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
    # Primary keys (as text) of the skills.Skill rows the question checks.
    skills: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class ReviewedOption:
    """One option as the learner sees it after answering: chosen or not, right or not."""

    id: str
    text: str
    picked: bool
    right: bool


@dataclass(frozen=True)
class ReviewedStep:
    """A step of an ordering question where the learner put it, and whether that is its place."""

    step: Choice
    in_place: bool


@dataclass(frozen=True)
class Review:
    """What a learner is shown once they have answered: what they chose, whether it was right,
    the right answer in words, and why. Each part is empty where the question type has none."""

    grade: Grade
    options: tuple[ReviewedOption, ...] = ()  # choices; true/false as two options
    given_order: tuple[ReviewedStep, ...] = ()  # ordering: the learner's order
    right_order: tuple[Choice, ...] = ()  # ordering: the order it should be
    right_answer: tuple[str, ...] = ()  # the right answer in words
    explanation: tuple[str, ...] = ()
    tapped: tuple[float, float] | None = None  # tap the right place: where, in percent


def review(question: Question, response: dict) -> Review:
    """The review of ``response`` to ``question``, graded as ``grade`` grades it.

    The explanation is the answer's own feedback, followed by the feedback of the right
    choices the learner did not pick, so a wrong answer is always told what was right and why.
    Raises ValidationError like ``grade``.
    """
    result = grade(question, response)
    explanation = list(result.feedback)
    kind = question.type
    if kind in ("single_choice", "multiple_choice"):
        picked = {response.get("choice")} if kind == "single_choice" else set(response["choices"])
        options = tuple(
            ReviewedOption(c.id, c.text, c.id in picked, c.correct) for c in question.choices
        )
        for choice in question.choices:
            if choice.correct and choice.feedback and choice.feedback not in explanation:
                explanation.append(choice.feedback)
        right = tuple(c.text for c in question.choices if c.correct)
        return Review(result, options, right_answer=right, explanation=tuple(explanation))
    if kind == "true_false":
        options = tuple(
            ReviewedOption(
                str(value).lower(), text, response["value"] is value, value is question.is_true
            )
            for value, text in ((True, _("True")), (False, _("False")))
        )
        right = tuple(o.text for o in options if o.right)
        return Review(result, options, right_answer=right, explanation=tuple(explanation))
    if kind == "ordering":
        steps = {c.id: c for c in question.choices}
        given = tuple(
            ReviewedStep(steps[step_id], step_id == question.choices[n].id)
            for n, step_id in enumerate(response["order"])
        )
        return Review(
            result,
            given_order=given,
            right_order=question.choices,
            right_answer=tuple(c.text for c in question.choices),
            explanation=tuple(explanation),
        )
    tapped = (float(response["x"]), float(response["y"]))
    return Review(result, tapped=tapped, explanation=tuple(explanation))


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
