"""Reminders that bring people back: one at most a week per person, in the app and by SMS."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """One reminder sent to one person: the log of what was sent, and the notice they see in
    the app until they close it. ``week`` (the Monday of the week it was sent) makes a second
    reminder in the same week impossible even when two runs overlap."""

    class Kind(models.TextChoices):
        COME_BACK = "come_back", _("Learner has not come back to their cohort")
        CERTIFICATE_EXPIRES = "certificate_expires", _("Certificate expires soon")
        HOUSEHOLD_WAITING = "household_waiting", _("Household waiting for approval")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What it is about, e.g. "cohort:12", "certificate:40", "household-link:7".
    subject = models.CharField(max_length=60)
    message = models.CharField(_("message"), max_length=300)
    link = models.CharField(max_length=300, blank=True)
    week = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    sms_sent = models.BooleanField(_("sent by SMS"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="one_reminder_per_person_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.week}"


class OptOut(models.Model):
    """This person asked for no more reminders (in the app or by SMS)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")

    def __str__(self) -> str:
        return str(self.user)
