"""How long the printable PDFs take to render: a long session record and discharge instructions.

Creates a scratch PostgreSQL database (dropped first if it exists), migrates it, charts one IV
session the way a nurse would (baseline, 40-minute infusion, readings every 5 minutes for two
hours: 25 readings, a side effect, discharge, sign-off) through `sessions.services`, then times
`sessions.pages.documents.render_pdf` for the session record and the discharge instructions.

    .venv/bin/python bench/documents.py                      # postgres://postgres@127.0.0.1:5432
    BENCH_SERVER_URL=postgres://user@host:5432 BENCH_DATABASE=scratch .venv/bin/python bench/documents.py
"""

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from harness import BENCH_SERVER, recreate_database

DATABASE = os.environ.get("BENCH_DATABASE", "bench_documents")
READINGS, RUNS = 25, 5

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"{BENCH_SERVER}/{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")


def chart_session():
    from django.contrib.auth import get_user_model

    from clinic.models import Patient, Role, Site, StaffMembership
    from sessions import services
    from sessions.clinical.discharge import DISCHARGE_CHECKLIST
    from sessions.models import Protocol

    site = Site.objects.create(name="Bench", code="bench", timezone="America/New_York", phone="+1 212 555 0100")
    users = get_user_model().objects
    nurse, physician = users.create(username="bench-nurse"), users.create(username="bench-physician")
    StaffMembership.objects.create(user=nurse, site=site, role=Role.NURSE)
    StaffMembership.objects.create(user=physician, site=site, role=Role.PHYSICIAN)
    protocol = Protocol.objects.create(
        name="IV ketamine", drug="ketamine", route="iv", dose_rule="per_kg", dose_mg_per_kg=Decimal("0.5"),
        infusion_minutes=40,
    )  # fmt: skip
    patient = Patient.objects.create(
        site=site, mrn="B0001", given_name="Pat", family_name="Bench", date_of_birth="1980-01-01"
    )
    start = datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC)

    def at(minutes):
        return start + datetime.timedelta(minutes=minutes)

    session = services.start_session(
        patient=patient,
        protocol=protocol,
        by=nurse,
        weight_value=Decimal("72"),
        weight_unit="kg",
        arrived_at=start,
        now=start,
    )
    for n in range(READINGS):
        if n == 1:
            services.record_event(session=session, by=nurse, kind="started", occurred_at=at(6), now=at(6))
        if n == 10:
            services.record_event(session=session, by=nurse, kind="stopped", occurred_at=at(46), now=at(46))
        values = {"systolic": 120 + n % 9 * 4, "diastolic": 80, "heart_rate": 74, "spo2": 98, "respiratory_rate": 14}
        services.record_vitals(session=session, values=values, by=nurse, measured_at=at(5 * n), now=at(5 * n))
    services.record_side_effect(session=session, by=nurse, term="nausea", severity="mild", onset_at=at(30), now=at(30))
    checklist = {item: True for item, _ in DISCHARGE_CHECKLIST}
    services.discharge(session=session, by=nurse, checklist=checklist, now=at(5 * READINGS))
    services.sign_session(session=session, by=physician, attestation="Reviewed.", now=at(5 * READINGS + 10))
    session.refresh_from_db()
    return session


def timed(render) -> tuple[float, float, int]:
    seconds, size = [], 0
    for _ in range(RUNS):
        began = time.perf_counter()
        size = len(render())
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds), max(seconds), size


def main() -> None:
    recreate_database(DATABASE)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from sessions.pages.charting.views.documents import INSTRUCTIONS, RECORD, _instructions_context, _record_context
    from sessions.pages.documents import render_pdf

    session = chart_session()
    with timezone.override(session.site.tzinfo):
        cases = {
            f"session record ({READINGS} readings)": lambda: render_pdf(RECORD, _record_context(session)),
            "discharge instructions": lambda: render_pdf(INSTRUCTIONS, _instructions_context(session)),
        }
        for name, render in cases.items():
            median, worst, size = timed(render)
            print(f"{name}: median {median:.2f} s, max {worst:.2f} s over {RUNS} runs, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
