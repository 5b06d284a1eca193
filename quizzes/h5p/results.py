"""xAPI statements from the H5P player become attempts, scored on the server where it can.

Only top-level ``answered``/``completed`` statements (no parent in their context) end an
attempt; the others are sub-questions or interactions. For content types whose answer key
the server holds (multiple choice, true/false), the score is recomputed from
``result.response`` and the package's content; the browser's ``result.score`` is kept only
for comparison.
"""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from base.idempotent import record_once

from ..models import Answer, Attempt, H5PActivity

ENDING_VERBS = {"answered", "completed"}


@dataclass(frozen=True)
class Statement:
    verb: str
    object_id: str
    response: str | None
    reported_score: float | None
    is_top_level: bool

    @property
    def ends_attempt(self) -> bool:
        return self.is_top_level and self.verb in ENDING_VERBS


def parse(statement) -> Statement:
    if not isinstance(statement, dict):
        raise ValidationError(_("The result sent by the activity could not be read."))
    try:
        verb = str(statement["verb"]["id"]).rstrip("/").rsplit("/", 1)[-1]
    except (KeyError, TypeError) as error:
        raise ValidationError(_("The result sent by the activity could not be read.")) from error
    result = statement.get("result") or {}
    parents = ((statement.get("context") or {}).get("contextActivities") or {}).get("parent")
    return Statement(
        verb=verb,
        object_id=str((statement.get("object") or {}).get("id", "")),
        response=result.get("response") if isinstance(result.get("response"), str) else None,
        reported_score=_reported_score(result.get("score")),
        is_top_level=not parents,
    )


def _reported_score(score) -> float | None:
    if not isinstance(score, dict):
        return None
    try:
        if "scaled" in score:
            return min(1.0, max(0.0, float(score["scaled"])))
        return min(1.0, max(0.0, float(score["raw"]) / float(score["max"])))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


def _multichoice(content: dict, response: str) -> float:
    answers = content.get("answers") or []
    right = {i for i, answer in enumerate(answers) if answer.get("correct")}
    try:
        picked = {int(part) for part in response.split("[,]") if part != ""}
    except ValueError as error:
        raise ValidationError(_("The result sent by the activity could not be read.")) from error
    if not picked <= set(range(len(answers))) or not right:
        raise ValidationError(_("The result sent by the activity could not be read."))
    single_point = (content.get("behaviour") or {}).get("singlePoint")
    if len(right) == 1 or single_point:
        return float(picked == right)
    return max(0.0, (len(picked & right) - len(picked - right)) / len(right))


def _true_false(content: dict, response: str) -> float:
    if response not in ("true", "false"):
        raise ValidationError(_("The result sent by the activity could not be read."))
    return float(response == str(content.get("correct", "")).lower())


# Content types whose answers the server checks itself, by main library.
RESCORERS = {"H5P.MultiChoice": _multichoice, "H5P.TrueFalse": _true_false}


def server_score(activity: H5PActivity, statement: Statement) -> float | None:
    """The score recomputed from the answer key, or None when this type cannot be checked."""
    rescore = RESCORERS.get(activity.main_library.machine_name)
    if rescore is None or statement.response is None:
        return None
    return rescore(activity.content_json, statement.response)


def record(*, user, activity: H5PActivity, client_id: UUID, statement: dict) -> Attempt | None:
    """Record a finished attempt from an ending statement; the same client_id counts once.

    Callers have checked that the user may play the activity (``selectors.can_play``).
    Returns None for statements that do not end an attempt.
    """

    def create() -> Attempt | None:
        parsed = parse(statement)
        if not parsed.ends_attempt:
            return None
        score = server_score(activity, parsed)
        source = "server"
        if score is None:
            if parsed.reported_score is None:
                raise ValidationError(_("The result sent by the activity has no score."))
            score, source = parsed.reported_score, "player"
        attempt = Attempt.objects.create(
            client_id=client_id,
            user=user,
            activity=activity,
            quiz_key=activity.folder,
            question_count=1,
            finished_at=timezone.now(),
            score=score,
            passed=round(100 * score, 6) >= activity.pass_mark,
            score_reported_by_player=source == "player",
        )
        Answer.objects.create(
            client_id=client_id,
            attempt=attempt,
            question_id=parsed.object_id[:64] or "h5p",
            response={
                "response": parsed.response,
                "reported_score": parsed.reported_score,
                "score_source": source,
                "verb": parsed.verb,
            },
            score=score,
            correct=score >= 1.0,
        )
        return attempt

    attempt, _created = record_once(
        Attempt,
        client_id=client_id,
        create=create,
        same_submission=lambda earlier: (
            earlier.user_id == user.pk and earlier.activity_id == activity.pk
        ),
    )
    return attempt
