"""Reads of certificates: a learner's own, a commune's, those due to be learnt again.

"Cần học lại" (learn it again) marks a refresher certificate (one with an expiry date) that
expires within ``RENEW_WITHIN_DAYS`` or has expired, unless it was revoked or the same person
holds a later, unrevoked certificate of the same course (they have learnt it again).
"""

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from places.models import Commune

from .models import Certificate

RENEW_WITHIN_DAYS = 30


def _later_certificate() -> QuerySet[Certificate]:
    """A later, unrevoked certificate of the same course for the same person (the outer row's):
    the account if there is one, else the household member."""
    same_person = Q(holder_id=OuterRef("holder_id"), holder__isnull=False) | Q(
        holder__isnull=True, member_id=OuterRef("member_id"), member__isnull=False
    )
    return Certificate.objects.filter(
        same_person, course_id=OuterRef("course_id"), pk__gt=OuterRef("pk"), revoked_at__isnull=True
    )


def with_renewal(
    certificates: QuerySet[Certificate], *, day: datetime.date | None = None
) -> QuerySet[Certificate]:
    """``certificates`` annotated with ``needs_refresher`` (see the module's docstring): also
    what reminders filter on (``.filter(needs_refresher=True)``)."""
    day = day or timezone.localdate()
    due = Q(
        expires_on__isnull=False,
        expires_on__lte=day + datetime.timedelta(days=RENEW_WITHIN_DAYS),
        revoked_at__isnull=True,
        renewed=False,
    )
    return certificates.annotate(renewed=Exists(_later_certificate())).annotate(
        needs_refresher=ExpressionWrapper(due, output_field=BooleanField())
    )


def certificates_of(*, user, day: datetime.date | None = None) -> QuerySet[Certificate]:
    """The certificates ``user`` holds, newest first, with ``needs_refresher``."""
    mine = Certificate.objects.filter(holder=user).select_related("course", "commune")
    return with_renewal(mine.prefetch_related("skills"), day=day)


def certificates_in(*, commune: Commune, day: datetime.date | None = None):
    """The certificates ``commune`` issued, newest first, with ``needs_refresher``. The caller
    checks the viewer's scope (``households.scopes.commune_in_scope``)."""
    issued = Certificate.objects.filter(commune=commune).select_related("course")
    return with_renewal(issued, day=day)
