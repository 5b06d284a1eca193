"""Who may see or act on which households, declared once.

Each role looks through one scope:
- coverage viewers (commune officials, trainers, province administrators) see the households
  of ``selectors.communes_for(user)``;
- a commune official changes their own commune's households and villages;
- an official or a trainer of the commune approves ambassadors and witnesses members;
- an ambassador sees and acts for the members of households they were approved for.

Predicates (``is_official_of`` …) answer yes or no: services ask them before they write, as
wagtail's actions check permission before they execute. Resolvers (``commune_in_scope`` …)
turn a URL's code or id into the object a view acts on, or refuse: Http404 when the user may
not see it at all (so a code or id reveals nothing), PermissionDenied when they may see it but
it is not theirs to change.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import Role, has_role
from accounts.selectors import communes_served
from places.models import Commune

from . import selectors
from .models import AmbassadorLink, Household, Member

# --- predicates ----------------------------------------------------------------------------


def is_official_of(user, commune: Commune) -> bool:
    """An official of ``commune`` itself (or a superuser): who may change its households."""
    return user.is_superuser or (
        has_role(user, Role.COMMUNE_OFFICIAL) and user.home_commune_id == commune.pk
    )


def sees_household(user, household: Household) -> bool:
    return selectors.communes_for(user).filter(pk=household.commune_id).exists()


def may_approve_links_in(user, commune: Commune) -> bool:
    """Whether ``user`` may approve ambassadors for households of ``commune``: an official of
    the commune or a trainer who serves it (a province administrator is neither)."""
    if user.is_superuser:
        return True
    if has_role(user, Role.COMMUNE_OFFICIAL) and user.home_commune_id == commune.pk:
        return True
    return communes_served(user).filter(pk=commune.pk).exists()


def may_witness(user, household: Household) -> bool:
    """An official or trainer who sees ``household`` may say they saw a member do a procedure."""
    return (
        has_role(user, Role.COMMUNE_OFFICIAL) or has_role(user, Role.TRAINER)
    ) and sees_household(user, household)


def is_linked_to(ambassador, household: Household) -> bool:
    """Whether someone other than ``ambassador`` approved them for ``household``."""
    return (
        ambassador.is_authenticated
        and selectors.linked_households(ambassador=ambassador).filter(pk=household.pk).exists()
    )


# --- resolvers for views -------------------------------------------------------------------


def commune_in_scope(*, user, code: str) -> Commune:
    """A commune whose households ``user`` may see; Http404 for any other."""
    return get_object_or_404(selectors.communes_for(user).select_related("province"), code=code)


def commune_for_official(*, user, code: str) -> Commune:
    """A commune ``user`` is an official of: Http404 when they may not see it,
    PermissionDenied when they see it (as a trainer or province administrator) only."""
    commune = commune_in_scope(user=user, code=code)
    if not is_official_of(user, commune):
        raise PermissionDenied
    return commune


def household_in_scope(*, user, pk: int) -> Household:
    """A household ``user`` may see; Http404 for any other."""
    return get_object_or_404(
        selectors.households_in(user=user).select_related("village", "commune"), pk=pk
    )


def household_for_official(*, user, pk: int) -> Household:
    """A household of the commune ``user`` is an official of: Http404 when they may not see
    it, PermissionDenied when they see it only."""
    household = household_in_scope(user=user, pk=pk)
    if not is_official_of(user, household.commune):
        raise PermissionDenied
    return household


def member_in_scope(*, user, household_pk: int, member_id: int) -> Member:
    """A member of a household ``user`` may see (and of that household); Http404 otherwise."""
    household = household_in_scope(user=user, pk=household_pk)
    return get_object_or_404(household.members, pk=member_id)


def link_in_scope(*, user, pk: int) -> AmbassadorLink:
    """An ambassador's request for a household ``user`` may see; Http404 for any other.
    Whether they may approve it is the service's question (``may_approve_links_in``)."""
    links = AmbassadorLink.objects.filter(
        household__commune__in=selectors.communes_for(user)
    ).select_related("household__commune")
    return get_object_or_404(links, pk=pk)


def member_linked_to(*, user, member_id: int) -> Member:
    """A member of a household ``user`` was approved to help as an ambassador; Http404 for
    any other, including households whose request waits or was approved by its ambassador."""
    if not user.is_authenticated:  # linked_households needs a real user to filter on
        raise Http404
    households = selectors.linked_households(ambassador=user)
    return get_object_or_404(Member.objects.filter(household__in=households), pk=member_id)
