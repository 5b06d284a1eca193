"""Writes to accounts: accounts made for people without a phone, their printed login sheets,
and which communes a trainer serves."""

import secrets
import string
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from base.audit import audit
from places.models import Commune

from .models import TrainerCommune, User, new_login_key
from .roles import Role, assign_role, is_only_a_learner
from .selectors import may_assign_trainers_in

# No 0/O, 1/l/I: the password is read off paper by people new to keyboards.
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_lowercase + string.digits if c not in "0o1li")
_LOGIN_TOKEN_SALT = "accounts.login-sheet"


def _readable_password(length: int = 10) -> str:
    while True:
        password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))
        # Validators reject all-digit passwords; make sure there is a letter and a digit.
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


@transaction.atomic
def create_account_without_phone(*, full_name: str, language: str = "vi") -> tuple[User, str]:
    """Create a learner account with a generated username and password.

    Returns the user and the plain password, which is shown once, on the printed sheet.
    """
    # No spaces or underscores: the username is typed on a phone keypad.
    name = "".join(full_name.split()).replace("Đ", "D").replace("đ", "d")
    username = get_adapter().generate_unique_username([name, "hocvien"])
    password = _readable_password()
    user = User(username=username, first_name=full_name.strip(), preferred_language=language)
    user.set_password(password)
    user.save()
    assign_role(user, Role.LEARNER)
    return user, password


def renew_login_sheet(*, user: User) -> str:
    """Give the user a new password and void the QR codes printed before; returns the password."""
    password = _readable_password()
    user.set_password(password)
    user.login_key = new_login_key()
    user.save(update_fields=["password", "login_key"])
    return password


def _password_fingerprint(user: User) -> str:
    # Changes with the password hash, so a new password voids the QR codes printed before.
    return salted_hmac(_LOGIN_TOKEN_SALT, user.password).hexdigest()[:16]


def login_token(user: User) -> str:
    """What the QR code on a printed sheet carries; valid for LOGIN_SHEET_DAYS from now."""
    return signing.dumps(
        {"u": user.pk, "k": user.login_key, "p": _password_fingerprint(user)},
        salt=_LOGIN_TOKEN_SALT,
    )


def user_for_login_token(token: str) -> User | None:
    """The account a printed QR code logs in, or None if the code is forged, expired, voided
    by a new sheet or a new password, or names an account a sheet must never open (one with
    a phone, or any role beyond learner)."""
    try:
        data = signing.loads(
            token, salt=_LOGIN_TOKEN_SALT, max_age=timedelta(days=settings.LOGIN_SHEET_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(
        pk=data.get("u"), login_key=data.get("k"), phone__isnull=True
    ).first()
    if user is None or not constant_time_compare(str(data.get("p")), _password_fingerprint(user)):
        return None
    return user if is_only_a_learner(user) else None


def set_preferred_language(*, user: User, language: str) -> None:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


@transaction.atomic
def assign_trainer(*, by: User, trainer: User, commune: Commune) -> TrainerCommune:
    """Record that ``trainer`` serves ``commune`` (its households, certificates, poster, and
    cohorts there). Only an official of the commune or an administrator of its province may
    (``selectors.may_assign_trainers_in``), and only someone with the trainer role can be
    assigned; PermissionDenied otherwise. Assigning twice keeps the first record."""
    if not may_assign_trainers_in(by, commune):
        raise PermissionDenied
    if not trainer.is_active or not trainer.groups.filter(name=Role.TRAINER.value).exists():
        raise PermissionDenied
    link, created = TrainerCommune.objects.get_or_create(
        trainer=trainer, commune=commune, defaults={"assigned_by": by}
    )
    if created:
        audit(
            user=by,
            action="accounts.trainer_assigned",
            target=f"user:{trainer.pk}",
            commune=commune.code,
        )
    return link


@transaction.atomic
def remove_trainer(*, by: User, trainer: User, commune: Commune) -> bool:
    """End ``trainer``'s service of ``commune``: from now on they see none of its households
    and cannot start a cohort there (cohorts they lead keep running). Same permission as
    ``assign_trainer``; returns whether they served it."""
    if not may_assign_trainers_in(by, commune):
        raise PermissionDenied
    removed, _counts = TrainerCommune.objects.filter(trainer=trainer, commune=commune).delete()
    if removed:
        audit(
            user=by,
            action="accounts.trainer_removed",
            target=f"user:{trainer.pk}",
            commune=commune.code,
        )
    return bool(removed)
