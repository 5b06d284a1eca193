"""Writes about households: villages, consent, deletion on request, evidence of capability,
ambassadors; and the reads of personal data, which are logged.

Each action checks permission (``scopes``), executes, then logs, as wagtail's actions do: a
view has already refused with 404 or 403, but a script or another app calling here is
refused too (PermissionDenied). Each page or file that shows households' personal data comes
from one ``show_*`` or ``export_*`` function here, which writes its audit row, so no page
shows households unlogged.

Nobody vouches for themselves: approving an ambassador's request, witnessing a skill and
recording a teaching visit are refused (PermissionDenied, with a message for people) when
the person acting is the one concerned, whatever roles they also hold.
"""

import datetime
from uuid import uuid4

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from base.audit import audit
from courses.models import CoursePage
from places.models import Commune, Village
from quizzes.models import Attempt
from quizzes.services import start_attempt

from . import scopes, selectors
from .importing import CONSENT_PURPOSE
from .models import (
    ASSISTED_PREFIX,
    AmbassadorLink,
    Consent,
    Evidence,
    Household,
    Member,
    TeachingVisit,
)


def _require(allowed: bool) -> None:
    # No message: views resolve through ``scopes`` first, so only other callers get here.
    if not allowed:
        raise PermissionDenied


# --- reads of personal data, logged ---------------------------------------------------------


# A page of households: what one phone screen or two holds.
HOUSEHOLDS_PER_PAGE = 25


def show_households(
    *,
    user,
    commune: Commune,
    level: int,
    query: str = "",
    village: Village | None = None,
    covered: bool | None = None,
    page=1,
    per_page: int = HOUSEHOLDS_PER_PAGE,
) -> Page:
    """One page of the households of ``commune`` that ``user`` may see, found as
    ``selectors.find_households`` finds them (none outside their scope); a page number out
    of range gives the nearest page. Logged as ``households.view`` with the level, the page
    and how many were shown; what was searched for (a name) is not logged."""
    households = selectors.find_households(
        selectors.households_in(user=user, commune=commune),
        level=level,
        query=query,
        village=village,
        covered=covered,
    )
    shown = Paginator(households, per_page).get_page(page)
    audit(
        user=user,
        action="households.view",
        target=f"commune:{commune.code}",
        level=level,
        page=shown.number,
        shown=len(shown.object_list),
    )
    return shown


def export_uncovered_households(*, user, commune: Commune, level: int) -> list[Household]:
    """All of them, with ``member_count``, for a spreadsheet; logged as ``households.export``
    with how many rows left the site."""
    households = list(selectors.uncovered_to_visit(user=user, commune=commune, level=level))
    audit(
        user=user,
        action="households.export",
        target=f"commune:{commune.code}",
        level=level,
        rows=len(households),
    )
    return households


def show_household(*, user, household: Household) -> QuerySet[Member]:
    """The members of one household ``user`` may see, with their level; logged as
    ``household.view``. PermissionDenied outside their scope."""
    _require(scopes.sees_household(user, household))
    audit(
        user=user,
        action="household.view",
        target=f"commune:{household.commune.code}",
        code=household.code,
    )
    return selectors.members_with_level(household)


def show_linked_households(*, ambassador) -> list[Household]:
    """The households ``ambassador`` was approved for (and only those); logged as
    ``households.view`` with how many."""
    households = list(selectors.linked_households(ambassador=ambassador).select_related("village"))
    audit(user=ambassador, action="households.view", target="ambassador", shown=len(households))
    return households


# --- villages and households ----------------------------------------------------------------


def add_village(*, commune: Commune, name: str, user) -> Village:
    """An official of ``commune`` adds a village to it (PermissionDenied for anyone else);
    a name it already has adds nothing."""
    _require(scopes.is_official_of(user, commune))
    village, _created = Village.objects.get_or_create(commune=commune, name=name.strip())
    return village


# Evidence that rests on someone's word (not on a quiz the member passed): that someone
# must not be the member.
ATTESTED_KINDS = {Evidence.Kind.AMBASSADOR_SAYS, Evidence.Kind.WITNESSED}


@transaction.atomic
def delete_household(*, household: Household, user, reason: str) -> None:
    """Consent withdrawn or deletion asked for: the household's personal data goes now.
    Only an official of its commune may (PermissionDenied otherwise). The log keeps only
    that it happened, by whom and why, not the data."""
    _require(scopes.is_official_of(user, household.commune))
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
    practice=None,
    course=None,
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
        practice=practice,
        procedure=procedure,
        observed_on=observed_on or datetime.date.today(),
        defaults={
            "level": Evidence.LEVEL_OF[kind],
            "note": note,
            "recorded_by": user,
            "course": course,
        },
    )
    return evidence


def _is_the_member(user, member: Member) -> bool:
    return user is not None and member.user_id is not None and member.user_id == user.pk


