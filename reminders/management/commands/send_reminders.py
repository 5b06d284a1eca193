"""Send the reminders due today; run once a day by cron, a systemd timer or RQ's cron
scheduler (README, "Reminders"). Running it twice sends nothing the second time."""

from django.core.management.base import BaseCommand

from reminders.services import send_reminders


class Command(BaseCommand):
    help = "Send the reminders due now (at most one a week per person), in the app and by SMS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who is due; write and send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = send_reminders(dry_run=dry_run)
        kinds = (
            f"certificate expires {counts['certificate_expires']}, "
            f"come back {counts['come_back']}, household waiting {counts['household_waiting']}"
        )
        if dry_run:
            total = sum(
                counts[k] for k in ("certificate_expires", "come_back", "household_waiting")
            )
            self.stdout.write(f"Dry run: {total} reminder(s) due ({kinds}); nothing sent.")
            return
        self.stdout.write(
            f"{counts['sent']} reminder(s) sent ({kinds}), {counts['sms']} by SMS, "
            f"{counts['skipped']} skipped (already sent by another run), "
            f"{counts['failed']} failed (see the log)."
        )
