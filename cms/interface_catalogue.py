"""The short interface a minority language's translators work on: what every reader meets
(the header and footer, the language chooser, the fallback note, listening, saving for
offline, a lesson's own buttons), not the hundreds of strings of trainers' and officials'
screens, which stay in Vietnamese for them.

Built from the Vietnamese catalogue (always complete: a test says so), so a translator sees
each English msgid with its Vietnamese beside it (ROSETTA_MAIN_LANGUAGE). Translations people
wrote are kept; nothing is filled in by machine.
"""

from pathlib import Path

import polib
from django.conf import settings

# Templates (by path from the project root) whose strings make the short interface.
SHORT_INTERFACE = [
    "cms/templates/base.html",
    "cms/templates/cms/home_page.html",
    "cms/templates/cms/offline.html",
    "base/templates/base/fallback_note.html",
    "base/templates/base/save_offline.html",
    "media/templates/media/",
    "courses/templates/courses/course_card.html",
    "lessons/templates/lessons/lesson_page.html",
    "lessons/templates/lessons/lesson_video.html",
    "lessons/templates/lessons/progress_bar.html",
    "lessons/templates/lessons/blocks/",
]

ROOT = Path(settings.BASE_DIR)


def _catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def _in_short_interface(entry: polib.POEntry) -> bool:
    return any(
        path.startswith(prefix) for path, _line in entry.occurrences for prefix in SHORT_INTERFACE
    )


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def short_interface_entries() -> list[polib.POEntry]:
    vietnamese = polib.pofile(str(_catalogue(settings.LANGUAGE_CODE)))
    return [entry for entry in vietnamese if not entry.obsolete and _in_short_interface(entry)]


def build(language: str) -> polib.POFile:
    """The catalogue of ``language`` as it should be: the short interface, with what its
    translators wrote so far."""
    path = _catalogue(language)
    written = {}
    if path.exists():
        written = {_key(e): e for e in polib.pofile(str(path)) if e.translated()}
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.metadata = {
        "Project-Id-Version": "Nha So",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for source in short_interface_entries():
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            occurrences=source.occurrences,
            flags=[flag for flag in source.flags if flag != "fuzzy"],
            msgstr="",
            msgstr_plural={0: ""} if source.msgid_plural else {},
        )
        if (previous := written.get(_key(source))) is not None:
            entry.msgstr, entry.msgstr_plural = previous.msgstr, previous.msgstr_plural
        catalogue.append(entry)
    return catalogue


def differences(language: str) -> list[str]:
    """What the stored catalogue of ``language`` lacks or has too much; empty when current."""
    path = _catalogue(language)
    stored = (
        {_key(e) for e in polib.pofile(str(path)) if not e.obsolete} if path.exists() else set()
    )
    wanted = {_key(e) for e in build(language)}
    return [f"missing: {k[1]!r}" for k in sorted(wanted - stored)] + [
        f"not in the short interface: {k[1]!r}" for k in sorted(stored - wanted)
    ]


def update(language: str) -> polib.POFile:
    catalogue = build(language)
    path = _catalogue(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    return catalogue
