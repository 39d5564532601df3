"""Sessions, side effects and alerts: the other three CSV files, row by row."""

from decimal import Decimal

import pytest

from sessions import services
from sessions.exports import csv as csv_export
from tests import factories
from tests.conftest import T0
from tests.exports.conftest import read_csv


@pytest.mark.parametrize("export", csv_export.EXPORTS.values(), ids=lambda export: export.name)
def test_every_file_has_its_documented_header(client, nurse_a, charted_session, export):
    client.force_login(nurse_a)
    response = client.get(f"/api/v1/export/{export.name}.csv")
    header = b"".join(response.streaming_content).decode().splitlines()[0]
    assert header.split(",") == export.headers
    assert len(set(export.headers)) == len(export.headers)


@pytest.mark.parametrize("export", csv_export.EXPORTS.values(), ids=lambda export: export.name)
@pytest.mark.parametrize("who, query", [("no_sites", ""), ("nurse_a", "?status=ready_for_discharge")])
def test_a_file_no_row_can_match_is_its_header_alone(client, charted_session, export, who, query, request):
    """No site to see, or a status no session has: Django runs no query for it, and the file is
    just its header, never a 500."""
    user = factories.UserFactory() if who == "no_sites" else request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(f"/api/v1/export/{export.name}.csv{query}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == ",".join(export.headers) + "\n"


@pytest.mark.parametrize("export", csv_export.EXPORTS.values(), ids=lambda export: export.name)
def test_every_file_ends_its_lines_with_a_newline_alone(client, nurse_a, charted_session, export):
    """As PostgreSQL's COPY writes them, whichever way the file is written."""
    client.force_login(nurse_a)
    body = b"".join(client.get(f"/api/v1/export/{export.name}.csv").streaming_content)
    assert body.endswith(b"\n") and b"\r" not in body
    assert body.count(b"\n") > 1


def test_sessions_csv_keeps_the_weight_as_entered_and_in_kg(client, nurse_a, start, patient_a):
    session = start(patient_a, weight_value=Decimal("154"), weight_unit="lb", chair="3")
    session.refresh_from_db()
    client.force_login(nurse_a)
    [row] = read_csv(client.get("/api/v1/export/sessions.csv"))
    assert row == row | {
        "session_id": str(session.pk),
        "site": "riverside",
        "patient_id": str(patient_a.pk),
        "course_number": "1",
        "protocol": "IV ketamine 0.5 mg/kg over 40 min",
        "drug": "ketamine",
        "route": "iv",
        "status": "pre_check",
        "chair": "3",
        "nurse": "nurse_a",
        "weight_value": "154.00",
        "weight_unit": "lb",
        "weight_kg": "69.85322",  # 154 × 0.45359237 = 69.85322498, stored to 5 places
        "dose_computed_mg": f"{session.dose_computed_mg:f}",
        "arrived_at": "2026-11-16T14:00:00+00:00",
        "infusion_started_at": "",
        "signed_at": "",
    }


def test_sessions_csv_says_the_status_of_a_running_infusion(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    [row] = read_csv(client.get("/api/v1/export/sessions.csv"))
    assert (row["status"], row["infusion_started_at"], row["dose_given_mg"]) == (
        charted_session.phase(),
        "2026-11-16T14:10:00+00:00",
        "35.00",
    )


def test_side_effects_csv_has_the_term_severity_and_action(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    [row] = read_csv(client.get("/api/v1/export/side-effects.csv"))
    assert row == row | {
        "session_id": str(charted_session.pk),
        "term": "nausea",
        "description": "Nausea",
        "severity": "moderate",
        "onset_at": "2026-11-16T14:25:00+00:00",
        "resolved_at": "",
        "action_taken": "paused",
        "note": "Settled after a pause",
        "recorded_by": "nurse_a",
        "entered_in_error": "false",
    }


def test_side_effects_csv_describes_an_other_term_by_its_free_text(client, nurse_a, infusing_session):
    services.record_side_effect(
        session=infusing_session, by=nurse_a, term="other", other_term="Hiccups", severity="mild", onset_at=T0
    )
    client.force_login(nurse_a)
    [row] = read_csv(client.get("/api/v1/export/side-effects.csv"))
    assert (row["term"], row["description"]) == ("other", "Hiccups")


def test_alerts_csv_has_the_value_with_its_unit_and_what_was_done(client, nurse_a, charted_session, alert):
    client.force_login(nurse_a)
    [row] = read_csv(client.get("/api/v1/export/alerts.csv"))
    assert row == row | {
        "alert_id": str(alert.pk),
        "kind": "rule",
        "severity": "critical",
        "rule_name": "SBP above 180",
        "metric": "systolic",
        "reading_id": str(alert.reading_id),
        "value": "190.00",
        "value_unit": "mm[Hg]",
        "raised_at": "2026-11-16T14:30:00+00:00",
        "acknowledged_at": "2026-11-16T14:31:00+00:00",
        "acknowledged_by": "physician_a",
        "acknowledgement_note": "Rechecking",
        "resolved_at": "2026-11-16T14:32:00+00:00",
        "resolved_reason": "Its reading was marked entered in error",
    }


def test_a_cell_holding_a_line_break_is_quoted_whole(client, nurse_a, infusing_session):
    services.record_side_effect(
        session=infusing_session, by=nurse_a, term="other", other_term="a\rb", note="c\nd", severity="mild", onset_at=T0
    )
    client.force_login(nurse_a)
    body = b"".join(client.get("/api/v1/export/side-effects.csv").streaming_content)
    assert b',"a\rb",' in body and b',"c\nd",' in body
