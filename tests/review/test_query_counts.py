"""The list pages cost the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions import services
from tests.conftest import T0, minutes
from tests.factories import PatientFactory
from tests.review.conftest import chart_high_bp, discharge_now

pytestmark = pytest.mark.django_db


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def alerted_sessions(start, patients, nurse, physician, count):
    for n in range(count):
        session = start(patients[n % len(patients)])
        chart_high_bp(session, nurse)
        if n % 2:
            discharge_now(session, nurse, physician)


@pytest.fixture
def more_patients(site_a):
    return [PatientFactory(site=site_a) for _ in range(3)]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("review-alerts", {}),
        ("review-alerts", {"region": "list"}),
        ("review-sessions", {}),
        ("review-sessions", {"has_alerts": "true", "status": "awaiting_sign_off", "mine": "true"}),
        ("review-report", {"date_from": "2026-11-01", "date_to": "2026-11-30"}),
    ],
)
def test_list_pages_use_a_constant_number_of_queries(
    physician_client,
    start,
    more_patients,
    nurse_a,
    physician_a,
    critical_rule_a,
    name,
    params,
    django_assert_max_num_queries,
):
    alerted_sessions(start, more_patients, nurse_a, physician_a, 2)
    few = queries(physician_client, reverse(name), **params)
    alerted_sessions(start, more_patients, nurse_a, physician_a, 8)

    with django_assert_max_num_queries(few):
        queries(physician_client, reverse(name), **params)
    assert few <= 14


def test_the_patient_course_uses_a_constant_number_of_queries(
    physician_client, start, patient_a, nurse_a, physician_a, critical_rule_a, django_assert_max_num_queries
):
    alerted_sessions(start, [patient_a], nurse_a, physician_a, 2)
    url = reverse("review-patient-course", args=[patient_a.pk])
    few = queries(physician_client, url)
    alerted_sessions(start, [patient_a], nurse_a, physician_a, 6)

    with django_assert_max_num_queries(few):
        queries(physician_client, url)


def test_the_critical_banner_costs_at_most_two_queries_beyond_login(
    physician_client, start, more_patients, nurse_a, physician_a, critical_rule_a, django_assert_max_num_queries
):
    alerted_sessions(start, more_patients, nurse_a, physician_a, 6)

    # the login session and user, the acknowledge sites, the alerts, their count
    with django_assert_max_num_queries(5):
        physician_client.get(reverse("review-critical-banner"))


def test_reviewing_a_signed_session_costs_no_query_per_person_or_artifact(
    physician_client, start, patient_a, nurse_a, physician_a, critical_rule_a, django_assert_max_num_queries
):
    """The staff the page names (supervising, discharging, authorising, signing) come with the
    session, and who marked an artifact with the marks."""
    session = start(patient_a, supervising_physician=physician_a)
    (alert,) = chart_high_bp(session, nurse_a)
    url = reverse("review-session", args=[session.pk])
    few = queries(physician_client, url)
    services.mark_artifact(reading=alert.reading, reason="Cuff slipped", by=nurse_a, now=T0 + minutes(22))
    discharge_now(session, nurse_a, physician_a)
    services.sign_session(session=session, by=physician_a, attestation="Reviewed.", now=T0 + minutes(80))

    with django_assert_max_num_queries(few):
        response = physician_client.get(url)
    assert "Cuff slipped" in response.content.decode()
