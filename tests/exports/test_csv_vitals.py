from sessions import services
from sessions.exports import csv as csv_export
from tests.conftest import BASELINE, T0, minutes
from tests.exports.conftest import read_csv

URL = "/api/v1/export/vitals.csv"


def test_it_streams_a_csv_attachment(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="vitals-')


def test_it_starts_with_the_documented_header(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    text = b"".join(client.get(URL).streaming_content).decode()
    assert text.splitlines()[0].split(",") == csv_export.VITALS.headers
    assert all(column.description for column in csv_export.VITALS.columns)


def test_it_exports_a_fahrenheit_reading_exactly_as_entered_and_in_celsius(
    client, nurse_a, charted_session, fahrenheit_reading
):
    client.force_login(nurse_a)
    row = next(row for row in read_csv(client.get(URL)) if row["reading_id"] == str(fahrenheit_reading.pk))
    assert row == row | {
        "session_id": str(charted_session.pk),
        "site": "riverside",
        "patient_id": str(charted_session.patient_id),
        "patient_mrn": charted_session.patient.mrn,
        "measured_at": "2026-11-16T14:20:00+00:00",
        "recorded_at": "2026-11-16T14:21:00+00:00",
        "recorded_by": "nurse_a",
        "phase": "infusion",
        "is_late": "false",
        "source": "manual",
        "systolic_mmhg": "120",
        "diastolic_mmhg": "80",
        "heart_rate_per_min": "72",
        "spo2_percent": "98",
        "respiratory_rate_per_min": "14",
        "temperature_value": "101.3",
        "temperature_unit": "F",
        "temperature_c": "38.50",
        "etco2_mmhg": "38",
        "sedation_moaas": "4",
        "dissociation_0_10": "3",
        "pain_0_10": "2",
        "consciousness": "A",
        "on_oxygen": "false",
        "note": "Feels warm",
        "entered_in_error": "false",
        "error_reason": "",
        "corrects_reading_id": "",
    }
    assert row["updated_at"].endswith("+00:00")


def test_it_keeps_a_reading_entered_in_error_with_its_reason_and_correction(
    client, nurse_a, charted_session, reading_in_error
):
    client.force_login(nurse_a)
    rows = {row["reading_id"]: row for row in read_csv(client.get(URL))}
    wrong = rows[str(reading_in_error.pk)]
    assert (wrong["entered_in_error"], wrong["error_reason"]) == ("true", "Cuff too small")
    assert wrong["error_marked_at"] == "2026-11-16T14:32:00+00:00"
    assert wrong["systolic_mmhg"] == "190"
    correction = next(row for row in rows.values() if row["corrects_reading_id"] == str(reading_in_error.pk))
    assert (correction["systolic_mmhg"], correction["entered_in_error"]) == ("130", "false")


def test_it_orders_readings_by_clinical_time(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    times = [row["measured_at"] for row in read_csv(client.get(URL))]
    assert times == sorted(times)
    assert len(times) == 4


def test_it_defuses_text_a_spreadsheet_would_run_as_a_formula(client, nurse_a, session_a):
    services.record_vitals(session=session_a, values=BASELINE, by=nurse_a, note="=HYPERLINK(1)", now=T0 + minutes(1))
    client.force_login(nurse_a)
    assert read_csv(client.get(URL))[0]["note"] == "'=HYPERLINK(1)"
