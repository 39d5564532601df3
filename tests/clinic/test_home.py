from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions import services
from tests.conftest import BASELINE, T0, minutes
from tests.factories import AlertRuleFactory, PatientFactory


def test_it_sends_an_anonymous_visitor_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_nurse_her_sites_sessions_and_alerts(client, nurse_a, infusing_session, site_a):
    AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=180, message="Call the physician")
    services.record_vitals(
        session=infusing_session, values={**BASELINE, "systolic": 190}, by=nurse_a, now=T0 + minutes(20)
    )
    client.force_login(nurse_a)
    page = client.get("/").content.decode()
    assert infusing_session.patient.full_name in page
    assert "Call the physician" in page
    assert "Nurse · Riverside" in page


def test_it_hides_other_sites_sessions(client, nurse_b, session_a):
    client.force_login(nurse_b)
    page = client.get("/").content.decode()
    assert session_a.patient.full_name not in page
    assert "No session is in progress" in page


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_it_keeps_its_query_count_flat_as_sessions_grow(client, nurse_a, start, patient_a):
    start(patient_a)
    client.force_login(nurse_a)
    with_one = queries_for(client, "/")
    for _ in range(5):
        start(PatientFactory(site=patient_a.site))
    assert queries_for(client, "/") == with_one
