"""Certificates a learner or a commune can show, and anyone can verify from their QR code."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Level


def new_certificate_code() -> str:
    # 96 random bits: unguessable; the QR code carries it signed (certificates.codes).
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """Issued once per passed final check (``attempt``) or witnessed procedure
    (``evidence``). Names, titles and skills are copied at issue time: the certificate says
    what was shown then, whatever later happens to the course or the account."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(
        max_length=32, unique=True, default=new_certificate_code, editable=False
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    member = models.ForeignKey(
        "households.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_name = models.CharField(_("holder's name"), max_length=150)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course"), max_length=255)
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="certificates")
    commune = models.ForeignKey(
        "places.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing commune"),
    )
    level = models.PositiveSmallIntegerField(_("evidence level"), choices=Level.choices)
    attempt = models.OneToOneField(
        "quizzes.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.OneToOneField(
        "households.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["commune", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.course_title} ({self.issued_on:%d/%m/%Y})"

    def status_on(self, day=None) -> str:
        day = day or timezone.localdate()
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_on and self.expires_on < day:
            return self.Status.EXPIRED
        return self.Status.VALID
