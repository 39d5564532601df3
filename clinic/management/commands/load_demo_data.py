import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic import demo


class Command(BaseCommand):
    help = (
        "Load demo sites, staff logins, protocols, medications, patients, default alert rules and "
        "weeks of session history (development only; safe to re-run)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo_data only runs with DEBUG on: it creates logins with a published password.")
        began = time.monotonic()
        result = demo.load_demo_data()
        if result.loaded_now:
            tally = result.tally
            self.stdout.write(
                f"Demo data loaded in {time.monotonic() - began:.1f} s: 2 sites, {len(demo.catalog.USERS)} staff, "
                f"{len(demo.catalog.PROTOCOLS)} protocols, {len(demo.catalog.MEDICATIONS)} medications, "
                f"{len(demo.catalog.PATIENTS)} patients, {result.rules_created} default alert rules."
            )
            self.stdout.write(
                f"History: {tally.sessions} sessions, {tally.readings} readings, {result.alerts} alerts "
                f"({tally.acknowledged} acknowledged), {tally.side_effects} side effects, "
                f"{tally.assessments} PHQ-9 assessments."
            )
            for session in result.today:
                self.stdout.write(
                    f"Today: {session.patient.full_name} at {session.site.name} ({session.chair}), "
                    f"{session.get_phase_display().lower()}."
                )
        else:
            self.stdout.write("Demo data is already loaded (Riverside Clinic has patients); history left unchanged.")
            if result.rules_created:
                self.stdout.write(f"Added {result.rules_created} missing default alert rule(s).")
        self._logins()

    def _logins(self):
        rows = [("username", "password", "role", "site"), *demo.logins()]
        widths = [max(len(row[column]) for row in rows) for column in range(4)]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins"))
        for position, row in enumerate(rows):
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )
            if position == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
