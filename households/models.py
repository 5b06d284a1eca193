"""Households and who in them can use online public services, on evidence.

Personal data is minimal (Law 91/2025/QH15): name, birth year, relation to the head, an
optional phone. No ethnicity, no ID numbers, no VNeID credentials. A household is tracked
only with a recorded consent; withdrawing it deletes the household's personal data.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from places.models import Commune, Province, Village

from .search import search_text

# An attempt answered on someone else's phone ("assisted") names the member it is for:
# quizzes.Attempt.assisted_for = ASSISTED_PREFIX + member pk.
ASSISTED_PREFIX = "household-member:"


class Level(models.IntegerChoices):
    """How we know a member can use online public services; higher is stronger."""

    SELF_REPORTED = 1, _("Self-reported")
    QUIZ_VERIFIED = 2, _("Passed the check")
    # Went through a procedure's real screens in a practice step, right first time.
    PRACTISED = 3, _("Practised the procedure")
    WITNESSED = 4, _("Witnessed")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Husband or wife")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other")


class Household(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="households")
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    code = models.CharField(_("household code"), max_length=40)
    head_name = models.CharField(_("head of household"), max_length=150)
    # Code, head and members' names without accents or case (households/search.py); kept up
    # to date by save() here and by Member, and by the importer after its bulk writes.
    search_text = models.TextField(default="", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village__name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"], name="one_household_code_per_commune"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.head_name}"

    def save(self, *args, **kwargs):
        names = self.members.values_list("full_name", flat=True) if self.pk else ()
        self.search_text = search_text(self.code, self.head_name, names)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @classmethod
    def refresh_search_text(cls, pks) -> None:
        """Recompute ``search_text`` of the households ``pks`` from the database: after
        writes that bypass save(), such as bulk_create of members. Two queries per batch."""
        pks = list(pks)
        for start in range(0, len(pks), 1000):
            batch = pks[start : start + 1000]
            names: dict[int, list[str]] = {pk: [] for pk in batch}
            members = Member.objects.filter(household_id__in=batch).order_by("pk")
            for household_id, name in members.values_list("household_id", "full_name"):
                names[household_id].append(name)
            households = list(cls.objects.filter(pk__in=batch).only("pk", "code", "head_name"))
            for household in households:
                household.search_text = search_text(
                    household.code, household.head_name, names[household.pk]
                )
            cls.objects.bulk_update(households, ["search_text"], batch_size=1000)


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    relation = models.CharField(_("relation to the head"), max_length=20, choices=Relation.choices)
    phone = PhoneNumberField(_("phone number"), blank=True, null=True)
    # Set when the member has an account here: passing a final check counts for them.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household_members",
    )

    class Meta:
        verbose_name = _("member")
        ordering = ["household", "-relation", "birth_year"]
        # Few members have an account: the dashboards look learners up by it.
        indexes = [
            models.Index(
                fields=["user"], name="member_with_account", condition=models.Q(user__isnull=False)
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "full_name", "birth_year"],
                name="one_member_per_name_and_birth_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.birth_year})"

    # The household is found by its members' names: keep its search_text in step.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Household.refresh_search_text([self.household_id])

    def delete(self, *args, **kwargs):
        household_id = self.household_id
        result = super().delete(*args, **kwargs)
        Household.refresh_search_text([household_id])
        return result


class Consent(models.Model):
    """Explicit consent, from the person concerned or the head of household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=150)
    purpose = models.CharField(_("purpose"), max_length=300)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")

    def __str__(self) -> str:
        return f"{self.household_id}: {self.given_by} {self.given_on}"


