"""The API's hot endpoints cost a fixed number of queries whatever the number of rows: charting
a reading, the collections integrators page through, and the CSV exports (which stream)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions import services
from tests import factories
from tests.conftest import BASELINE, T0, minutes

MOST_QUERIES = 12
# Charting a reading: the token and the user's sites; the session (404 check), then in one
# transaction the session locked, its readings, their artifact marks and its alerts (read once for
# the retry check, the overdue check, the rules and NEWS2), the reading and its history row, the
# rules; the answer's artifacts and correction of the new reading. BEGIN and COMMIT count too.
CHARTING_QUERIES = 14
LISTS = (
    "/api/v1/sessions/",
    "/api/v1/vitals/",
    "/api/v1/alerts/",
    "/api/v1/side-effects/",
    "/api/v1/events/",
    "/api/v1/assessments/",
    "/api/v1/export/vitals.csv",
    "/api/v1/export/sessions.csv",
    "/api/v1/export/side-effects.csv",
    "/api/v1/export/alerts.csv",
)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


@pytest.fixture
def chart_more(start, site_a, nurse_a, hr_rule):
    """`chart_more(n)`: n more patients' sessions, each with a baseline, a breaching HR and a side effect."""

    def _chart(count: int) -> None:
        for _ in range(count):
            session = start(factories.PatientFactory(site=site_a))
            services.record_vitals(
                session=session, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(5), now=T0 + minutes(5)
            )
            services.record_event(
                session=session, by=nurse_a, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
            )
            services.record_vitals(
                session=session,
                values={**BASELINE, "heart_rate": 130},
                by=nurse_a,
                measured_at=T0 + minutes(20),
                now=T0 + minutes(20),
            )
            services.record_side_effect(
                session=session, by=nurse_a, term="nausea", severity="mild", onset_at=T0 + minutes(22)
            )
            services.record_assessment(
                patient=session.patient, session=session, by=nurse_a, instrument="phq9", items=[1] * 9
            )

    return _chart  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
def test_lists_and_exports_cost_the_same_queries_for_more_rows(api, physician_a, charted_session, chart_more, url):
    client = api(physician_a)
    few = queries(client, url)
    chart_more(6)

    assert queries(client, url) == few
    assert few <= MOST_QUERIES


def test_a_sessions_readings_cost_the_same_queries_for_more_readings(api, nurse_a, charted_session):
    client = api(nurse_a)
    url = f"/api/v1/sessions/{charted_session.pk}/vitals/"
    few = queries(client, url)
    for n in range(6):
        services.record_vitals(
            session=charted_session, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(21 + n), now=T0 + minutes(27)
        )

    assert queries(client, url) == few
    assert few <= MOST_QUERIES


def test_charting_a_reading_costs_the_same_queries_late_in_a_session(api, nurse_a, charted_session):
    """Rule evaluation reads the session's readings in one query, not one per reading."""
    client = api(nurse_a)
    url = f"/api/v1/sessions/{charted_session.pk}/vitals/"

    def post(heart_rate: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {**BASELINE, "heart_rate": heart_rate}, format="json")
        assert response.status_code == 201
        return len(captured)

    post(80)  # resolves the session's open HR alert: a write the next readings do not repeat
    early = post(79)
    for n in range(6):
        services.record_vitals(
            session=charted_session, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(21 + n), now=T0 + minutes(27)
        )

    assert post(81) == early
    assert early <= CHARTING_QUERIES
