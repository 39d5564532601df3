"""The audit trail: every change says who, when, from which page or API call, and before/after;
physicians and admins of the site read it on a session's and a patient's history page."""

import pytest
import time_machine
from rest_framework.authtoken.models import Token

from clinic.audit import ChangeOrigin
from sessions import services
from sessions.models import VitalSigns
from tests.conftest import T0, minutes
from tests.sessions.pages.test_vitals_entry import FORM, post_reading


def test_a_reading_charted_on_a_page_records_the_page(nurse_client, infusing_session):
    with time_machine.travel(T0 + minutes(20), tick=False):
        post_reading(nurse_client, infusing_session, FORM)
    record = VitalSigns.history.filter(session_id=infusing_session.pk).latest("history_id")
    assert record.change_origin == ChangeOrigin.PAGE
    assert record.change_request == f"POST /sessions/{infusing_session.pk}/readings/"
    assert record.history_user.username == "nurse_a"


def test_a_reading_posted_to_the_api_records_the_api_call(client, infusing_session, nurse_a):
    token = Token.objects.create(user=nurse_a)
    url = f"/api/v1/sessions/{infusing_session.pk}/vitals/"
    with time_machine.travel(T0 + minutes(20), tick=False):
        response = client.post(
            url, {"heart_rate": 80}, content_type="application/json", headers={"Authorization": f"Token {token.key}"}
        )
    assert response.status_code == 201, response.content
    record = VitalSigns.history.filter(session_id=infusing_session.pk).latest("history_id")
    assert record.change_origin == ChangeOrigin.API
    assert record.change_request == f"POST {url}"
    assert record.history_user == nurse_a


def test_a_service_call_outside_a_request_is_marked_as_a_command(infusing_session):
    record = VitalSigns.history.filter(session_id=infusing_session.pk).latest("history_id")
    assert record.change_origin == ChangeOrigin.SYSTEM
    assert record.change_request == ""


def test_the_session_history_shows_a_correction_before_and_after(physician_client, infusing_session, nurse_a):
    baseline = infusing_session.readings.get()
    services.correct_reading(
        reading=baseline,
        by=nurse_a,
        reason="Wrong patient's cuff",
        values={"systolic": 122, "diastolic": 80, "heart_rate": 72, "spo2": 98, "respiratory_rate": 14},
        now=T0 + minutes(12),
    )
    body = physician_client.get(f"/review/sessions/{infusing_session.pk}/history/").content.decode()
    assert f"Vital signs reading #{baseline.pk}" in body
    assert "<strong>entered in error</strong>: False → True" in body
    assert "Wrong patient&#x27;s cuff" in body


def test_the_session_review_links_to_its_history(physician_client, infusing_session):
    body = physician_client.get(f"/review/sessions/{infusing_session.pk}/").content.decode()
    assert f'href="/review/sessions/{infusing_session.pk}/history/"' in body


def test_the_patient_history_shows_the_patient_and_session_rows(client, admin_a, infusing_session):
    client.force_login(admin_a)
    patient = infusing_session.patient
    response = client.get(f"/review/patients/{patient.pk}/history/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Patient #{patient.pk}" in body
    assert f"Infusion session #{infusing_session.pk}" in body


@pytest.mark.parametrize("path", ["/review/sessions/{session}/history/", "/review/patients/{patient}/history/"])
def test_a_nurse_may_not_read_the_history(nurse_client, infusing_session, path):
    url = path.format(session=infusing_session.pk, patient=infusing_session.patient_id)
    assert nurse_client.get(url).status_code == 403


@pytest.mark.parametrize("path", ["/review/sessions/{session}/history/", "/review/patients/{patient}/history/"])
def test_another_sites_physician_gets_404(client, physician_b, infusing_session, path):
    client.force_login(physician_b)
    url = path.format(session=infusing_session.pk, patient=infusing_session.patient_id)
    assert client.get(url).status_code == 404


def test_the_history_page_costs_the_same_whatever_the_number_of_readings(
    physician_client, infusing_session, nurse_a, django_assert_max_num_queries
):
    for n in range(12):
        services.record_vitals(
            session=infusing_session, values={"heart_rate": 70 + n}, by=nurse_a, now=T0 + minutes(12 + n)
        )
    with django_assert_max_num_queries(16):
        physician_client.get(f"/review/sessions/{infusing_session.pk}/history/")
