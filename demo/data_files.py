"""Reading the demo's YAML files strictly: a typo in a key, a missing key or a value of the
wrong kind stops ``seed_demo`` with the file and the place in it, instead of seeding a page
without its summary or failing later with a KeyError."""

from pathlib import Path
from typing import Any

import yaml

REQUIRED = object()


class DemoDataError(ValueError):
    """A demo data file that cannot be used; the message starts with the file's path."""


def read_yaml(path: Path) -> Any:
    """The file's content as plain Python values (``yaml.safe_load``)."""
    try:
        with path.open(encoding="utf-8") as file:
            return yaml.safe_load(file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DemoDataError(f"{path}: cannot be read: {error}") from error


def fields(data: Any, spec: dict[str, tuple], *, path: Path, where: str) -> dict[str, Any]:
    """``data`` checked against ``spec`` (name: (type, default or REQUIRED)), with the
    defaults of absent optional keys filled in. Unknown keys, missing required keys and
    values of another type are refused with ``path`` and ``where`` in the message."""
    if not isinstance(data, dict):
        raise DemoDataError(f"{path}: {where}: expected a mapping, found {_kind(data)}")
    unknown = sorted(set(data) - set(spec), key=str)
    if unknown:
        raise DemoDataError(
            f"{path}: {where}: unknown key {unknown[0]!r} (allowed: {', '.join(spec)})"
        )
    result = {}
    for name, (kind, default) in spec.items():
        if name not in data:
            if default is REQUIRED:
                raise DemoDataError(f"{path}: {where}: missing key {name!r}")
            result[name] = default
            continue
        value = data[name]
        # YAML reads yes/no as booleans, and a bool is an int to Python.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DemoDataError(
                f"{path}: {where}: {name!r} should be {_kind(kind)}, found {_kind(value)}"
            )
        result[name] = value
    return result


def items(data: Any, kind: type, *, path: Path, where: str) -> list:
    """``data`` checked to be a non-empty list whose every item is a ``kind``."""
    if not isinstance(data, list) or not data:
        raise DemoDataError(f"{path}: {where}: expected a non-empty list, found {_kind(data)}")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, kind):
            raise DemoDataError(
                f"{path}: {where}, item {number}: should be {_kind(kind)}, found {_kind(item)}"
            )
    return data


def _kind(value: Any) -> str:
    kind = value if isinstance(value, type) else type(value)
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        int: "a whole number",
        bool: "true or false",
        type(None): "nothing",
    }.get(kind, kind.__name__)
