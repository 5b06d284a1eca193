"""Writes about households: consent, deletion on request, evidence of capability."""

import datetime

from django.db import transaction

from accounts.models import AuditEvent

from .models import Evidence, Household, Member


def log(*, user, action: str, target: str, **detail) -> None:
    AuditEvent.objects.create(
        user=user if user and user.is_authenticated else None,
        action=action,
        target=target,
        detail=detail,
    )


@transaction.atomic
def delete_household(*, household: Household, user, reason: str) -> None:
    """Consent withdrawn or deletion asked for: the household's personal data goes now.
    The log keeps only that it happened, by whom and why, not the data."""
    log(
        user=user,
        action="household.delete",
        target=f"commune:{household.commune.code}",
        code=household.code,
        reason=reason,
        members=household.members.count(),
    )
    household.delete()


def record_evidence(
    *,
    member: Member,
    kind: str,
    user,
    procedure: str = "",
    note: str = "",
    observed_on: datetime.date | None = None,
    attempt=None,
) -> Evidence:
    evidence, _created = Evidence.objects.get_or_create(
        member=member,
        kind=kind,
        attempt=attempt,
        procedure=procedure,
        observed_on=observed_on or datetime.date.today(),
        defaults={"level": Evidence.LEVEL_OF[kind], "note": note, "recorded_by": user},
    )
    return evidence


def quiz_passed(*, attempt) -> list[Evidence]:
    """A learner who belongs to a household passed a course's final check: their member
    record gets quiz_verified evidence (once per attempt)."""
    return [
        record_evidence(
            member=member,
            kind=Evidence.Kind.QUIZ,
            user=attempt.user,
            procedure=str(attempt.quiz),
            attempt=attempt,
            observed_on=attempt.finished_at.date(),
        )
        for member in Member.objects.filter(user=attempt.user)
    ]
