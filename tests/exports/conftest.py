"""A charted session with something of everything the exports carry.

Session A (IV ketamine, 70 kg): baseline at T0+5, infusion from T0+10; a reading in °F at
T0+20; a side effect at T0+25; rescue medication at T0+27; a reading at T0+30 that breaches
the SBP rule (alert raised, acknowledged), then is marked entered in error and corrected.
"""

import csv
import io
import json
from decimal import Decimal

import pytest

from sessions import services
from sessions.models import Alert, VitalSigns
from tests import factories
from tests.conftest import BASELINE, T0, minutes

FAHRENHEIT_READING = {
    **BASELINE,
    "temperature_value": "101.3",
    "temperature_unit": "F",
    "etco2": 38,
    "sedation_moaas": 4,
    "dissociation": 3,
    "pain": 2,
    "consciousness": "A",
    "on_oxygen": False,
}


@pytest.fixture
def charted_session(infusing_session, site_a, nurse_a, physician_a):
    session = infusing_session
    factories.AlertRuleFactory(site=site_a, name="SBP above 180", metric="systolic", threshold=Decimal("180"))
    services.record_vitals(
        session=session,
        values=FAHRENHEIT_READING,
        by=nurse_a,
        measured_at=T0 + minutes(20),
        now=T0 + minutes(21),
        note="Feels warm",
    )
    services.record_side_effect(
        session=session,
        by=nurse_a,
        term="nausea",
        severity="moderate",
        onset_at=T0 + minutes(25),
        action_taken="paused",
        note="Settled after a pause",
        now=T0 + minutes(26),
    )
    services.record_event(
        session=session,
        by=nurse_a,
        kind="rescue_medication",
        drug="Ondansetron",
        dose="4 mg",
        route="IV",
        occurred_at=T0 + minutes(27),
        now=T0 + minutes(27),
    )
    breach = services.record_vitals(
        session=session,
        values={"systolic": 190, "diastolic": 85, "heart_rate": 80},
        by=nurse_a,
        measured_at=T0 + minutes(30),
        now=T0 + minutes(30),
    )
    services.acknowledge_alert(alert=breach.raised[0], by=physician_a, note="Rechecking", now=T0 + minutes(31))
    services.correct_reading(
        reading=breach.reading,
        reason="Cuff too small",
        by=nurse_a,
        values={"systolic": 130, "diastolic": 85, "heart_rate": 80},
        now=T0 + minutes(32),
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def fahrenheit_reading(charted_session):
    return VitalSigns.objects.get(session=charted_session, temperature_unit="F")


@pytest.fixture
def reading_in_error(charted_session):
    return VitalSigns.objects.get(session=charted_session, entered_in_error=True)


@pytest.fixture
def alert(charted_session):
    return Alert.objects.get(session=charted_session)


def read_csv(response) -> list[dict]:
    """Consume a streamed CSV response into one dict per row."""
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def read_ndjson(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]
