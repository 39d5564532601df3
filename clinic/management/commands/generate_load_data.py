"""`manage.py generate_load_data --sites 20 --years 5`: benchmark data at scale (PostgreSQL only)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from clinic import loadgen
from clinic.loadgen import reference


class Command(BaseCommand):
    help = "Fill an empty PostgreSQL database with realistic sessions, readings, alerts and assessments."

    def add_arguments(self, parser):
        parser.add_argument("--sites", type=int, default=20)
        parser.add_argument("--years", type=float, default=5)
        parser.add_argument("--chairs", type=int, default=5, help="Chairs per site; each turns over 4 times a day.")
        parser.add_argument("--patients-per-site", type=int, default=600)
        parser.add_argument("--in-progress", type=int, default=200, help="Sessions charting now at the first site.")
        parser.add_argument("--seed", type=int, default=9)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The generator streams rows with PostgreSQL COPY; point DATABASE_URL at PostgreSQL.")
        if not reference.is_empty():
            raise CommandError(
                "This database already has sites. Generated rows skip the audit trail and would mix with real "
                "records, so the generator only fills an empty, freshly migrated database."
            )
        totals = loadgen.generate(
            sites=options["sites"],
            years=options["years"],
            chairs=options["chairs"],
            patients_per_site=options["patients_per_site"],
            in_progress=options["in_progress"],
            seed=options["seed"],
            now=timezone.now(),
            write=self.stdout.write,
        )
        summary = ", ".join(f"{count:,} {table.removeprefix('infusions_')}" for table, count in totals.items())
        self.stdout.write(
            self.style.SUCCESS(f"Done: {summary}. Log in as {reference.PREFIX}nurse-01 / {reference.PASSWORD}.")
        )
