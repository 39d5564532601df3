"""Fixtures for the physician review pages: charted sessions with alerts at site A and site B.

Everything is charted through `sessions.services` at fixed clinical times after T0, so the
pages show what real charting would leave behind.
"""

from decimal import Decimal

import pytest

from clinic.models import Role
from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from tests import factories
from tests.conftest import BASELINE, T0, minutes
from tests.sessions.pages.conftest import nurse_client, physician_client  # noqa: F401  (shared login fixtures)

HIGH_BP = {**BASELINE, "systolic": 192, "diastolic": 96}


@pytest.fixture
def physician_b(site_b):
    return factories.staff(Role.PHYSICIAN, site_b, username="physician_b")


@pytest.fixture
def critical_rule_a(site_a):
    return factories.AlertRuleFactory(site=site_a, name="SBP above 180", threshold=Decimal("180"))


@pytest.fixture
def critical_rule_b(site_b):
    return factories.AlertRuleFactory(site=site_b, name="SBP above 180 (Harbour)", threshold=Decimal("180"))


def chart_high_bp(session, nurse, *, at: int = 20):
    """Baseline at +5, infusion started at +10, a reading of 192/96 at `at` minutes: one alert per breached rule."""
    if session.infusion_started_at is None:
        services.record_vitals(
            session=session, values=BASELINE, by=nurse, measured_at=T0 + minutes(5), now=T0 + minutes(5)
        )
        services.record_event(
            session=session, by=nurse, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
        )
    recorded = services.record_vitals(
        session=session, values=HIGH_BP, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(at)
    )
    session.refresh_from_db()
    return recorded.raised


def discharge_now(session, nurse, physician):
    """Stop at +50 and discharge at +70 on the physician's override (observation time not yet passed)."""
    services.record_event(session=session, by=nurse, kind="stopped", occurred_at=T0 + minutes(50), now=T0 + minutes(50))
    services.discharge(
        session=session,
        by=physician,
        checklist={item: True for item, _ in DISCHARGE_CHECKLIST},
        override_reason="Reviewed at the chair; patient well.",
        now=T0 + minutes(70),
    )
    session.refresh_from_db()
    return session


@pytest.fixture
def alert_a(session_a, nurse_a, critical_rule_a):
    (alert,) = chart_high_bp(session_a, nurse_a)
    return alert


@pytest.fixture
def discharged_session(alert_a, session_a, nurse_a, physician_a):
    return discharge_now(session_a, nurse_a, physician_a)


@pytest.fixture
def session_b(start, patient_b, nurse_b):
    return start(patient_b, by=nurse_b)


@pytest.fixture
def alert_b(session_b, nurse_b, critical_rule_b):
    (alert,) = chart_high_bp(session_b, nurse_b)
    return alert
