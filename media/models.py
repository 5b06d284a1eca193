import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


def clip_key(text: str, language: str, voice: str, engine: str) -> str:
    """Identical (normalised) text in the same voice is synthesised once."""
    return hashlib.sha256("\x1f".join([text, language, voice, engine]).encode()).hexdigest()


def text_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode()).hexdigest()


class NarrationClip(models.Model):
    """One piece of audio: synthesised speech or an editor's recording, stored small."""

    RECORDING = "recording"

    key = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    engine = models.CharField(max_length=32)  # "recording" for human voices
    voice = models.CharField(max_length=64, blank=True)
    text = models.TextField()
    audio = models.FileField(upload_to="narration/opus/")
    audio_mp3 = models.FileField(upload_to="narration/mp3/")
    duration = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("narration clip")

    def __str__(self) -> str:
        return f"{self.language} {self.engine} {self.duration:.1f}s"

    @property
    def is_recording(self) -> bool:
        return self.engine == self.RECORDING

    @property
    def size(self) -> int:
        return self.audio.size + self.audio_mp3.size


class BlockNarration(models.Model):
    """What a block of text (a lesson block, a quiz question or choice) sounds like in one
    language, and for which version of its text. A recording always wins over TTS."""

    owner = models.CharField(max_length=64)  # e.g. "page:12", "quiz:3"
    block_id = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    tts_clip = models.ForeignKey(
        NarrationClip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tts_text_hash = models.CharField(max_length=64, blank=True)
    recording = models.ForeignKey(
        NarrationClip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recording_text_hash = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("block narration")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "block_id", "language"],
                name="one_narration_per_block_and_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}/{self.block_id} [{self.language}]"

    def playable(self, current_hash: str) -> NarrationClip | None:
        """The audio for the text as it is now: the recording first, else TTS."""
        if self.recording_id and self.recording_text_hash == current_hash:
            return self.recording
        if self.tts_clip_id and self.tts_text_hash == current_hash:
            return self.tts_clip
        return None


def job_stale_after() -> timedelta:
    """How long a job may go without progress before its worker is taken for dead."""
    return timedelta(seconds=getattr(settings, "NARRATION_JOB_STALE_SECONDS", 600))


class NarrationJob(models.Model):
    """A batch of narration to generate in the background, with its progress.

    A worker holds a job through a lease: ``lease`` names the run at work and
    ``heartbeat_at`` moves with every item. A running job whose heartbeat is older than
    NARRATION_JOB_STALE_SECONDS lost its worker: it is queued again to continue at
    ``position``, at most NARRATION_JOB_MAX_RETRIES times, then marked failed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Finished with errors")

    class StopReason(models.TextChoices):
        WORKER_LOST = "worker_lost", _("The worker stopped before finishing")
        ERROR = "error", _("An unexpected error stopped the work")

    label = models.CharField(max_length=200)
    items = models.JSONField()  # [{"owner", "block_id", "language", "text"}]
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Items before this one are handled (and counted above): a resumed run starts here.
    position = models.PositiveIntegerField(default=0)
    lease = models.UUIDField(null=True, blank=True)
    # When the job was queued or last made progress.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # How many times its worker was lost; resumed automatically up to the retry limit.
    interruptions = models.PositiveSmallIntegerField(default=0)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True)
    error = models.TextField(blank=True)  # the unexpected error's text, for StopReason.ERROR
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("narration job")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        handled = self.done + self.skipped + self.failed
        return round(100 * handled / self.total) if self.total else 100

    @property
    def _quiet_too_long(self) -> bool:
        return self.heartbeat_at < timezone.now() - job_stale_after()

    @property
    def is_interrupted(self) -> bool:
        """Running, but no progress for too long: its worker stopped."""
        return self.status == self.Status.RUNNING and self._quiet_too_long

    @property
    def is_waiting_too_long(self) -> bool:
        """Queued, and no worker has started it for too long (none may be running)."""
        return self.status == self.Status.QUEUED and self._quiet_too_long

    @property
    def is_at_work(self) -> bool:
        """Queued or running, and not stalled: worth watching."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self._quiet_too_long

    @property
    def can_run_again(self) -> bool:
        """Failed, or stalled: the editor may queue it again."""
        return self.status == self.Status.FAILED or self.is_interrupted or self.is_waiting_too_long

    @property
    def stop_message(self) -> str:
        """Why the job as a whole stopped, for the editor; empty when it did not."""
        if self.stop_reason == self.StopReason.WORKER_LOST:
            return ngettext(
                "The worker stopped %(n)d time before finishing; it is not resumed "
                "automatically any more.",
                "The worker stopped %(n)d times before finishing; it is not resumed "
                "automatically any more.",
                self.interruptions,
            ) % {"n": self.interruptions}
        if self.stop_reason == self.StopReason.ERROR:
            return gettext("An unexpected error stopped the work: %(error)s") % {
                "error": self.error
            }
        return ""


class VideoRendition(models.Model):
    """A small copy of an uploaded video for weak connections, made in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="renditions"
    )
    height = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="video/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("video rendition")
        constraints = [
            models.UniqueConstraint(fields=["document", "height"], name="one_rendition_per_size")
        ]

    def __str__(self) -> str:
        return f"{self.document} {self.height}p ({self.status})"
