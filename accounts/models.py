import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


def new_login_key() -> str:
    return secrets.token_urlsafe(16)


class User(AbstractUser):
    """A person on the platform. E-mail is optional: many of our users have none."""

    phone = PhoneNumberField(_("phone number"), unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )
    home_commune = models.ForeignKey(
        "places.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home commune"),
    )
    # Secret behind the QR code on a printed login sheet; rotating it voids old sheets.
    login_key = models.CharField(max_length=32, default=new_login_key, editable=False)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class TrainerCommune(models.Model):
    """A trainer serves a commune: its households, certificates and poster are in their scope,
    and they may run cohorts there. An official of the commune or an administrator of its
    province records it (``accounts.services.assign_trainer``); a trainer cannot add one."""

    trainer = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="served_communes",
        verbose_name=_("trainer"),
    )
    commune = models.ForeignKey(
        "places.Commune",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("commune"),
    )
    # Empty for the assignments made from the cohorts that existed before (migration 0006).
    assigned_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("trainer of a commune")
        verbose_name_plural = _("trainers of communes")
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "commune"], name="trainer_serves_commune_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainer} → {self.commune}"
