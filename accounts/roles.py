"""Roles are Django groups; this module is the one place that checks them."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    AMBASSADOR = "ambassador", _("Student ambassador")
    TRAINER = "trainer", _("Trainer")
    COMMUNE_OFFICIAL = "commune_official", _("Commune official")
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    # Speakers of a language who record lessons in it (often ambassadors or trainers).
    VOICE_CONTRIBUTOR = "voice_contributor", _("Voice contributor")
    # Edit the interface strings of the minority languages in the browser (django-rosetta).
    TRANSLATOR = "translator", _("Translator")
    # Wagtail's own "Editors" group already carries the page permissions editors need.
    EDITOR = "Editors", _("Editor")


# Who may see households' coverage and the dashboards (each within their own scope).
COVERAGE_VIEWERS = (Role.COMMUNE_OFFICIAL, Role.TRAINER, Role.PROVINCE_ADMIN)


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role.value in _role_names(user)


def _role_names(user) -> frozenset[str]:
    """The user's groups, read once per user object (a request's menu asks about four
    roles); assign_role forgets them."""
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return names


def only_learners(users: models.QuerySet) -> models.QuerySet:
    """The active users among ``users`` with no role but learner and no permission or staff
    right: the only accounts a trainer may add to a cohort or open with a printed sheet."""
    return (
        users.filter(is_active=True, is_staff=False, is_superuser=False)
        .exclude(groups__in=Group.objects.exclude(name=Role.LEARNER.value))
        .exclude(user_permissions__isnull=False)
    )


def is_only_a_learner(user) -> bool:
    return only_learners(get_user_model().objects.filter(pk=user.pk)).exists()


def can_translate_interface(user) -> bool:
    """Who may edit the minority languages' interface strings in the browser (rosetta)."""
    return has_role(user, Role.TRANSLATOR)


def assign_role(user, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


def role_required(*roles: Role):
    """View decorator: log in first, then 403 unless the user holds one of ``roles``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_role(request.user, role) for role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
