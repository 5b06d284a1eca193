import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.models import TranslationAwarePage

from .blocks import LessonBodyBlock


class LessonPage(TranslationAwarePage):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    # The national framework's skills this lesson teaches (skills.models).
    skills = ParentalManyToManyField(
        "skills.Skill", blank=True, related_name="lessons", verbose_name=_("skills taught")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def serves_learners_from_cache(self) -> bool:
        # An H5P activity's player and its form are drawn for the learner only; the rest of a
        # lesson's learner parts (progress, the "done" form, practice) are filled in.
        from .blocks import h5p_placed_in

        return not h5p_placed_in(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from media.selectors import playable_narration

        from .narration import narratable_texts, narration_owner, narration_source
        from .selectors import small_videos
        from .videos import video_for_reader

        context.update(self.learner_context(request))
        # Read by VideoBlock.get_context, by block id.
        context["small_videos"] = small_videos(lesson=self)
        owner, texts = narration_owner(self), narratable_texts(self)
        # Not yet translated: the Vietnamese text, heard in the reader's language where an
        # editor recorded it, else in Vietnamese.
        spoken = (
            playable_narration(owner=owner, language=self.locale.language_code, texts=texts)
            if self.is_untranslated_fallback
            else {}
        )
        context["narration_in_reader_language"] = bool(spoken)
        context["narration"] = spoken or playable_narration(
            owner=owner, language=narration_source(self).locale.language_code, texts=texts
        )
        # In the reader's language where it was narrated in it, else the original's.
        context["lesson_video"] = video_for_reader(self)
        return context

    def learner_context(self, request) -> dict:
        """The part of the page's context that differs from one learner to another: all a
        learner's parts of the page need (cms.learner_parts renders them alone)."""
        from .selectors import lesson_page_state

        state = lesson_page_state(user=request.user, lesson=self)
        return {**state, "client_id": uuid.uuid4()}


class LessonProgress(models.Model):
    """An event: a learner finished a lesson. Appended, never edited; completion is derived.

    ``client_id`` is made by the browser (or the form) once per action, so a retried request
    is recognised and never counted twice.
    """

    class Event(models.TextChoices):
        COMPLETED = "completed", _("completed")

    client_id = models.UUIDField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    # The page read, in its language. Deleting it keeps the event (completion is counted by
    # ``lesson_key``, which its translations share) and the title it had.
    lesson = models.ForeignKey(
        LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="progress"
    )
    lesson_title = models.CharField(_("lesson title"), max_length=255, blank=True)
    # Shared by a lesson's translations: finishing it in any language finishes it.
    lesson_key = models.UUIDField(db_index=True)
    event = models.CharField(max_length=20, choices=Event.choices, default=Event.COMPLETED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        indexes = [models.Index(fields=["user", "lesson_key"])]

    def __str__(self) -> str:
        return f"{self.user} {self.event} {self.lesson_title}"

    def save(self, *args, **kwargs):
        # Snapshot on write, so the record still says what was finished once the page is gone.
        if self.lesson_id and not self.lesson_title:
            self.lesson_title = self.lesson.title
        super().save(*args, **kwargs)


class LessonVideo(models.Model):
    """A short video of a lesson in one language, made in the background from its narration:
    each narrated part shown as long as it is heard (pictures with their tap marker, text as
    cards), with captions. ``fingerprint`` says which state of the lesson, its pictures, its
    narration and the render settings the files (or the failure) are for: a video is shown
    only while it matches the lesson as it is now."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RENDERING = "rendering", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    # The Vietnamese original (or a real translation): fallback pages read their source's.
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="videos")
    # The narration's language; the captions are in the text's.
    language = models.CharField(_("language"), max_length=8)
    fingerprint = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    file = models.FileField(upload_to="lesson-video/", blank=True)
    small_file = models.FileField(upload_to="lesson-video/", blank=True)
    poster = models.FileField(upload_to="lesson-video/", blank=True)
    captions = models.TextField(blank=True)  # WebVTT
    duration = models.FloatField(default=0)  # seconds
    bytes = models.PositiveIntegerField(default=0)
    small_bytes = models.PositiveIntegerField(default=0)
    render_seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    # The render at work holds the video by this lease since ``claimed_at``.
    lease = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lesson video")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "language"], name="one_video_per_lesson_and_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} [{self.language}] {self.status}"

    @property
    def megabytes(self) -> float:
        return self.bytes / 1_000_000

    @property
    def small_megabytes(self) -> float:
        return self.small_bytes / 1_000_000


class PracticeRun(models.Model):
    """A learner went through a procedure's screens in a lesson's practice step, tapping where
    they would tap on their phone. The browser sends every tap; the server scores them against
    the step's markers (lessons.practice), so a run is never taken on the browser's word.
    ``client_id`` is made once per run: a retried send is stored once."""

    client_id = models.UUIDField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_runs"
    )
    # As for LessonProgress: the page in its language, its shared key, the title it had.
    lesson = models.ForeignKey(
        LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="practice_runs"
    )
    lesson_key = models.UUIDField(db_index=True)
    lesson_title = models.CharField(_("lesson title"), max_length=255, blank=True)
    # The practice block (StreamField block id) and the procedure it rehearses.
    block_id = models.CharField(max_length=64)
    procedure = models.CharField(_("procedure"), max_length=200)
    screens = models.PositiveSmallIntegerField(_("screens"))
    # Taps the server counted as right (one per screen when finished) and wrong.
    right_taps = models.PositiveSmallIntegerField(default=0)
    wrong_taps = models.PositiveSmallIntegerField(_("wrong taps"), default=0)
    hints_shown = models.PositiveSmallIntegerField(_("hints shown"), default=0)
    completed = models.BooleanField(_("finished"), default=False)
    # Finished with no wrong tap and no hint: evidence of ability (households).
    without_help = models.BooleanField(_("without help"), default=False)
    taps = models.JSONField(default=list)  # [{"screen": i, "x": %, "y": %}] as sent
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practice run")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "lesson_key"])]

    def __str__(self) -> str:
        return f"{self.user} {self.procedure}: {self.right_taps}/{self.screens}"
