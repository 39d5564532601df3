"""Fixtures for alert configuration: a charted course of sessions whose alerts are worked out by hand."""

import datetime
from decimal import Decimal

import pytest

from sessions import services
from tests import factories
from tests.conftest import T0, minutes


def day(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def chart(start, patient, nurse, *, days=0, baseline=120, during=()):
    """Start a session `days` after T0, chart `baseline` systolic before the infusion and `during`
    every 10 minutes after it starts, through the live services (which raise alerts as they go)."""
    arrived = T0 + day(days)
    session = start(patient, arrived_at=arrived, now=arrived, by=nurse)
    first = {"systolic": baseline, "diastolic": 80, "heart_rate": 72}
    services.record_vitals(
        session=session, values=first, by=nurse, measured_at=arrived + minutes(5), now=arrived + minutes(5)
    )
    services.record_event(
        session=session, by=nurse, kind="started", occurred_at=arrived + minutes(10), now=arrived + minutes(10)
    )
    for index, systolic in enumerate(during, start=1):
        at = arrived + minutes(10 + 10 * index)
        values = {"systolic": systolic, "diastolic": 80}
        services.record_vitals(session=session, values=values, by=nurse, measured_at=at, now=at)
    session.refresh_from_db()
    return session


@pytest.fixture
def chart_session(start, nurse_a):
    def _chart(patient, **kwargs):
        return chart(start, patient, nurse_a, **kwargs)

    return _chart


def rise_rule(site, **kwargs):
    """Warn when systolic BP rises 40 mmHg or more above baseline on 2 consecutive readings."""
    values = {
        "name": "SBP rise 40",
        "metric": "systolic",
        "reference": "baseline_units",
        "comparator": "gte",
        "threshold": Decimal("40"),
        "sustained_readings": 2,
        "phases": ["infusion", "observation"],
        "severity": "warning",
    }
    values.update(kwargs)
    return factories.AlertRuleFactory(site=site, **values)


# The hand-worked course (systolic BP; baseline first). With "rise ≥ 40 on 2 readings":
#   S1 (patient 1): 120 | 150 no, 162 yes, 165 yes → alert 1; 130 no → resolves; 161 yes, 170 yes → alert 2
#   S2 (patient 2): 110 | 155 yes, 140 no, 152 yes → none (never two in a row)
#   S3 (patient 1): 130 | 175 yes, 180 yes → alert 3
# = 3 alerts, 2 sessions, 1 patient. With "rise ≥ 30": S1 150,162 → 1; 130 resolves; 161,170 → 2;
#   S2 155,140 → 3; S3 175,180 → 4 = 4 alerts, 3 sessions, 2 patients.
COURSE = (
    ("first", 0, 120, (150, 162, 165, 130, 161, 170)),
    ("second", 1, 110, (155, 140, 152)),
    ("first", 2, 130, (175, 180)),
)


@pytest.fixture
def two_patients(site_a):
    return {"first": factories.PatientFactory(site=site_a), "second": factories.PatientFactory(site=site_a)}


@pytest.fixture
def charted_course(chart_session, two_patients):
    return [
        chart_session(two_patients[who], days=days, baseline=base, during=during) for who, days, base, during in COURSE
    ]


VALID_RULE = {
    "name": "HR above 130",
    "metric": "heart_rate",
    "reference": "absolute",
    "comparator": "gt",
    "threshold": "130",
    "sustained_readings": "1",
    "severity": "warning",
}

PERIOD = {"start": T0 - day(30), "end": T0 + day(30)}
