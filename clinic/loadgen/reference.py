"""The small tables of a generated clinic group, made through the ORM: sites, staff, protocols,
patients, the default alert rules. Generated rows are recognisable by the `load-` prefix."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from clinic.demo import catalog
from clinic.models import Patient, Role, Site, StaffMembership
from sessions.models import AlertRule, Metric, Protocol, RuleReference
from sessions.services.default_rules import load_default_rules

PREFIX = "load-"
PASSWORD = "load-data"
TIMEZONES = ("America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin", "Australia/Sydney")

# The demo's protocols, charted more often (every 5 min during the infusion, every 10 after) as
# closely monitored clinics do: about 14 readings a session.
PROTOCOLS = (
    {**catalog.PROTOCOLS[0], "name": "Load IV ketamine, close monitoring", "infusion_interval_minutes": 5,
     "observation_interval_minutes": 10},
    {**catalog.PROTOCOLS[1], "name": "Load esketamine, close monitoring", "observation_interval_minutes": 10},
)  # fmt: skip


@dataclass
class SiteTeam:
    site: Site
    nurse_id: int
    physician_id: int
    patient_ids: list[int]
    usual_bp: dict[int, tuple[int, int]]  # patient id → usual systolic/diastolic
    weight_kg: dict[int, int]
    rise_rule: AlertRule
    spo2_rule: AlertRule


def is_empty() -> bool:
    """No site at all: generated rows skip the services' audit trail, so they never join real data."""
    return not Site.objects.exists()


def protocols() -> list[Protocol]:
    return [Protocol.objects.create(**spec) for spec in PROTOCOLS]


def site_team(number: int, *, patients: int, rng: random.Random, today: datetime.date) -> SiteTeam:
    site = Site.objects.create(
        name=f"Load site {number:02d}",
        code=f"{PREFIX}{number:02d}",
        timezone=TIMEZONES[number % len(TIMEZONES)],
        unit_system=Site.UnitSystem.US if number % 4 == 1 else Site.UnitSystem.METRIC,
    )
    User = get_user_model()
    password = _password_hash()
    nurse = User.objects.create(username=f"{PREFIX}nurse-{number:02d}", password=password)
    physician = User.objects.create(username=f"{PREFIX}physician-{number:02d}", password=password, is_staff=True)
    StaffMembership.objects.bulk_create(
        [
            StaffMembership(user=nurse, site=site, role=Role.NURSE),
            StaffMembership(user=physician, site=site, role=Role.PHYSICIAN),
        ]
    )
    load_default_rules(site)
    rules = AlertRule.objects.filter(site=site, patient=None, medication_class="")
    people = Patient.objects.bulk_create(
        Patient(
            site=site,
            mrn=f"L{number:02d}-{n:06d}",
            given_name=rng.choice(("Alex", "Sam", "Robin", "Jo", "Kim", "Lee", "Max", "Noa")),
            family_name=f"Load{n:06d}",
            date_of_birth=today - datetime.timedelta(days=rng.randint(18 * 365, 80 * 365)),
        )
        for n in range(patients)
    )
    return SiteTeam(
        site=site,
        nurse_id=nurse.pk,
        physician_id=physician.pk,
        patient_ids=[patient.pk for patient in people],
        usual_bp={patient.pk: (rng.randint(108, 142), rng.randint(68, 88)) for patient in people},
        weight_kg={patient.pk: rng.randint(50, 110) for patient in people},
        rise_rule=rules.get(metric=Metric.SYSTOLIC, reference=RuleReference.BASELINE_UNITS),
        spo2_rule=rules.get(metric=Metric.SPO2, threshold=92),
    )


_HASH = []


def _password_hash() -> str:
    """Hashing is slow on purpose; every generated user shares one hash."""
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]
