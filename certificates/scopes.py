"""Who may see and who may revoke a certificate, declared once.

- Its holder sees it; so do the coverage viewers whose scope holds its issuing commune
  (``households.selectors.communes_for``: the commune's officials, the trainers who serve it,
  the province's administrators).
- Only the issuing commune's officials and its province's administrators revoke it.
Anyone else is answered 404 (``certificate_in_scope``): a number in an address reveals nothing.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import Role, has_role
from households import scopes as household_scopes
from households.selectors import communes_for

from .models import Certificate


def may_see(user, certificate: Certificate) -> bool:
    if not user.is_authenticated:
        return False
    if certificate.holder_id == user.pk or user.is_superuser:
        return True
    return (
        certificate.commune_id is not None
        and communes_for(user).filter(pk=certificate.commune_id).exists()
    )


def may_revoke(user, certificate: Certificate) -> bool:
    """An official of the issuing commune, or an administrator of its province."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    commune = certificate.commune
    if commune is None:
        return False
    if has_role(user, Role.COMMUNE_OFFICIAL) and household_scopes.is_official_of(user, commune):
        return True
    return (
        has_role(user, Role.PROVINCE_ADMIN)
        and user.home_commune_id is not None
        and user.home_commune.province_id == commune.province_id
    )


def certificate_in_scope(*, user, pk: int) -> Certificate:
    """A certificate ``user`` may see; Http404 for any other."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("course", "commune__province"), pk=pk
    )
    if not may_see(user, certificate):
        raise Http404
    return certificate
