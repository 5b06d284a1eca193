"""Reads for accounts: which communes a trainer serves, and who may say so.

A trainer's scope (households, certificates, posters, where they may run a cohort) is the
communes they serve (``communes_served``). Only an official of the commune or an
administrator of its province assigns a trainer to it (``may_assign_trainers_in``).
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from places.models import Commune

from .models import TrainerCommune, User
from .phone import normalize_phone
from .roles import Role, has_role


def communes_served(user) -> QuerySet[Commune]:
    """The communes ``user`` serves as a trainer: every commune for a superuser, none for
    anyone without the trainer role (an assignment outlives a lost role, but counts no more)."""
    if not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    if not has_role(user, Role.TRAINER):
        return Commune.objects.none()
    return Commune.objects.filter(
        pk__in=TrainerCommune.objects.filter(trainer=user).values("commune")
    )


def communes_whose_trainers(user) -> QuerySet[Commune]:
    """The communes whose trainers ``user`` assigns: an official their own commune, a
    province administrator every commune of their province, a superuser all; none otherwise."""
    if not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    allowed = Q(pk__in=[])
    if user.home_commune_id and has_role(user, Role.COMMUNE_OFFICIAL):
        allowed |= Q(pk=user.home_commune_id)
    if user.home_commune_id and has_role(user, Role.PROVINCE_ADMIN):
        allowed |= Q(province_id=user.home_commune.province_id)
    return Commune.objects.filter(allowed)


def may_assign_trainers_in(user, commune: Commune) -> bool:
    return communes_whose_trainers(user).filter(pk=commune.pk).exists()


def trainers_serving(*, commune: Commune) -> QuerySet[TrainerCommune]:
    """Who serves ``commune``, by name; each row says who assigned them and when (no
    ``assigned_by``: carried over from a cohort made before assignments existed)."""
    return (
        TrainerCommune.objects.filter(commune=commune)
        .select_related("trainer", "assigned_by")
        .order_by("trainer__first_name", "trainer__username")
    )


def trainer_by_login(login: str) -> User | None:
    """The active trainer an official means by ``login``: their username, or a phone number
    they verified (a number nobody proved is theirs names nobody)."""
    login = login.strip()
    users = User.objects.filter(is_active=True, groups__name=Role.TRAINER.value)
    try:
        phone = normalize_phone(login)
    except ValidationError:
        phone = None
    if phone:
        by_phone = users.filter(phone=phone, phone_verified=True).first()
        if by_phone:
            return by_phone
    return users.filter(username__iexact=login).first()


def trainer_counts(*, communes) -> dict[int, int]:
    """How many trainers serve each of ``communes``, by commune id (absent: none)."""
    rows = (
        TrainerCommune.objects.filter(commune__in=communes)
        .values("commune")
        .annotate(n=Count("pk"))
        .values_list("commune", "n")
    )
    return dict(rows)