def assisted_quiz_passed(*, attempt) -> Evidence | None:
    """A member passed the final check on an ambassador's phone: evidence for the member,
    if the ambassador is (still) approved for their household."""
    member_id = int(attempt.assisted_for.removeprefix(ASSISTED_PREFIX))
    member = Member.objects.filter(
        pk=member_id, household__in=selectors.linked_households(ambassador=attempt.user)
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


def practice_passed(*, run) -> list[Evidence]:
    """A learner who belongs to a household went through a procedure's screens without help
    (lessons.PracticeRun): evidence at the practised level, once per run."""
    return [
        record_evidence(
            member=member,
            kind=Evidence.Kind.PRACTICE,
            user=run.user,
            procedure=run.procedure,
            practice=run,
            observed_on=timezone.localdate(run.created_at),
        )
        for member in Member.objects.filter(user=run.user)
    ]


def witness_member(
    *,
    member: Member,
    user,
    procedure: str,
    observed_on: datetime.date,
    note: str = "",
    course: CoursePage | None = None,
) -> Evidence:
    """An official or trainer who sees the household saw ``member`` do ``procedure``
    (PermissionDenied for anyone else, and for the member themselves). ``course``: the
    course whose skills the procedure shows, for its certificate."""
    _require(scopes.may_witness(user, member.household))
    return record_evidence(
        member=member,
        kind=Evidence.Kind.WITNESSED,
        user=user,
        procedure=procedure,
        observed_on=observed_on,
        note=note,
        course=course,
    )


def start_assisted_check(*, ambassador, member: Member, course: CoursePage) -> Attempt:
    """``member`` takes ``course``'s final check on ``ambassador``'s phone; the attempt counts
    for the member. Only for a household the ambassador is approved for (PermissionDenied);
    ValidationError once the member's attempts are used up."""
    _require(scopes.is_linked_to(ambassador, member.household))
    return start_attempt(
        user=ambassador,
        quiz=course.final_quiz,
        client_id=uuid4(),
        assisted_for=f"{ASSISTED_PREFIX}{member.pk}",
    )


def request_link(*, ambassador, household: Household, relation: str) -> AmbassadorLink:
    """``ambassador`` asks to help ``household``; nothing opens until someone else approves.
    Asking twice keeps the first request."""
    link, _created = AmbassadorLink.objects.get_or_create(
        ambassador=ambassador, household=household, defaults={"relation": relation}
    )
    return link


def request_link_by_code(
    *, ambassador, commune_code: str, household_code: str, relation: str
) -> AmbassadorLink | None:
    """``request_link`` for the household the codes name; None (and nothing written) when
    they name none. The caller answers alike either way, so codes reveal no household."""
    household = Household.objects.filter(
        commune__code=commune_code.strip(), code=household_code.strip()
    ).first()
    if household is None:
        return None
    return request_link(ambassador=ambassador, household=household, relation=relation)


def approve_link(*, link: AmbassadorLink, user) -> AmbassadorLink:
    """``user`` lets the ambassador see the household. Only an official or trainer of the
    household's commune may, and never for their own request (PermissionDenied otherwise);
    approving twice keeps the first approval. Each approval is logged."""
    if link.ambassador_id == user.pk:
        raise PermissionDenied(
            _(
                "You cannot approve your own request; another official or trainer of the "
                "commune must."
            )
        )
    if not scopes.may_approve_links_in(user, link.household.commune):
        raise PermissionDenied(
            _("Only an official or a trainer of the household's commune can approve this.")
        )
    if not link.is_approved or link.approved_by_id == link.ambassador_id:
        link.approved_by, link.approved_at = user, timezone.now()
        link.save(update_fields=["approved_by", "approved_at"])
    audit(
        user=user,
        action="household.link_approved",
        target=f"commune:{link.household.commune.code}",
        code=link.household.code,
    )
    return link


def record_visit(
    *, ambassador, member: Member, skill: str, visited_on: datetime.date
) -> TeachingVisit:
    """The ambassador taught ``member`` (once per skill and day). Teaching oneself is not a
    visit, nor is teaching in a household they are not approved for (PermissionDenied)."""
    if _is_the_member(ambassador, member):
        raise PermissionDenied(_("You cannot record a teaching visit to yourself."))
    _require(scopes.is_linked_to(ambassador, member.household))
    visit, _created = TeachingVisit.objects.get_or_create(
        ambassador=ambassador, member=member, skill=skill, visited_on=visited_on
    )
    return visit


@transaction.atomic  # the visit and the word that goes with it, or neither
def record_teaching_visit(
    *, ambassador, member: Member, skill: str, visited_on: datetime.date, can_do_it: bool
) -> TeachingVisit:
    """``record_visit``, and when the ambassador says the member ``can_do_it`` now, their
    word as evidence (self-reported level). Same refusals as ``record_visit``."""
    visit = record_visit(ambassador=ambassador, member=member, skill=skill, visited_on=visited_on)
    if can_do_it:
        record_evidence(
            member=member,
            kind=Evidence.Kind.AMBASSADOR_SAYS,
            user=ambassador,
            procedure=skill,
            observed_on=visited_on,
        )
    return visit


@transaction.atomic
def save_household(*, form, members, user) -> Household:
    """Save a household typed in by hand, with its members and (for a new one) consent, and
    log it. Only an official of the form's commune may (PermissionDenied otherwise)."""
    _require(scopes.is_official_of(user, form.commune))
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
