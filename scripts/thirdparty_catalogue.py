"""Keep Vietnamese for the Wagtail and wagtail-localize strings an editor meets.

Wagtail ships a small Vietnamese catalogue (about one string in seven of its admin), so an
editor in a commune would work in a half-English admin. `locale_thirdparty/vi/LC_MESSAGES/`
holds our own Vietnamese for what the packages leave out; it is in LOCALE_PATHS, so Django
merges it over the packages' catalogues (same domains, "django" and "djangojs"), and
`make messages` compiles it with the rest (`manage.py compilemessages --ignore=.venv`).
makemessages never touches the directory; this script and a translator do.

Django's own Vietnamese lags behind its
English too (the admin's "5 minutes ago", validators, pagination): its missing strings are
kept here as well.

The editor's main path is the page tree, the page editor and its blocks, images, documents,
snippets (quizzes, H5P), translations (wagtail-localize), publishing and moderation, the
reports an editor may open and the editor's own account. Screens only administrators reach
(users and groups, collections, sites, locales, redirects, the style guide, API tokens) and
notification e-mails are left out.

The catalogues also correct some of the packages' own Vietnamese (entries commented
"override of the shipped translation": "Thu hồi xuất bản" → "Ngừng xuất bản", "Vùng miền" →
"Ngôn ngữ", missing spaces before placeholders…); LOCALE_PATHS win over the packages.

Usage (from the project root):
  .venv/bin/python scripts/thirdparty_catalogue.py report   count what is still in English
  .venv/bin/python scripts/thirdparty_catalogue.py update   add the missing msgids, empty,
                                                            for a translator to fill in
  .venv/bin/python scripts/thirdparty_catalogue.py check    fail if any main-path msgid is
                                                            untranslated or a placeholder
                                                            differs from the English one
then `.venv/bin/python manage.py compilemessages --ignore=.venv` (or `make messages`).
"""

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "locale_thirdparty" / "vi" / "LC_MESSAGES"
PROJECT = ROOT / "locale" / "vi" / "LC_MESSAGES"
LANGUAGE = "vi"
DOMAINS = ("django", "djangojs")

# The packages' apps whose strings an editor meets, by import name. Django's own Vietnamese
# lags behind its English too (the admin's "5 minutes ago" comes from Django's timesince).
APPS = [
    "django",
    "wagtail",
    "wagtail.admin",
    "wagtail.images",
    "wagtail.documents",
    "wagtail.snippets",
    "wagtail.embeds",
    "wagtail.users",
    "wagtail_localize",
    # The translators' editor of the minority languages' interface.
    "rosetta",
]

# Packages without an English catalogue: their msgids (English) are read from another one
# they ship.
SOURCE_LANGUAGE = {"rosetta": "fr"}

# Source files (as named in the packages' English catalogues) whose strings only an
# administrator, or nobody on screen, meets.
OFF_PATH = re.compile(
    r"|".join(
        [
            r"styleguide",
            r"api_tokens?",
            r"/notifications/",
            r"wagtailusers/(groups|bulk_actions|users)/",
            r"wagtail/users/views/(groups|users|bulk_actions)",
            r"bulk_actions/assign_role",
            r"models/sites\.py$",
            r"(^|/)api/",
            r"contrib/",
            r"modeladmin",
            r"machine_translators",
            r"/collections/",
            r"conf/global_settings\.py$",
            r"default_urlconf",
            r"views/collections\.py$",
        ]
    )
)

HEADER = {
    "Project-Id-Version": "nha-so (third-party strings)",
    "Language": LANGUAGE,
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Msg:
    app: str
    domain: str
    entry: polib.POEntry

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.entry.msgctxt, self.entry.msgid)


def locale_dir(app: str) -> Path:
    module = __import__(app, fromlist=["__file__"])
    folder = Path(module.__file__).parent
    return folder / "conf" / "locale" if app == "django" else folder / "locale"


def catalogue(path: Path) -> polib.POFile | None:
    return polib.pofile(str(path)) if path.exists() else None


def translated_keys(po: polib.POFile | None) -> set[tuple[str | None, str]]:
    if po is None:
        return set()
    return {(e.msgctxt, e.msgid) for e in po if e.translated() and not e.obsolete}


def on_main_path(entry: polib.POEntry) -> bool:
    if not entry.occurrences:
        return True
    return any(not OFF_PATH.search(path) for path, _line in entry.occurrences)


def main_path_messages(domain: str) -> list[Msg]:
    """Every main-path msgid of the packages that their own Vietnamese leaves untranslated."""
    found, seen = [], set()
    for app in APPS:
        base = locale_dir(app)
        source = SOURCE_LANGUAGE.get(app, "en")
        english = catalogue(base / source / "LC_MESSAGES" / f"{domain}.po")
        if english is None:
            continue
        shipped = translated_keys(catalogue(base / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"))
        for entry in english:
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or key in shipped or key in seen or not on_main_path(entry):
                continue
            seen.add(key)
            found.append(Msg(app, domain, entry))
    return found


def ours(domain: str) -> polib.POFile:
    path = OURS / f"{domain}.po"
    if path.exists():
        return polib.pofile(str(path), wrapwidth=78)
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(HEADER)
    po.header = (
        "Vietnamese for the Wagtail and wagtail-localize strings an editor meets.\n"
        "Kept with scripts/thirdparty_catalogue.py; makemessages does not touch this directory."
    )
    return po


def still_english(domain: str) -> list[Msg]:
    covered = translated_keys(ours(domain)) | translated_keys(catalogue(PROJECT / f"{domain}.po"))
    return [m for m in main_path_messages(domain) if m.key not in covered]


def report() -> int:
    for domain in DOMAINS:
        left = still_english(domain)
        by_app: dict[str, int] = {}
        for message in left:
            by_app[message.app] = by_app.get(message.app, 0) + 1
        print(f"{domain}: {len(left)} main-path msgids still in English", by_app or "")
    return 0


def update() -> int:
    for domain in DOMAINS:
        po = ours(domain)
        present = {(e.msgctxt, e.msgid) for e in po}
        added = 0
        for message in still_english(domain):
            if message.key in present:
                continue
            source = message.entry
            entry = polib.POEntry(
                msgid=source.msgid,
                msgctxt=source.msgctxt,
                msgid_plural=source.msgid_plural,
                msgstr="" if not source.msgid_plural else "",
                msgstr_plural={0: ""} if source.msgid_plural else {},
                comment=message.app,
                occurrences=source.occurrences[:1],
                flags=[f for f in source.flags if f.endswith("-format")],
            )
            po.append(entry)
            added += 1
        if added:
            po.save(str(OURS / f"{domain}.po"))
        print(f"{domain}: added {added} empty entries")
    return 0


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def check() -> int:
    problems = []
    for domain in DOMAINS:
        for message in still_english(domain):
            problems.append(f"{domain}: untranslated: {message.entry.msgid!r}")
        path = OURS / f"{domain}.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if not entry.translated():
                problems.append(f"{domain}: empty or fuzzy: {entry.msgid!r}")
                continue
            translations = list(entry.msgstr_plural.values()) or [entry.msgstr]
            wanted = placeholders(entry.msgid_plural or entry.msgid)
            for text in translations:
                # A plural's singular may name the count in words; the rest must match.
                if placeholders(text) != wanted and placeholders(text) != placeholders(entry.msgid):
                    problems.append(f"{domain}: placeholders differ: {entry.msgid!r} → {text!r}")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["report", "update", "check"])
    command = parser.parse_args().command
    return {"report": report, "update": update, "check": check}[command]()


if __name__ == "__main__":
    sys.exit(main())
