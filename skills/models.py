"""Vietnam's national framework of basic digital knowledge and skills, as data.

Loaded by ``manage.py load_skill_framework`` from a versioned file (skills/data/), like the
administrative units. Courses, lessons and quiz questions are tagged with the skills they
teach or check; a new version of the framework is loaded beside the old one, so tags and
certificates made on the old version keep their meaning.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    code = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    # The legal text it comes from, e.g. "Quyết định 757/QĐ-BKHCN".
    source = models.CharField(_("source"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    is_current = models.BooleanField(_("current version"), default=False)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("skills framework")
        ordering = ["-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_skills_framework",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class FrameworkEntry(models.Model):
    """What a group and a skill both carry: a code and the framework's own (Vietnamese)
    wording; ``name_en`` for the English interface; ``position`` is the order in the file."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


class SkillGroup(FrameworkEntry):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")

    class Meta:
        verbose_name = _("skill group")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="one_group_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Skill(FrameworkEntry):
    group = models.ForeignKey(SkillGroup, on_delete=models.CASCADE, related_name="skills")

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["group__framework", "group__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="one_skill_per_code_in_group")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
