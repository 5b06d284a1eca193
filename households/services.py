"""Writes about households: consent, deletion on request, evidence of capability."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.services import audit

from .importing import CONSENT_PURPOSE
from .models import AmbassadorLink, Consent, Evidence, Household, Member, TeachingVisit


@transaction.atomic
def delete_household(*, household: Household, user, reason: str) -> None:
    """Consent withdrawn or deletion asked for: the household's personal data goes now.
    The log keeps only that it happened, by whom and why, not the data."""
    audit(
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


ASSISTED_PREFIX = "household-member:"


def assisted_quiz_passed(*, attempt) -> Evidence | None:
    """A member passed the final check on an ambassador's phone: evidence for the member,
    if the ambassador is (still) approved for their household."""
    member_id = int(attempt.assisted_for.removeprefix(ASSISTED_PREFIX))
    member = Member.objects.filter(
        pk=member_id,
        household__ambassador_links__ambassador=attempt.user,
        household__ambassador_links__approved_at__isnull=False,
    ).first()
    if member is None:
        return None
    return record_evidence(
        member=member,
        kind=Evidence.Kind.ASSISTED_QUIZ,
        user=attempt.user,
        procedure=str(attempt.quiz),
        attempt=attempt,
        observed_on=attempt.finished_at.date(),
    )


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


def request_link(*, ambassador, household: Household, relation: str) -> AmbassadorLink:
    link, _created = AmbassadorLink.objects.get_or_create(
        ambassador=ambassador, household=household, defaults={"relation": relation}
    )
    return link


def approve_link(*, link: AmbassadorLink, user) -> AmbassadorLink:
    if not link.is_approved:
        link.approved_by, link.approved_at = user, timezone.now()
        link.save(update_fields=["approved_by", "approved_at"])
    return link


def record_visit(
    *, ambassador, member: Member, skill: str, visited_on: datetime.date
) -> TeachingVisit:
    visit, _created = TeachingVisit.objects.get_or_create(
        ambassador=ambassador, member=member, skill=skill, visited_on=visited_on
    )
    return visit


@transaction.atomic
def save_household(*, form, members, user) -> Household:
    """Save a household typed in by hand, with its members and (for a new one) consent."""
    household = form.save(commit=False)
    household.commune = form.commune
    household.save()
    members.instance = household
    members.save()
    if form.cleaned_data.get("consent_by"):
        Consent.objects.get_or_create(
            household=household,
            given_by=form.cleaned_data["consent_by"],
            given_on=form.cleaned_data["consent_on"],
            defaults={"purpose": str(CONSENT_PURPOSE), "recorded_by": user},
        )
    audit(
        user=user,
        action="household.save",
        target=f"commune:{household.commune.code}",
        code=household.code,
    )
    return household
