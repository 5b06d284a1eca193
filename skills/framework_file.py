"""Reading a framework file of skills/data/ strictly: a missing key, an empty name or a code
used twice stops the loader with the file and the item named, before anything is written."""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

FRAMEWORK_KEYS = {"code", "title", "source", "issued_on", "groups"}
GROUP_KEYS = {"code", "name", "name_en", "description", "skills"}
SKILL_KEYS = {"code", "name", "name_en", "description", "wording"}
# Keys that may be left out (``wording`` says where the text is not the source's own).
OPTIONAL = {"name_en", "description", "wording"}


class FrameworkFileError(ValueError):
    """A framework file that cannot be loaded; the message starts with the file's path."""


@dataclass(frozen=True)
class SkillData:
    code: str
    name: str
    name_en: str
    description: str


@dataclass(frozen=True)
class GroupData:
    code: str
    name: str
    name_en: str
    description: str
    skills: tuple[SkillData, ...]


@dataclass(frozen=True)
class FrameworkData:
    path: Path
    code: str
    title: str
    source: str
    issued_on: datetime.date
    groups: tuple[GroupData, ...]


def data_files(directory: Path = DATA_DIR) -> list[Path]:
    """The framework files of ``directory``, by name."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def read(path: Path) -> FrameworkData:
    """The framework in ``path``, checked. Raises FrameworkFileError naming file and item."""
    try:
        with Path(path).open(encoding="utf-8") as file:
            raw = yaml.safe_load(file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise FrameworkFileError(f"{path}: cannot be read: {error}") from error
    data = _mapping(raw, FRAMEWORK_KEYS, path=path, where="the framework")
    issued_on = data["issued_on"]
    if not isinstance(issued_on, datetime.date):
        raise FrameworkFileError(f"{path}: issued_on: write the date as YYYY-MM-DD")
    groups_raw = data["groups"]
    if not isinstance(groups_raw, list) or not groups_raw:
        raise FrameworkFileError(f"{path}: groups: expected a non-empty list")
    groups, group_codes, skill_codes = [], set(), set()
    for number, raw_group in enumerate(groups_raw, start=1):
        group = _mapping(raw_group, GROUP_KEYS, path=path, where=f"group {number}")
        where = f"group {group['code']}"
        if group["code"] in group_codes:
            raise FrameworkFileError(f"{path}: {where}: the code {group['code']!r} is used twice")
        group_codes.add(group["code"])
        if not isinstance(group["skills"], list) or not group["skills"]:
            raise FrameworkFileError(f"{path}: {where}: skills: expected a non-empty list")
        skills = []
        for skill_number, raw_skill in enumerate(group["skills"], start=1):
            skill = _mapping(
                raw_skill, SKILL_KEYS, path=path, where=f"{where}, skill {skill_number}"
            )
            if skill["code"] in skill_codes:
                raise FrameworkFileError(
                    f"{path}: {where}, skill {skill['code']}: the code {skill['code']!r} "
                    "is used twice"
                )
            skill_codes.add(skill["code"])
            skills.append(SkillData(**{key: skill[key] for key in SKILL_KEYS - {"wording"}}))
        groups.append(
            GroupData(**{key: group[key] for key in GROUP_KEYS - {"skills"}}, skills=tuple(skills))
        )
    return FrameworkData(
        path=Path(path),
        code=data["code"],
        title=data["title"],
        source=data["source"],
        issued_on=issued_on,
        groups=tuple(groups),
    )


def _mapping(raw: Any, keys: set[str], *, path: Path, where: str) -> dict:
    """``raw`` as a mapping of ``keys``: text values, required ones present and not empty."""
    if not isinstance(raw, dict):
        raise FrameworkFileError(f"{path}: {where}: expected a mapping")
    unknown = sorted(set(raw) - keys, key=str)
    if unknown:
        raise FrameworkFileError(
            f"{path}: {where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(keys))})"
        )
    data = {}
    for key in sorted(keys):
        value = raw.get(key)
        if key in ("groups", "skills", "issued_on"):
            if value is None:
                raise FrameworkFileError(f"{path}: {where}: missing key {key!r}")
            data[key] = value
            continue
        if value is None:
            if key not in OPTIONAL:
                raise FrameworkFileError(f"{path}: {where}: missing key {key!r}")
            value = ""
        if not isinstance(value, str):
            # YAML reads 1.10 as the number 1.1: codes are written in quotes.
            raise FrameworkFileError(f"{path}: {where}: {key!r} should be text (in quotes)")
        value = value.strip()
        if not value and key not in OPTIONAL:
            raise FrameworkFileError(f"{path}: {where}: {key!r} is empty")
        data[key] = value
    return data
