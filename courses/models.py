from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from base.page_cache import CachedForVisitors
from base.page_parts import parts

from . import page_parts


class TranslationAwarePage(CachedForVisitors, Page):
    """Public pages: they fall back to Vietnamese when a locale has no translation yet, and
    anonymous visitors get them from the cache."""

    class Meta:
        abstract = True

    @property
    def is_untranslated_fallback(self) -> bool:
        """True for an alias standing in for a translation that does not exist yet."""
        return self.alias_of_id is not None and self.alias_of.locale_id != self.locale_id

    def get_sitemap_urls(self, request=None):
        # Fallback aliases repeat the Vietnamese text; only real translations are listed.
        return [] if self.alias_of_id else super().get_sitemap_urls(request)


class CourseIndexPage(TranslationAwarePage):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .selectors import catalogue  # selectors import this module

        context["courses"] = catalogue(locale=self.locale)
        return context


class Audience(models.TextChoices):
    CITIZENS = "citizens", _("Citizens")
    STUDENTS = "students", _("Students")
    OFFICIALS = "officials", _("Commune officials")


class CompetenceArea(models.TextChoices):
    DIGITAL_IDENTITY = "digital_identity", _("Digital identity (VNeID)")
    PUBLIC_SERVICE_PORTAL = "public_service_portal", _("Public-service portal")
    RESIDENCE = "residence", _("Residence")
    CIVIL_STATUS = "civil_status", _("Civil status")
    INSURANCE = "insurance", _("Health and social insurance")
    ONLINE_SAFETY = "online_safety", _("Online safety")
    TEACHING = "teaching", _("Teaching others")


class CoursePage(TranslationAwarePage):
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.CITIZENS
    )
    competence_area = models.CharField(
        _("competence area"), max_length=40, choices=CompetenceArea.choices
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    summary = models.TextField(_("summary"), max_length=400)
    is_essential = models.BooleanField(
        _("essential public-service course"),
        default=False,
        help_text=_("Essential courses are shown first on the home page."),
    )

    final_quiz = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("final check"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Passing it shows the learner can do what the course teaches."),
    )
    # The national framework's skills the course teaches (skills.models); its certificates
    # name them.
    skills = ParentalManyToManyField(
        "skills.Skill", blank=True, related_name="courses", verbose_name=_("skills taught")
    )
    # Refresher courses: their certificates expire; empty means they never do.
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "For refresher courses: after this many months the learner must learn it "
            "again. Leave empty if the certificate never expires."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("competence_area"),
        FieldPanel("estimated_minutes"),
        FieldPanel("is_essential"),
        FieldPanel("final_quiz"),
        FieldPanel("certificate_valid_months"),
        FieldPanel("skills", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["lessons.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def serves_learners_from_cache(self) -> bool:
        return True  # enrolment, progress and the lessons done are filled in (cms.learner_parts)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .selectors import course_languages, is_enrolled

        context["lessons"] = self.get_children().live().specific()
        context["languages"] = course_languages(course=self)
        context["is_enrolled"] = is_enrolled(user=request.user, course=self)
        context.update(
            parts(
                page_parts.COURSE_PAGE,
                course=self,
                user=request.user,
                is_enrolled=context["is_enrolled"],
            )
        )
        return context


class Enrollment(models.Model):
    """A learner taking a course, on their own or as a member of a cohort."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("learner"),
    )
    # Enrollment is per course whatever the language it is read in: the source page.
    # PROTECT: deleting a course never erases who learnt it (the admin explains; issue 14).
    course = models.ForeignKey(
        CoursePage, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("course")
    )
    cohort = models.ForeignKey(
        "Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("cohort"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrollment_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"


def default_cohort_size() -> int:
    return settings.COHORT_DEFAULT_MAX_SIZE


class Cohort(models.Model):
    """A small group learning one course together, led by one or more trainers."""

    name = models.CharField(_("name"), max_length=120)
    course = models.ForeignKey(
        CoursePage, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("course")
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="trained_cohorts", verbose_name=_("trainers")
    )
    commune = models.ForeignKey(
        "places.Commune",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("commune"),
    )
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    max_size = models.PositiveSmallIntegerField(
        _("maximum size"),
        default=default_cohort_size,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_size__gte=1), name="cohort_size_positive")
        ]

    def __str__(self) -> str:
        return self.name


class CohortSession(models.Model):
    """One meeting of a cohort, e.g. an evening at the village cultural house."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("cohort")
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to meet at the cohort's usual place."),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.cohort} — {self.starts_at:%d/%m/%Y %H:%M}"


class Attendance(models.Model):
    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}: {'present' if self.present else 'absent'}"


class SheetAccount(models.Model):
    """An account a trainer made for someone without a phone, for one cohort.

    Only such accounts get a printed login sheet (QR code and password): a sheet opens the
    account, so a trainer may print one only for the people they created it for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sheet_account",
        verbose_name=_("learner"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sheet_accounts", verbose_name=_("cohort")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account with a login sheet")

    def __str__(self) -> str:
        return f"{self.user} ({self.cohort})"


class CohortInvitation(models.Model):
    """A trainer asked the owner of a phone number to join a cohort; they join only when they
    accept. Kept by number, whether or not it has an account, so the trainer learns nothing
    about who has signed up."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("cohort")
    )
    phone = PhoneNumberField(_("phone number"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cohort invitation")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "phone"], name="one_invitation_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.phone} → {self.cohort}"

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=settings.COHORT_INVITATION_DAYS)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and timezone.now() < self.expires_at
