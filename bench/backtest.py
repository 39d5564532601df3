"""How long “Try this rule” takes over one site-year of readings.

Creates a scratch PostgreSQL database (dropped first if it exists), migrates it, bulk-creates one
site's year: 2,500 sessions × 12 readings (30,000 readings), with a few patients on an MAOI and
rules like the defaults, then times `backtest_rule` for a new site-wide rule, an edit compared
with the saved rule, and a NEWS2 rule (the costliest metric: every reading is scored).

    .venv/bin/python bench/backtest.py                       # postgres://postgres@127.0.0.1:5432
    BENCH_SERVER_URL=postgres://user@host:5432 .venv/bin/python bench/backtest.py
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from harness import BENCH_SERVER, recreate_database

DATABASE = "bench_backtest"
SESSIONS, READINGS_PER_SESSION, PATIENTS, RUNS = 2500, 12, 400, 5

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"{BENCH_SERVER}/{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")


def build_year(rng: random.Random):
    from django.contrib.auth import get_user_model

    from clinic.models import Medication, Patient, PatientMedication, Site
    from sessions.models import InfusionSession, Protocol, VitalSigns
    from sessions.services.default_rules import load_default_rules

    site = Site.objects.create(name="Bench", code="bench", timezone="America/New_York")
    nurse = get_user_model().objects.create(username="bench-nurse")
    protocol = Protocol.objects.create(
        name="IV ketamine",
        drug="ketamine",
        route="iv",
        dose_rule="per_kg",
        dose_mg_per_kg=Decimal("0.5"),
        infusion_minutes=40,
    )
    load_default_rules(site)
    patients = Patient.objects.bulk_create(
        Patient(site=site, mrn=f"B{n:05d}", given_name="Pat", family_name=f"Bench{n}", date_of_birth="1980-01-01")
        for n in range(PATIENTS)
    )
    maoi = Medication.objects.create(name="Phenelzine", drug_class="maoi")
    PatientMedication.objects.bulk_create(
        PatientMedication(site=site, patient=patient, medication=maoi) for patient in patients[::20]
    )
    now = datetime.datetime.now(datetime.UTC)
    snapshot = protocol.snapshot()
    sessions = []
    for n in range(SESSIONS):
        arrived = now - datetime.timedelta(days=365 * n / SESSIONS, minutes=rng.randint(0, 600))
        sessions.append(
            InfusionSession(
                site=site,
                patient=patients[n % PATIENTS],
                protocol=protocol,
                protocol_snapshot=snapshot,
                nurse=nurse,
                weight_value=70,
                weight_unit="kg",
                weight_kg=70,
                dose_computed_mg=35,
                dose_formula="0.5 × 70",
                course_number=n // PATIENTS + 1,
                arrived_at=arrived,
                infusion_started_at=arrived + datetime.timedelta(minutes=15),
                infusion_ended_at=arrived + datetime.timedelta(minutes=55),
            )
        )
    InfusionSession.objects.bulk_create(sessions, batch_size=1000)
    readings = []
    for session in sessions:
        systolic, rise = rng.randint(105, 150), rng.choice((5, 15, 25, 35, 45, 55))
        for index in range(READINGS_PER_SESSION):
            at = session.arrived_at + datetime.timedelta(minutes=5 + 10 * index)
            peak = rise if 2 <= index <= 6 else rise // 3
            readings.append(
                VitalSigns(
                    site=site,
                    session=session,
                    measured_at=at,
                    recorded_at=at,
                    recorded_by=nurse,
                    phase=session.phase_at(at),
                    systolic=systolic + (peak if index else 0) + rng.randint(-6, 6),
                    diastolic=rng.randint(65, 95),
                    heart_rate=rng.randint(55, 115),
                    spo2=rng.randint(90, 100),
                    respiratory_rate=rng.randint(10, 22),
                    consciousness="A",
                    on_oxygen=False,
                )
            )
    VitalSigns.objects.bulk_create(readings, batch_size=5000)
    return site


def timed(label: str, run) -> None:
    seconds = []
    for _ in range(RUNS):
        began = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - began)
    print(
        f"{label:<52} median {statistics.median(seconds):.3f} s, max {max(seconds):.3f} s · "
        f"{result.sessions_checked} sessions, {result.readings_checked} readings, "
        f"{result.draft.alerts} alerts on {result.draft.sessions} sessions / {result.draft.patients} patients"
    )


def main() -> None:
    recreate_database(DATABASE)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sessions.clinical.backtest import backtest_rule
    from sessions.models import AlertRule

    began = time.perf_counter()
    site = build_year(random.Random(6))
    print(f"built one site-year in {time.perf_counter() - began:.1f} s")
    now = datetime.datetime.now(datetime.UTC)
    year = {"start": now - datetime.timedelta(days=366), "end": now}
    rise = AlertRule.objects.get(site=site, name="Systolic BP rise of 40 or more")
    draft = AlertRule.objects.get(pk=rise.pk)
    draft.threshold, draft.sustained_readings = Decimal("30"), 2
    new_rule = AlertRule(
        site=site,
        name="HR > 100",
        metric="heart_rate",
        comparator="gt",
        threshold=100,
        severity="warning",
        sustained_readings=2,
    )
    news2 = AlertRule.objects.get(site=site, name="NEWS2 5 or more")
    timed("new site rule (HR > 100 on 2 readings), one year", lambda: backtest_rule(new_rule, **year))
    timed("edit SBP rise 40 → 30 on 2, vs saved, one year", lambda: backtest_rule(draft, current=rise, **year))
    timed("NEWS2 ≥ 5, one year", lambda: backtest_rule(news2, current=news2, **year))


if __name__ == "__main__":
    main()
