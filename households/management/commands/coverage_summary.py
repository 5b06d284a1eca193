"""Rebuild the coverage roll-up from scratch, or check it against a fresh computation.

manage.py coverage_summary --verify     # exits 1 and lists differences if any
manage.py coverage_summary --rebuild    # recompute every household and village row
"""

import time

from django.core.management.base import BaseCommand, CommandError

from households import coverage


class Command(BaseCommand):
    help = "Rebuild the coverage roll-up (villages, communes, provinces) or verify it."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="compute it again from scratch")
        action.add_argument("--verify", action="store_true", help="compare it with a fresh count")

    def handle(self, *args, rebuild: bool, verify: bool, **options):
        start = time.perf_counter()
        if rebuild:
            counted = coverage.rebuild()
            self.stdout.write(
                f"Rebuilt the roll-up of {counted} households "
                f"in {time.perf_counter() - start:.1f} s."
            )
            return
        differences = coverage.verify()
        if differences:
            for difference in differences:
                self.stderr.write(str(difference))
            raise CommandError(f"The roll-up differs from a fresh count ({len(differences)}+).")
        self.stdout.write(
            f"The roll-up equals a fresh count ({time.perf_counter() - start:.1f} s)."
        )
