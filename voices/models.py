"""People's voices for lessons, in languages no engine speaks.

A ``Recording`` is one take a voice contributor sent for one block of a lesson in one
language. Takes are appended, never edited but for their review (pending → approved or
rejected, once) and the moment a newer take replaced them (``superseded_at``): at most one
pending and one approved take per block and language are current. Whether a take still fits
the lesson is computed, not stored: it was made for ``text_hash``, and the Vietnamese text
may have changed since (see selectors).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Recording(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    client_id = models.UUIDField(unique=True)
    # The Vietnamese source lesson (what lessons.narration.narration_source gives).
    lesson = models.ForeignKey(
        "lessons.LessonPage", on_delete=models.CASCADE, related_name="voice_recordings"
    )
    block_id = models.CharField(max_length=64)
    language = models.CharField(max_length=8)  # a code of settings.LANGUAGES
    # The text read, and its hash as media counts it (normalised in ``language``).
    source_text = models.TextField()
    text_hash = models.CharField(max_length=64)
    clip = models.ForeignKey("media.NarrationClip", on_delete=models.PROTECT, related_name="+")
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recorded voice")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lesson", "language", "block_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "block_id", "language", "status"],
                condition=Q(superseded_at__isnull=True, status__in=["pending", "approved"]),
                name="one_current_take_per_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="a_rejection_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}/{self.block_id} [{self.language}] {self.status}"

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)
