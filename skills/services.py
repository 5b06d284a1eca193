"""Writes of the skills framework: loading a version from its file and choosing the current
one. Called by ``manage.py load_skill_framework`` (and through it by ``seed_demo``)."""

from dataclasses import dataclass

from django.db import transaction

from .framework_file import FrameworkData
from .models import Framework, Skill, SkillGroup


@dataclass
class Loaded:
    groups: int = 0
    skills: int = 0
    added: int = 0  # groups and skills that were not there before
    updated: int = 0  # groups and skills whose wording or place changed


@transaction.atomic
def load_framework(*, data: FrameworkData) -> Loaded:
    """Create or update the framework version ``data.code``, its groups and its skills, in
    the file's order. Idempotent. Nothing is deleted: courses, lessons, questions and
    certificates point at skills, so a skill left out of the file stays (and says so in the
    admin listing through its tags); a corrected version is a new file with a new code."""
    framework, _ = Framework.objects.update_or_create(
        code=data.code,
        defaults={"title": data.title, "source": data.source, "issued_on": data.issued_on},
    )
    loaded = Loaded()
    for group_position, group_data in enumerate(data.groups):
        group = _save(
            SkillGroup,
            {"framework": framework, "code": group_data.code},
            {
                "name": group_data.name,
                "name_en": group_data.name_en,
                "description": group_data.description,
                "position": group_position,
            },
            loaded,
        )
        loaded.groups += 1
        for position, skill_data in enumerate(group_data.skills):
            # Found by its code in the framework, so a skill moved to another group is moved.
            _save(
                Skill,
                {"group__framework": framework, "code": skill_data.code},
                {
                    "group": group,
                    "name": skill_data.name,
                    "name_en": skill_data.name_en,
                    "description": skill_data.description,
                    "position": position,
                },
                loaded,
            )
            loaded.skills += 1
    return loaded


def _save(model, lookup: dict, values: dict, loaded: Loaded):
    item = model.objects.filter(**lookup).first()
    if item is None:
        fields = {k: v for k, v in lookup.items() if "__" not in k}
        loaded.added += 1
        return model.objects.create(**fields, **values)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if changed:
        for name in changed:
            setattr(item, name, values[name])
        item.save(update_fields=changed)
        loaded.updated += 1
    return item


@transaction.atomic
def make_current(*, code: str | None = None) -> Framework | None:
    """Make the version ``code`` current, or (no code) the one issued last. Returns it, or
    None when no framework is loaded. Raises Framework.DoesNotExist for an unknown code."""
    if code is None:
        framework = Framework.objects.order_by("-issued_on", "-pk").first()
        if framework is None:
            return None
    else:
        framework = Framework.objects.get(code=code)
    # One current version (a database constraint): the others first.
    Framework.objects.exclude(pk=framework.pk).filter(is_current=True).update(is_current=False)
    if not framework.is_current:
        framework.is_current = True
        framework.save(update_fields=["is_current"])
    return framework
