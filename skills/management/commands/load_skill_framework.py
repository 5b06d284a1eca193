"""Load versions of the national framework of basic digital skills from skills/data/.

Like ``load_admin_units``: running it again updates names and adds what is new; nothing is
deleted (courses, lessons, questions and certificates point at skills). Every file is checked
before anything is written. A new version is a new file with its own ``code``; the version
issued last becomes the current one (the one editors tag with), unless ``--current`` says.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from skills import framework_file, services
from skills.models import Framework


class Command(BaseCommand):
    help = "Load the digital skills framework files (default: every file in skills/data/)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="Framework files (YAML).")
        parser.add_argument(
            "--current",
            metavar="CODE",
            help="The version to make current (default: the one issued last).",
        )

    @transaction.atomic
    def handle(self, *args, files, current, **options):
        paths = files or framework_file.data_files()
        if not paths:
            raise CommandError(f"{framework_file.DATA_DIR}: no framework files (*.yaml)")
        try:
            versions = [framework_file.read(path) for path in paths]
        except framework_file.FrameworkFileError as error:
            raise CommandError(str(error)) from error
        codes = [data.code for data in versions]
        for data in versions:
            if codes.count(data.code) > 1:
                raise CommandError(f"{data.path}: another file has the code {data.code!r}")
        for data in versions:
            loaded = services.load_framework(data=data)
            self.stdout.write(
                f"{data.code}: {loaded.groups} groups, {loaded.skills} skills "
                f"({loaded.added} added, {loaded.updated} updated)."
            )
        try:
            framework = services.make_current(code=current)
        except Framework.DoesNotExist as error:
            raise CommandError(f"--current {current}: no framework has this code") from error
        self.stdout.write(self.style.SUCCESS(f"Current framework: {framework.code}."))
