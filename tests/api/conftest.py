"""API fixtures: token-authenticated clients per role, a frozen clock, and a charted session on each site.

The clock stands at T0 + 30 min, so a reading POSTed without `measured_at` is measured then.
"""

from decimal import Decimal

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from clinic.models import Role
from sessions import services
from sessions.models import Alert
from tests import factories
from tests.conftest import T0, minutes

NOW = T0 + minutes(30)
ROLES = ("nurse_a", "physician_a", "admin_a", "nurse_b", "anonymous")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Each user's PBKDF2 hash costs about a second here; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api():
    """`api(user)`: an APIClient sending the user's token; `api()` is anonymous."""

    def _client(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


@pytest.fixture
def as_role(request, api):
    """`as_role("nurse_a")`: a client for one of ROLES, creating that user's fixture on demand."""

    def _client(role: str) -> APIClient:
        return api(None if role == "anonymous" else request.getfixturevalue(role))

    return _client


@pytest.fixture
def physician_b(site_b):
    return factories.staff(Role.PHYSICIAN, site_b, username="physician_b")


@pytest.fixture
def hr_rule(site_a, physician_a):
    return factories.AlertRuleFactory(
        site=site_a, name="Tachycardia", metric="heart_rate", threshold=Decimal("120"), severity="warning"
    )


@pytest.fixture
def charted_session(infusing_session, nurse_a, hr_rule):
    """Session A infusing since T0+10, with a breaching HR reading at T0+20 (one open alert),
    a side effect, a note event and a PHQ-9."""
    services.record_vitals(
        session=infusing_session,
        values={"systolic": 130, "diastolic": 85, "heart_rate": 130, "spo2": 97, "respiratory_rate": 16},
        by=nurse_a,
        measured_at=T0 + minutes(20),
        now=T0 + minutes(20),
    )
    services.record_side_effect(
        session=infusing_session, by=nurse_a, term="nausea", severity="mild", onset_at=T0 + minutes(22), now=NOW
    )
    services.record_event(session=infusing_session, by=nurse_a, kind="note", note="Calm", now=T0 + minutes(24))
    services.record_assessment(
        patient=infusing_session.patient, session=infusing_session, by=nurse_a, instrument="phq9", items=[1] * 9
    )
    return infusing_session


@pytest.fixture
def world(charted_session, start, patient_b, nurse_b):
    """Ids of site A's charted rows, and a session on site B that no site-A user may see."""
    session_b = start(patient_b, by=nurse_b)
    medication = factories.PatientMedicationFactory(patient=charted_session.patient)
    reading = charted_session.readings.order_by("-id").first()
    return {
        "site": charted_session.site_id,
        "site_b": session_b.site_id,
        "patient": charted_session.patient_id,
        "session": charted_session.pk,
        "session_b": session_b.pk,
        "reading": reading.pk,
        "side_effect": charted_session.side_effects.get().pk,
        "event": charted_session.events.order_by("-id").first().pk,
        "assessment": charted_session.assessments.get().pk,
        "alert": Alert.objects.get(session=charted_session).pk,
        "rule": charted_session.alerts.get().rule_id,
        "protocol": charted_session.protocol_id,
        "medication": medication.medication_id,
        "patient_medication": medication.pk,
    }
