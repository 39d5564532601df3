"""Artifact marking through the API: create with a reason, read back on the reading."""

import pytest

from sessions import services
from tests.conftest import T0, minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(infusing_session, nurse_a):
    return services.record_vitals(
        session=infusing_session,
        values={"spo2": 84, "heart_rate": 80},
        by=nurse_a,
        measured_at=T0 + minutes(20),
        now=T0 + minutes(20),
    ).reading


def url(reading):
    return f"/api/v1/sessions/{reading.session_id}/vitals/{reading.pk}/"


def test_a_nurse_marks_a_value_and_the_reading_shows_it(api, nurse_a, reading):
    client = api(nurse_a)
    response = client.post(url(reading) + "artifact/", {"values": ["spo2"], "reason": "Probe slipped"}, format="json")
    assert response.status_code == 201, response.json()
    [mark] = response.json()["artifacts"]
    assert (mark["values"], mark["reason"], mark["marked_by"]) == (["spo2"], "Probe slipped", nurse_a.username)
    assert response.json()["spo2"] == 84
    assert client.get(url(reading)).json()["artifacts"] == [mark]


def test_a_marking_without_a_reason_is_a_400(api, nurse_a, reading):
    response = api(nurse_a).post(url(reading) + "artifact/", {"values": ["spo2"]}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()


def test_another_sites_nurse_gets_a_404(api, nurse_b, reading):
    response = api(nurse_b).post(url(reading) + "artifact/", {"reason": "x"}, format="json")
    assert response.status_code == 404
