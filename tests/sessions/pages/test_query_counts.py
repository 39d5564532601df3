"""The charting path's pages cost a fixed number of queries (the board ten), no more for a busier
board or a longer chart (the benchmarks in bench/ measure their time at scale)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions import services
from tests.conftest import BASELINE, T0, minutes
from tests.factories import AlertRuleFactory, PatientFactory
from tests.review.conftest import chart_high_bp

# Login session, user, memberships, sites; the board's sessions (read once for the overdue check
# and the rows), their overdue alerts already raised, open alerts, side effects, course plans and
# the treatments those plans count.
MOST_QUERIES = 10
# A session's page reads each kind of charted row with its own query (readings, artifacts, alerts,
# events, side effects, assessments, addenda, rules, clearance); the readings' alerts come from the
# session's alerts and the staff it names come with the session.
SESSION_PAGE_MOST_QUERIES = 12


@pytest.fixture(autouse=True)
def critical_rule(site_a):
    """SBP above 180: every session charted here has an open alert on the board."""
    return AlertRuleFactory(site=site_a, name="SBP above 180", threshold=Decimal("180"))


def queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured)


def chart_sessions(start, site, nurse, count: int) -> list:
    """`count` infusing sessions with a breaching reading each (an open alert), all due a reading."""
    return [chart_high_bp(session := start(PatientFactory(site=site)), nurse) and session for _ in range(count)]


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx rows"])
def test_the_board_costs_a_dozen_queries_however_many_chairs(nurse_client, start, site_a, nurse_a, at, headers):
    chart_sessions(start, site_a, nurse_a, 2)
    at(45)
    queries(nurse_client, "/board/", **headers)  # notices the overdue readings once
    few = queries(nurse_client, "/board/", **headers)
    chart_sessions(start, site_a, nurse_a, 6)
    queries(nurse_client, "/board/", **headers)

    assert queries(nurse_client, "/board/", **headers) == few
    assert few <= MOST_QUERIES  # fmt: skip


@pytest.mark.parametrize("page", ["/sessions/{}/", "/review/sessions/{}/"], ids=["chart", "review"])
def test_a_sessions_page_costs_the_same_queries_for_a_longer_chart(
    client, nurse_a, physician_a, start, patient_a, at, page
):
    session = start(patient_a)
    chart_high_bp(session, nurse_a)
    client.force_login(physician_a if page.startswith("/review") else nurse_a)
    at(40)
    url = page.format(session.pk)
    few = queries(client, url)
    for n in range(15):
        services.record_vitals(
            session=session, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(21 + n), now=T0 + minutes(38)
        )

    assert queries(client, url) == few
    assert few <= SESSION_PAGE_MOST_QUERIES  # fmt: skip