class Evidence(models.Model):
    """Why we believe a member can use online public services. Levels are derived from
    these records, never typed in."""

    class Kind(models.TextChoices):
        AMBASSADOR_SAYS = "ambassador", _("An ambassador says so")
        QUIZ = "quiz", _("Passed the course's final check")
        ASSISTED_QUIZ = "assisted_quiz", _("Passed the check on an ambassador's phone")
        PRACTICE = "practice", _("Went through the procedure's screens without help")
        WITNESSED = "witnessed", _("Seen doing a real procedure")

    LEVEL_OF = {
        Kind.AMBASSADOR_SAYS: Level.SELF_REPORTED,
        Kind.QUIZ: Level.QUIZ_VERIFIED,
        Kind.ASSISTED_QUIZ: Level.QUIZ_VERIFIED,
        Kind.PRACTICE: Level.PRACTISED,
        Kind.WITNESSED: Level.WITNESSED,
    }

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    procedure = models.CharField(_("procedure"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    attempt = models.ForeignKey(
        "quizzes.Attempt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    practice = models.ForeignKey(
        "lessons.PracticeRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The course whose skills a witnessed procedure shows: its certificate is then issued.
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("course"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    observed_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        indexes = [
            models.Index(fields=["member", "level"]),
            # "Members who learned" asks whether a member passed a check on someone's phone.
            models.Index(fields=["member", "kind"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "member"],
                name="one_evidence_per_attempt",
                condition=models.Q(attempt__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["practice", "member"],
                name="one_evidence_per_practice_run",
                condition=models.Q(practice__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_kind_display()}"


class AmbassadorLink(models.Model):
    """A student ambassador helps this household; they see it once an official or trainer
    of the commune approves."""

    ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="household_links"
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="ambassador_links"
    )
    relation = models.CharField(_("how you are related"), max_length=100)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador link")
        constraints = [
            models.UniqueConstraint(
                fields=["ambassador", "household"], name="one_link_per_ambassador_and_household"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ambassador} → {self.household_id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class TeachingVisit(models.Model):
    """An ambassador taught a member a skill at home."""

    ambassador = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teaching_visits"
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="teaching_visits")
    skill = models.CharField(_("what you taught"), max_length=200)
    visited_on = models.DateField(_("when"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teaching visit")
        ordering = ["-visited_on"]

    def __str__(self) -> str:
        return f"{self.ambassador} taught {self.member_id}: {self.skill}"


# --- the coverage roll-up (households/coverage.py keeps it; dashboards read it) -------------
# ``covered_<n>`` fields are per Level value n (1 self-reported … 4 witnessed), so that code
# and reports can name them as f"covered_{level}".


class HouseholdStatus(models.Model):
    """What one household adds to its village's coverage row, as last counted. Kept so that a
    change is applied as a difference (new status minus this one) and so that date questions
    (covered by a given day, week by week, recent evidence) read one narrow row a household.
    Not constrained to the household: when a household is deleted, its status is what is
    subtracted, and then removed."""

    household = models.OneToOneField(
        Household,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    village = models.ForeignKey(
        Village, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    best_level = models.PositiveSmallIntegerField(null=True, choices=Level.choices)
    # The day of the household's first evidence at this level or higher.
    covered_on_1 = models.DateField(null=True)
    covered_on_2 = models.DateField(null=True)
    covered_on_3 = models.DateField(null=True)
    covered_on_4 = models.DateField(null=True)
    last_evidence_on = models.DateField(null=True)
    members = models.PositiveIntegerField(default=0)
    learned = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["commune", "last_evidence_on"])]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.best_level}"


class VillageCoverage(models.Model):
    """A village's households, those covered at each level (a member with evidence at that
    level or higher), its members and those who learned: the sum of its households'
    statuses, changed in the same transaction as the evidence, members or households."""

    village = models.OneToOneField(
        Village, primary_key=True, on_delete=models.CASCADE, related_name="coverage"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    households = models.IntegerField(default=0)
    covered_1 = models.IntegerField(default=0)
    covered_2 = models.IntegerField(default=0)
    covered_3 = models.IntegerField(default=0)
    covered_4 = models.IntegerField(default=0)
    members = models.IntegerField(default=0)
    learned = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["province", "commune"])]

    def __str__(self) -> str:
        return f"{self.village_id}: {self.covered_2}/{self.households}"
