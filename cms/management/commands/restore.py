"""Bring back an archive written by `manage.py backup`: the database and the uploaded files."""

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import database_url_for_tools


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with a backup archive (stop the site first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive, yes, **options):
        if not yes and input("This replaces the database and the files. Type 'yes': ") != "yes":
            raise CommandError("Nothing restored.")
        with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, links or devices
            manifest = json.loads((Path(work) / "manifest.json").read_text())
            if manifest["engine"] != connection.vendor:
                raise CommandError(
                    f"The archive holds a {manifest['engine']} database; this site uses "
                    f"{connection.vendor}."
                )
            self.restore_database(Path(work) / "database")
            media = Path(settings.MEDIA_ROOT)
            if (Path(work) / "media").is_dir():
                shutil.rmtree(media, ignore_errors=True)
                shutil.copytree(Path(work) / "media", media)
        self.stdout.write(f"Restored {archive} (taken {manifest['created']}).")

    def restore_database(self, dump: Path) -> None:
        connection.close()
        if connection.vendor == "sqlite":
            name = Path(settings.DATABASES["default"]["NAME"])
            for journal in (name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
                journal.unlink(missing_ok=True)
            shutil.copyfile(dump, name)
            return
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                database_url_for_tools(),
                str(dump),
            ],
            check=True,
        )
