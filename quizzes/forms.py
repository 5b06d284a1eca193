"""Turns an answer form's fields into the response the grader reads."""

import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .grading import Question


def shuffled_steps(question: Question, seed: str) -> list:
    """Steps of an ordering question in a stable shuffled order, never the right one."""
    steps = list(question.choices)
    random.Random(seed).shuffle(steps)
    if steps == list(question.choices):
        steps = steps[1:] + steps[:1]
    return steps


def response_from_post(question: Question, data) -> dict:
    kind = question.type
    if kind == "single_choice":
        return {"choice": data.get("choice")}
    if kind == "multiple_choice":
        return {"choices": data.getlist("choices")}
    if kind == "true_false":
        value = {"true": True, "false": False}.get(data.get("value"))
        return {"value": value}
    if kind == "ordering":
        positions = {}
        for step in question.choices:
            try:
                positions[step.id] = int(data.get(f"position-{step.id}", ""))
            except ValueError as error:
                raise ValidationError(_("Give every step a number.")) from error
        if sorted(positions.values()) != list(range(1, len(positions) + 1)):
            raise ValidationError(_("Give each step a different number, from 1 up."))
        return {"order": sorted(positions, key=positions.get)}
    # Tap the right place: an <input type="image"> sends where it was tapped, in pixels of the
    # image as displayed; the displayed size comes with it.
    try:
        x, y = float(data["tap.x"]), float(data["tap.y"])
        width, height = float(data["tap_width"]), float(data["tap_height"])
        return {"x": round(100 * x / width, 2), "y": round(100 * y / height, 2)}
    except (KeyError, ValueError, ZeroDivisionError):
        return {}


class Prefixed:
    """One question's fields out of a form that holds several, their names led by ``prefix``."""

    def __init__(self, data, prefix: str):
        self.data, self.prefix = data, prefix

    def get(self, key, default=None):
        return self.data.get(self.prefix + key, default)

    def getlist(self, key):
        return self.data.getlist(self.prefix + key)

    def __getitem__(self, key):
        return self.data[self.prefix + key]


def question_prefix(number: int) -> str:
    return f"q{number}-"


def whole_quiz_responses(questions: list[Question], data) -> dict[str, dict]:
    """The answered questions of a one-page quiz form, by question id.

    A question left blank, or an ordering numbered wrongly, is left out: the attempt stays
    open and the learner answers it later, one question at a time.
    """
    responses = {}
    for number, question in enumerate(questions, start=1):
        try:
            response = response_from_post(question, Prefixed(data, question_prefix(number)))
        except ValidationError:
            continue
        if any(value not in (None, [], "") for value in response.values()):
            responses[question.id] = response
    return responses
