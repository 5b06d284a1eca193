"""Administrative units after the July 2025 reform: province -> commune, villages under a commune.

Units are keyed by their official code, because names and unit types still change.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("official code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune, ward or special zone: the lowest level of government since July 2025."""

    code = models.CharField(_("official code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class Village(models.Model):
    """A village (thôn, bản, tổ dân phố), entered by commune officials."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="villages", verbose_name=_("commune")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["commune", "name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="unique_village_per_commune")
        ]

    def __str__(self) -> str:
        return self.name
