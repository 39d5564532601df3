"""The API's news2 object names the values carried forward from a recent reading of the session."""

import pytest

from sessions import services
from tests.conftest import T0, minutes

pytestmark = pytest.mark.django_db


def test_the_api_names_the_carried_values(infusing_session, nurse_a, api):
    services.record_vitals(
        session=infusing_session,
        values={"temperature_value": "36.9", "temperature_unit": "C", "consciousness": "A", "on_oxygen": False},
        by=nurse_a,
        measured_at=T0 + minutes(8),
        now=T0 + minutes(8),
    )
    client = api(nurse_a)
    url = f"/api/v1/sessions/{infusing_session.pk}/vitals/"
    response = client.post(url, {"systolic": 130, "diastolic": 80, "heart_rate": 75}, format="json")
    assert response.status_code == 201, response.json()
    scored = response.json()["news2"]
    carried = {item["parameter"]: item for item in scored["carried_forward"]}
    assert set(carried) == {"respiratory_rate", "spo2", "on_oxygen", "consciousness", "temperature_c"}
    assert carried["temperature_c"]["value"] == "36.9"
    assert scored["partial"] is False
    listed = client.get(url).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert any(row["news2"]["carried_forward"] for row in rows)
