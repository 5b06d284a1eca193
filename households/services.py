"""Writes about households: consent, deletion on request, evidence of capability.

Nobody vouches for themselves: approving an ambassador's request, witnessing a skill and
recording a teaching visit are refused (PermissionDenied, with a message for people) when
the person acting is the one concerned, whatever roles they also hold.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.audit import audit

from .importing import CONSENT_PURPOSE
from .models import AmbassadorLink, Consent, Evidence, Household, Member, TeachingVisit
from .selectors import linked_households, may_approve_links_in

# Evidence that rests on someone's word (not on a quiz the member passed): that someone
# must not be the member.
ATTESTED_KINDS = {Evidence.Kind.AMBASSADOR_SAYS, Evidence.Kind.WITNESSED}


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
    """Record why we believe ``member`` can use online public services (once per day, kind
    and procedure). ``user`` is who vouches for it, None for imports; a person never vouches
    for their own skill (PermissionDenied)."""
    if kind in ATTESTED_KINDS and _is_the_member(user, member):
        raise PermissionDenied(
            _("You cannot vouch for your own skill; someone else must see you do it.")
        )
    evidence, _created = Evidence.objects.get_or_create(
        member=member,
        kind=kind,
        attempt=attempt,
        procedure=procedure,
        observed_on=observed_on or datetime.date.today(),
        defaults={"level": Evidence.LEVEL_OF[kind], "note": note, "recorded_by": user},
    )
    return evidence


def _is_the_member(user, member: Member) -> bool:
    return user is not None and member.user_id is not None and member.user_id == user.pk


ASSISTED_PREFIX = "household-member:"


def assisted_quiz_passed(*, attempt) -> Evidence | None:
    """A member passed the final check on an ambassador's phone: evidence for the member,
    if the ambassador is (still) approved for their household."""
    member_id = int(attempt.assisted_for.removeprefix(ASSISTED_PREFIX))
    member = Member.objects.filter(
        pk=member_id, household__in=linked_households(ambassador=attempt.user)
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
    """``user`` lets the ambassador see the household. Only an official or trainer of the
    household's commune may, and never for their own request (PermissionDenied otherwise);
    approving twice keeps the first approval."""
    if link.ambassador_id == user.pk:
        raise PermissionDenied(
            _(
                "You cannot approve your own request; another official or trainer of the "
                "commune must."
            )
        )
    if not may_approve_links_in(user, link.household.commune):
        raise PermissionDenied(
            _("Only an official or a trainer of the household's commune can approve this.")
        )
    if not link.is_approved or link.approved_by_id == link.ambassador_id:
        link.approved_by, link.approved_at = user, timezone.now()
        link.save(update_fields=["approved_by", "approved_at"])
    return link


def record_visit(
    *, ambassador, member: Member, skill: str, visited_on: datetime.date
) -> TeachingVisit:
    """The ambassador taught ``member`` (once per skill and day). Teaching oneself is not a
    visit (PermissionDenied). The caller checks the ambassador is approved for the household."""
    if _is_the_member(ambassador, member):
        raise PermissionDenied(_("You cannot record a teaching visit to yourself."))
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
