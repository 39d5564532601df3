"""Shared fixtures: site A with a nurse, a physician and an admin; site B with its own nurse.

Every permission test can then ask the same three questions: may the owner, may a colleague
with another role, may an outsider from another site.
"""

import datetime
from decimal import Decimal

import pytest

from clinic.models import Role
from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from tests import factories

# A fixed Monday morning, well inside clinic hours in New York, so tests never straddle midnight.
T0 = datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC)


def minutes(n: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@pytest.fixture(autouse=True)
def login_guards_off(settings):
    """Tests travel hours in time while logged in and use `client.login()` (no request, which
    django-axes needs); the lockout and the idle timeout have their own tests that turn them on."""
    settings.AXES_ENABLED = False
    settings.IDLE_TIMEOUT_MINUTES = 0


@pytest.fixture
def site_a(db):
    return factories.SiteFactory(name="Riverside", code="riverside", timezone="America/New_York")


@pytest.fixture
def site_b(db):
    return factories.SiteFactory(name="Harbour", code="harbour", timezone="Europe/London")


@pytest.fixture
def nurse_a(site_a):
    return factories.staff(Role.NURSE, site_a, username="nurse_a")


@pytest.fixture
def physician_a(site_a):
    return factories.staff(Role.PHYSICIAN, site_a, username="physician_a")


@pytest.fixture
def admin_a(site_a):
    return factories.staff(Role.ADMIN, site_a, username="admin_a")


@pytest.fixture
def nurse_b(site_b):
    return factories.staff(Role.NURSE, site_b, username="nurse_b")


@pytest.fixture
def iv_protocol(db):
    return factories.ProtocolFactory()


@pytest.fixture
def esketamine_protocol(db):
    return factories.EsketamineProtocolFactory()


@pytest.fixture
def patient_a(site_a):
    return factories.PatientFactory(site=site_a)


@pytest.fixture
def patient_b(site_b):
    return factories.PatientFactory(site=site_b)


@pytest.fixture
def start(nurse_a, iv_protocol):
    """Start a session for a patient at T0 (arrival), IV protocol, 70 kg, by site A's nurse."""

    def _start(patient, *, by=None, protocol=None, **kwargs):
        kwargs.setdefault("weight_value", Decimal("70"))
        kwargs.setdefault("weight_unit", "kg")
        kwargs.setdefault("arrived_at", T0)
        kwargs.setdefault("now", T0)
        return services.start_session(patient=patient, protocol=protocol or iv_protocol, by=by or nurse_a, **kwargs)

    return _start


@pytest.fixture
def session_a(start, patient_a):
    return start(patient_a)


@pytest.fixture
def infusing_session(session_a, nurse_a):
    """Session A with a baseline of 120/80, HR 72, SpO2 98, RR 14 at T0+5 and the infusion started at T0+10."""
    services.record_vitals(
        session=session_a, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(5), now=T0 + minutes(5)
    )
    services.record_event(
        session=session_a, by=nurse_a, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    session_a.refresh_from_db()
    return session_a


BASELINE = {"systolic": 120, "diastolic": 80, "heart_rate": 72, "spo2": 98, "respiratory_rate": 14}
# Every discharge check ticked.
CHECKLIST = {item: True for item, _ in DISCHARGE_CHECKLIST}


def at(n: int) -> datetime.datetime:
    """T0 plus `n` minutes."""
    return T0 + minutes(n)


@pytest.fixture(autouse=True, scope="session")
def queued_tasks_run_inline():
    """Huey's immediate mode: a queued task runs at once on an in-memory queue, and a scheduled
    retry waits in that queue's schedule until a test runs it (see tests/sessions/test_notify_webhook.py)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
