"""A value marked as an artifact is exported as charted, with the marking: a CSV column and a
FHIR Observation note."""

import pytest

from sessions import services
from tests.conftest import T0, minutes
from tests.exports.conftest import read_csv

pytestmark = pytest.mark.django_db
URL = "/api/v1/export/vitals.csv"


@pytest.fixture
def marked(fahrenheit_reading, nurse_a):
    services.mark_artifact(
        reading=fahrenheit_reading, fields=["spo2"], reason="Probe slipped", by=nurse_a, now=T0 + minutes(25)
    )
    return fahrenheit_reading


def test_the_csv_names_the_marked_values_and_why(client, nurse_a, marked):
    client.force_login(nurse_a)
    rows = {row["reading_id"]: row for row in read_csv(client.get(URL))}
    row = rows[str(marked.pk)]
    assert (row["spo2_percent"], row["artifact_values"], row["artifact_reason"]) == ("98", "spo2", "Probe slipped")
    others = [other for key, other in rows.items() if key != str(marked.pk)]
    assert all(other["artifact_values"] == "" for other in others)


def test_the_csv_names_several_values_in_order_or_the_whole_reading_and_the_latest_marking_counts(
    client, nurse_a, charted_session, fahrenheit_reading
):
    services.mark_artifact(
        reading=fahrenheit_reading, fields=["spo2", "heart_rate"], reason="Moving", by=nurse_a, now=T0 + minutes(25)
    )
    client.force_login(nurse_a)
    row = next(row for row in read_csv(client.get(URL)) if row["reading_id"] == str(fahrenheit_reading.pk))
    assert (row["artifact_values"], row["artifact_reason"]) == ("spo2 heart_rate", "Moving")

    services.mark_artifact(reading=fahrenheit_reading, reason="Wrong patient", by=nurse_a, now=T0 + minutes(26))
    row = next(row for row in read_csv(client.get(URL)) if row["reading_id"] == str(fahrenheit_reading.pk))
    assert (row["artifact_values"], row["artifact_reason"]) == ("reading", "Wrong patient")


def test_the_fhir_observation_of_the_marked_value_carries_a_note(client, nurse_a, marked):
    client.force_login(nurse_a)
    bundle = client.get(f"/api/v1/fhir/Encounter/{marked.session_id}/$everything").json()
    mine = [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Observation"
        and entry["resource"]["id"].startswith(f"reading-{marked.pk}-")
    ]
    flagged = [o for o in mine if "Marked as an artifact: Probe slipped" in [n["text"] for n in o.get("note", [])]]
    assert len(mine) > 1 and len(flagged) == 1
    assert "59408-5" in {coding["code"] for coding in flagged[0]["code"]["coding"]}
    assert flagged[0]["status"] == "final"
