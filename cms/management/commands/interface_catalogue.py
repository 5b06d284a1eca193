from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms import interface_catalogue


class Command(BaseCommand):
    help = (
        "Keep the minority languages' catalogues to the short interface (update), or fail "
        "when one is out of date (check). Run after makemessages -l vi."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "check"])

    def handle(self, *args, action, **options):
        problems = []
        for language in settings.MINORITY_LANGUAGES:
            if action == "update":
                catalogue = interface_catalogue.update(language)
                self.stdout.write(
                    f"{language}: {len(catalogue)} strings, "
                    f"{len(catalogue.translated_entries())} translated by people"
                )
            else:
                problems += [f"{language}: {p}" for p in interface_catalogue.differences(language)]
        if problems:
            raise CommandError("\n".join(problems[:40]))
