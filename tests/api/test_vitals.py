"""POST and GET /api/v1/sessions/{id}/vitals/: charting a reading through `record_vitals`."""

from decimal import Decimal

import pytest

from sessions.models import Alert, VitalSigns
from tests import factories
from tests.conftest import BASELINE, T0, minutes

from .conftest import NOW


def vitals_url(session_id):
    return f"/api/v1/sessions/{session_id}/vitals/"


def test_it_stores_a_reading_and_answers_with_news2_and_raised_alerts(api, nurse_a, infusing_session):
    factories.AlertRuleFactory(site=infusing_session.site, metric="systolic", threshold=Decimal("160"))
    response = api(nurse_a).post(
        vitals_url(infusing_session.pk),
        {**BASELINE, "systolic": 170, "temperature_value": "101.3", "temperature_unit": "F", "consciousness": "A"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    stored = VitalSigns.objects.get(pk=body["reading"]["id"])
    assert stored.systolic == 170
    assert body["reading"]["temperature_value"] == "101.3"
    assert body["reading"]["temperature_unit"] == "F"
    assert body["reading"]["temperature_c"] == "38.50"
    assert body["reading"]["measured_at"] == "2026-11-16T14:30:00Z"
    assert body["reading"]["recorded_by"] == "nurse_a"
    assert body["news2"] == {
        "score": 1,
        "risk": "low",
        "partial": True,
        "missing": ["on_oxygen"],
        "carried_forward": [],
    }
    assert body["reading"]["news2"] == body["news2"]
    [alert] = body["alerts"]
    assert alert["severity"] == "critical"
    assert alert["reading"] == stored.pk
    assert Alert.objects.filter(pk=alert["id"], session=infusing_session).exists()
    assert body["replayed"] is False


def test_it_keeps_a_back_timed_reading_at_its_clinical_time(api, nurse_a, infusing_session):
    response = api(nurse_a).post(
        vitals_url(infusing_session.pk), {**BASELINE, "measured_at": "2026-11-16T09:15:00-05:00"}
    )
    assert response.status_code == 201
    reading = VitalSigns.objects.get(pk=response.json()["reading"]["id"])
    assert reading.measured_at == T0 + minutes(15)
    assert reading.recorded_at == NOW


def test_it_refuses_a_time_without_an_offset(api, nurse_a, infusing_session):
    response = api(nurse_a).post(vitals_url(infusing_session.pk), {**BASELINE, "measured_at": "2026-11-16T14:15:00"})
    assert response.status_code == 400
    assert "offset" in response.json()["measured_at"][0]


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"systolic": 400, "diastolic": 80}, "systolic", "between 40 and 300"),
        ({"systolic": 120, "diastolic": 130}, "diastolic", "below systolic"),
        ({"spo2": 101}, "spo2", "between 50 and 100"),
        ({"heart_rate": "7O"}, "heart_rate", "valid integer"),
        ({"temperature_value": "37.25", "temperature_unit": "C"}, "temperature_value", "one decimal"),
        ({"temperature_value": "1e30", "temperature_unit": "C"}, "temperature_value", "digits"),
        ({"consciousness": "X"}, "consciousness", "valid choice"),
        ({"pulse": 80}, "pulse", "Unknown"),
        ({}, "non_field_errors", "at least one"),
        ({**BASELINE, "measured_at": "2026-11-16T15:30:00Z"}, "measured_at", "future"),
    ],
)
def test_it_answers_400_naming_the_field(api, nurse_a, infusing_session, values, field, fragment):
    before = VitalSigns.objects.count()
    response = api(nurse_a).post(vitals_url(infusing_session.pk), values)
    assert response.status_code == 400
    assert fragment in " ".join(response.json()[field])
    assert VitalSigns.objects.count() == before


def test_it_refuses_a_reading_on_a_discharged_session(api, nurse_a, session_a):
    session_a.discharged_at = T0 + minutes(25)
    session_a.save()
    response = api(nurse_a).post(vitals_url(session_a.pk), BASELINE)
    assert response.status_code == 400
    assert "discharged" in response.json()["non_field_errors"][0]


def test_it_refuses_a_clinic_admin_who_does_not_chart(api, admin_a, infusing_session):
    response = api(admin_a).post(vitals_url(infusing_session.pk), BASELINE)
    assert response.status_code == 403


def test_it_hides_another_sites_session(api, nurse_b, infusing_session):
    client = api(nurse_b)
    assert client.post(vitals_url(infusing_session.pk), BASELINE).status_code == 404
    assert client.get(vitals_url(infusing_session.pk)).status_code == 404


def test_it_lists_a_sessions_readings_in_entry_order(api, physician_a, charted_session):
    response = api(physician_a).get(vitals_url(charted_session.pk))
    assert response.status_code == 200
    readings = response.json()["results"]
    assert [r["heart_rate"] for r in readings] == [72, 130]
    assert readings[1]["news2"]["partial"] is True


def test_it_only_allows_get_and_post(api, nurse_a, charted_session):
    client = api(nurse_a)
    reading = charted_session.readings.first()
    url = f"{vitals_url(charted_session.pk)}{reading.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"systolic": 150}).status_code == 405
    assert client.delete(url).status_code == 405
    assert VitalSigns.objects.filter(pk=reading.pk, systolic=120).exists()
