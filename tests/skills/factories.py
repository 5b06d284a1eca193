"""Small frameworks for the skills tests, written as files the loader reads."""

from pathlib import Path

from django.core.management import call_command

FRAMEWORK_V2 = """\
code: "v2"
title: "Khung thử nghiệm (phiên bản 2)"
source: "Văn bản thử nghiệm"
issued_on: 2025-04-29
groups:
  - code: "0"
    name: "Sử dụng thiết bị"
    skills:
      - code: "0.1"
        name: "Bật và tắt thiết bị"
      - code: "0.2"
        name: "Cài ứng dụng"
"""


def write(tmp_path: Path, text: str, name: str = "khung.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(*args) -> None:
    """``load_skill_framework`` quietly; no arguments: the files of skills/data/."""
    call_command("load_skill_framework", *[str(arg) for arg in args], verbosity=0, stdout=_Null())


class _Null:
    def write(self, text):
        pass

    def flush(self):
        pass
