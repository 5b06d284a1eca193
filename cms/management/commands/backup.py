"""One dated archive with the database and the uploaded files, taken while the site runs."""

import datetime
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def database_url_for_tools() -> str:
    """The default database as a libpq URL, for pg_dump and pg_restore."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{credentials}{host}{port}/{db['NAME']}"


def dump_database(target: Path) -> str:
    """Copy the database to ``target``: SQLite's online backup (consistent while the site
    writes), pg_dump's custom format for PostgreSQL. Returns the engine's name."""
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        try:
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(target),
                    database_url_for_tools(),
                ],
                check=True,
            )
        except FileNotFoundError as error:
            raise CommandError("pg_dump is not installed (Debian: postgresql-client).") from error
        return "postgresql"
    raise CommandError(f"Backing up a {connection.vendor} database is not supported.")


class Command(BaseCommand):
    help = "Write var/backups/nhaso-YYYYMMDD-HHMMSS.tar.gz: the database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="folder for the archive (default: var/backups)",
        )

    def handle(self, *args, to, **options):
        folder = Path(to)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        archive = folder / f"nhaso-{stamp}.tar.gz"
        with tempfile.TemporaryDirectory() as work:
            database = Path(work) / "database"
            engine = dump_database(database)
            manifest = Path(work) / "manifest.json"
            manifest.write_text(json.dumps({"engine": engine, "created": stamp}))
            partial = archive.with_suffix(".partial")
            with tarfile.open(partial, "w:gz") as tar:
                tar.add(manifest, arcname="manifest.json")
                tar.add(database, arcname="database")
                if Path(settings.MEDIA_ROOT).is_dir():
                    tar.add(settings.MEDIA_ROOT, arcname="media")
            shutil.move(partial, archive)  # never a half-written archive under the real name
        self.stdout.write(str(archive))
