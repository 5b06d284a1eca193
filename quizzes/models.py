from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .blocks import QuestionsBlock
from .grading import Choice, Question, Region


class Quiz(TranslatableMixin, index.Indexed, models.Model):
    """A native quiz, placed in a lesson or at the end of a course; translated like pages."""

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means no limit.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("pass_mark"),
        FieldPanel("max_attempts"),
        FieldPanel("questions"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[Question]:
        return [_question(child) for child in self.questions]


def _text(html) -> str:
    return str(html.source if hasattr(html, "source") else html)


def _question(child) -> Question:
    value, kind = child.value, child.block_type
    common = {
        "id": child.id,
        "type": kind,
        "prompt": _text(value["prompt"]),
        # Absent from questions stored before questions had skills.
        "skills": tuple(str(pk) for pk in value.get("skills") or ()),
    }
    if kind in ("single_choice", "multiple_choice"):
        choices = tuple(
            Choice(
                id=item.id,
                text=item.value["text"],
                correct=bool(item.value["correct"]),
                feedback=item.value["feedback"] or "",
            )
            for item in value["choices"].bound_blocks
        )
        return Question(**common, choices=choices)
    if kind == "true_false":
        return Question(
            **common,
            is_true=bool(value["is_true"]),
            feedback_correct=value["feedback_correct"] or "",
            feedback_wrong=value["feedback_wrong"] or "",
        )
    if kind == "ordering":
        steps = tuple(Choice(id=item.id, text=item.value) for item in value["steps"].bound_blocks)
        explanation = value["feedback"] or ""
        return Question(
            **common, choices=steps, feedback_correct=explanation, feedback_wrong=explanation
        )
    regions = tuple(Region(**dict(region)) for region in value["regions"])
    return Question(
        **common,
        regions=regions,
        image=value["image"],
        image_alt=value["image_alt"],
        feedback_correct=value["feedback_correct"] or "",
        feedback_wrong=value["feedback_wrong"] or "",
    )


class Attempt(models.Model):
    """One go at a quiz (native) or an H5P activity. Scores are always computed here."""

    client_id = models.UUIDField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    # PROTECT: deleting a quiz or an activity never erases learners' results (the admin
    # explains, issue 14); results pages and reports need the quiz they were made on.
    quiz = models.ForeignKey(
        Quiz, null=True, blank=True, on_delete=models.PROTECT, related_name="attempts"
    )
    activity = models.ForeignKey(
        "H5PActivity", null=True, blank=True, on_delete=models.PROTECT, related_name="attempts"
    )
    # The quiz whatever its language (for H5P: the activity), so attempts count together.
    quiz_key = models.UUIDField(db_index=True)
    # Set when a learner answers on someone else's phone ("assisted mode"): the attempt is
    # theirs, not the phone owner's. An opaque reference owned by the app that started it.
    assisted_for = models.CharField(max_length=64, blank=True, default="")
    question_count = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    # Scores are computed here, except for H5P content types whose answer key the server
    # cannot read: then the player's own score is kept, shown as such, and never evidence.
    score_reported_by_player = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attempt")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "quiz_key"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quiz__isnull=True) ^ models.Q(activity__isnull=True),
                name="attempt_of_a_quiz_or_an_h5p_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.quiz or self.activity} ({self.started_at:%d/%m/%Y})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def percent(self) -> int:
        return round(100 * (self.score or 0))


class Answer(models.Model):
    """The learner's answer to one question of an attempt; the first answer stands."""

    client_id = models.UUIDField(unique=True)
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    response = models.JSONField()
    score = models.FloatField()
    correct = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}: {self.score:.2f}"


class H5PLibrary(models.Model):
    """An H5P library installed once, whichever packages brought it (one per name and
    major.minor version; a higher patch version replaces the files)."""

    machine_name = models.CharField(max_length=127)
    major_version = models.PositiveSmallIntegerField()
    minor_version = models.PositiveSmallIntegerField()
    patch_version = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=255)
    runnable = models.BooleanField(default=False)
    installed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"],
                name="one_h5p_library_per_version",
            )
        ]
        permissions = [
            ("manage_h5p_libraries", _("Can upload packages that bring new or updated H5P code")),
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PActivity(models.Model):
    """An uploaded H5P package's content, played in lessons by h5p-standalone."""

    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty to use the package's.")
    )
    folder = models.UUIDField(unique=True, editable=False)
    main_library = models.ForeignKey(H5PLibrary, on_delete=models.PROTECT, related_name="+")
    libraries = models.ManyToManyField(H5PLibrary, related_name="activities")
    h5p_json = models.JSONField()
    content_json = models.JSONField()
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")

    def __str__(self) -> str:
        return self.title
