import pytest
from django.core.exceptions import ValidationError

from quizzes.grading import (
    Choice,
    Question,
    Region,
    attempt_score,
    grade,
    is_complete,
    score_over,
)

A, B, C = (Choice("a", "A", True, "yes"), Choice("b", "B", False, "no"), Choice("c", "C", True))
single = Question("q1", "single_choice", "?", choices=(A, Choice("b", "B", False, "no")))
multiple = Question("q2", "multiple_choice", "?", choices=(A, B, C))
ordering = Question(
    "q3",
    "ordering",
    "?",
    choices=(Choice("1", "x"), Choice("2", "y"), Choice("3", "z"), Choice("4", "w")),
)
true_false = Question("q4", "true_false", "?", is_true=False, feedback_wrong="It is false.")
tap = Question(
    "q5",
    "tap_the_right_place",
    "?",
    regions=(Region(10, 80, 80, 10),),
    feedback_wrong="At the bottom.",
)


def test_single_choice_is_all_or_nothing_with_the_choice_feedback():
    assert grade(single, {"choice": "a"}).__dict__ == {
        "score": 1.0,
        "correct": True,
        "feedback": ["yes"],
    }
    assert grade(single, {"choice": "b"}).__dict__ == {
        "score": 0.0,
        "correct": False,
        "feedback": ["no"],
    }


@pytest.mark.parametrize(
    "picked, score, correct",
    [
        (["a", "c"], 1.0, True),
        (["a"], 0.5, False),
        (["a", "b"], 0.0, False),  # one right, one wrong cancel out
        (["a", "b", "c"], 0.5, False),  # ticking everything never earns full marks
        (["b"], 0.0, False),  # floored at zero
    ],
)
def test_multiple_choice_partial_credit(picked, score, correct):
    result = grade(multiple, {"choices": picked})
    assert (result.score, result.correct) == (score, correct)


@pytest.mark.parametrize(
    "order, score",
    [(["1", "2", "3", "4"], 1.0), (["2", "1", "3", "4"], 0.5), (["4", "3", "2", "1"], 0.0)],
)
def test_ordering_scores_steps_in_their_right_place(order, score):
    result = grade(ordering, {"order": order})
    assert result.score == score
    assert result.correct == (score == 1.0)


def test_true_false():
    assert grade(true_false, {"value": False}).correct
    wrong = grade(true_false, {"value": True})
    assert (wrong.score, wrong.feedback) == (0.0, ["It is false."])


@pytest.mark.parametrize(
    "x, y, correct",
    [(50, 85, True), (10, 80, True), (90, 90, True), (50, 50, False), (95, 85, False)],
)
def test_tap_inside_a_right_rectangle(x, y, correct):
    assert grade(tap, {"x": x, "y": y}).correct is correct


@pytest.mark.parametrize(
    "question, response",
    [
        (single, {}),
        (single, {"choice": "zzz"}),
        (multiple, {"choices": []}),
        (multiple, {"choices": ["a", "zzz"]}),
        (ordering, {"order": ["1", "2", "3"]}),
        (ordering, {"order": ["1", "1", "2", "3"]}),
        (true_false, {"value": None}),
        (tap, {"x": "left", "y": 3}),
        (tap, {"x": 150, "y": 3}),
    ],
)
def test_empty_or_foreign_answers_are_refused_not_graded(question, response):
    with pytest.raises(ValidationError):
        grade(question, response)


def test_unanswered_questions_count_zero():
    assert attempt_score([1.0, 0.5], 4) == 0.375


def test_the_score_is_over_the_questions_the_quiz_holds_now():
    # "gone" was answered, then removed from the quiz; "new" was added and is unanswered.
    scores = {"q1": 1.0, "gone": 0.0, "q2": 0.5}
    assert score_over(["q1", "q2", "new"], scores) == 0.5
    assert score_over(["q1", "q2"], scores) == 0.75
    assert score_over([], scores) == 0.0


def test_an_answer_to_a_removed_question_does_not_stand_in_for_one_still_to_answer():
    assert is_complete(["q1", "q2"], {"q1", "q2", "gone"})
    assert not is_complete(["q1", "q2", "new"], {"q1", "q2", "gone"})
