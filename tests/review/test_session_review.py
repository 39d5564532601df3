"""The session review page, sign-off with an attestation, and addenda after signing."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from sessions import services
from sessions.models import Addendum
from tests.conftest import BASELINE, T0, minutes
from tests.factories import MedicationFactory, PatientMedicationFactory

pytestmark = pytest.mark.django_db


def review(client, session):
    response = client.get(reverse("review-session", args=[session.pk]))
    assert response.status_code == 200
    return response


def test_it_shows_everything_recorded_on_the_session(physician_client, physician_a, discharged_session, alert_a):
    session = discharged_session
    services.acknowledge_alert(alert=alert_a, by=physician_a, note="Seen; recheck")
    body = review(physician_client, session).content.decode()

    assert session.protocol_snapshot["name"] in body
    assert session.dose_formula in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart"' in body
    assert "192/96" in body
    assert "SBP above 180" in body and "Seen; recheck" in body
    assert "Infusion stopped" in body
    assert "Escort present" in body and "Reviewed at the chair" in body
    assert "Sign session" in body


def test_it_shows_readings_entered_in_error_and_late_entries(physician_client, nurse_a, infusing_session):
    session = infusing_session
    stored = services.record_vitals(
        session=session,
        values={**BASELINE, "systolic": 210},
        by=nurse_a,
        measured_at=T0 + minutes(12),
        now=T0 + minutes(40),
    ).reading
    services.correct_reading(reading=stored, reason="Cuff slipped", by=nurse_a, now=T0 + minutes(41))

    response = review(physician_client, session)

    rows = {reading.pk: (reading, news2) for reading, news2 in response.context["rows"]}
    assert rows[stored.pk][0].entered_in_error
    assert stored.is_late
    body = response.content.decode()
    assert "Cuff slipped" in body and ">late<" in body


def test_it_shows_the_medication_interaction_banner(physician_client, patient_a, start):
    PatientMedicationFactory(patient=patient_a, medication=MedicationFactory(name="Phenelzine", drug_class="maoi"))
    session = start(patient_a)

    assert "Phenelzine" in review(physician_client, session).content.decode()


def test_a_physician_signs_with_an_attestation(physician_client, physician_a, discharged_session):
    response = physician_client.post(
        reverse("review-session-sign", args=[discharged_session.pk]),
        {"attestation": "Reviewed; appropriate.", "confirm": "on"},
    )

    assert response.status_code == 302
    discharged_session.refresh_from_db()
    assert discharged_session.signed_by == physician_a
    assert discharged_session.sign_attestation == "Reviewed; appropriate."
    assert "Signed" in review(physician_client, discharged_session).content.decode()


def test_signing_needs_the_confirmation(physician_client, discharged_session):
    response = physician_client.post(
        reverse("review-session-sign", args=[discharged_session.pk]), {"attestation": "Reviewed."}
    )

    assert response.status_code == 200
    assert "confirm" in response.context["sign_form"].errors
    discharged_session.refresh_from_db()
    assert discharged_session.signed_at is None


def test_it_refuses_to_sign_a_session_not_yet_discharged(physician_client, infusing_session):
    response = physician_client.post(
        reverse("review-session-sign", args=[infusing_session.pk]), {"attestation": "Reviewed.", "confirm": "on"}
    )

    assert "Only a discharged session can be signed." in response.context["sign_form"].non_field_errors()
    infusing_session.refresh_from_db()
    assert infusing_session.signed_at is None


def test_a_nurse_cannot_sign(nurse_client, discharged_session):
    response = nurse_client.post(
        reverse("review-session-sign", args=[discharged_session.pk]), {"attestation": "Me.", "confirm": "on"}
    )

    assert response.status_code == 403
    discharged_session.refresh_from_db()
    assert discharged_session.signed_at is None


def test_a_nurse_sees_the_review_without_the_sign_form(nurse_client, discharged_session):
    body = review(nurse_client, discharged_session).content.decode()

    assert "Sign session" not in body
    assert "Awaiting a physician" in body


@pytest.fixture
def signed_session(discharged_session, physician_a):
    return services.sign_session(session=discharged_session, by=physician_a, attestation="Reviewed.")


def test_an_addendum_is_added_after_signing(physician_client, physician_a, signed_session):
    response = physician_client.post(
        reverse("review-addendum-create", args=[signed_session.pk]),
        {"text": "Patient called: mild headache next day.", "reason": "Follow-up call"},
    )

    assert response.status_code == 302
    addendum = Addendum.objects.get(session=signed_session)
    assert (addendum.author, addendum.reason) == (physician_a, "Follow-up call")
    assert "mild headache next day" in review(physician_client, signed_session).content.decode()


def test_an_addendum_needs_a_reason(physician_client, signed_session):
    response = physician_client.post(reverse("review-addendum-create", args=[signed_session.pk]), {"text": "x"})

    assert "reason" in response.context["addendum_form"].errors
    assert not Addendum.objects.exists()


def test_an_unsigned_session_takes_no_addendum(physician_client, discharged_session):
    response = physician_client.post(
        reverse("review-addendum-create", args=[discharged_session.pk]), {"text": "x", "reason": "y"}
    )

    assert "not signed yet" in str(response.context["addendum_form"].non_field_errors())
    assert not Addendum.objects.exists()


def test_it_has_a_print_stylesheet_for_a4_and_letter(physician_client, discharged_session):
    css = Path(finders.find("css/review.css")).read_text()
    body = review(physician_client, discharged_session).content.decode()

    assert "css/review.css" in body and "data-print" in body and "js/print.js" in body
    assert "@media print" in css and "@page" in css


def test_another_sites_session_is_not_found(physician_client, session_b):
    assert physician_client.get(reverse("review-session", args=[session_b.pk])).status_code == 404
    response = physician_client.post(
        reverse("review-session-sign", args=[session_b.pk]), {"attestation": "x", "confirm": "on"}
    )
    assert response.status_code == 404
