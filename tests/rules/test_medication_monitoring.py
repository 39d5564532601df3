"""Medication-aware monitoring: per-class banner, shorter vitals interval, extra rules only for
the patients taking such a medicine, and a physician's clearance before an MAOI patient's infusion."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clinic.models import MedicationClassResponse
from sessions import services
from sessions.clinical import schedule
from sessions.models import SessionEvent
from sessions.services.default_rules import load_default_rules
from tests import factories
from tests.conftest import BASELINE, T0, minutes
from tests.factories import PASSWORD


def takes(patient, drug_class, **kwargs):
    medication = factories.MedicationFactory(name=f"A {drug_class} medicine", drug_class=drug_class)
    return factories.PatientMedicationFactory(patient=patient, medication=medication, **kwargs)


def respond(site, drug_class, **kwargs):
    return MedicationClassResponse.objects.create(site=site, drug_class=drug_class, **kwargs)


def chart(session, nurse, at, **values):
    return services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(at)
    )


def begin(session, nurse, at=10):
    return services.record_event(
        session=session, by=nurse, kind="started", occurred_at=T0 + minutes(at), now=T0 + minutes(at)
    )


@pytest.fixture
def maoi_rule(site_a):
    return factories.AlertRuleFactory(
        site=site_a, name="SBP 160 on MAOI", threshold=Decimal("160"), medication_class="maoi"
    )


def test_a_medication_class_rule_alerts_for_a_patient_taking_that_class(start, patient_a, nurse_a, maoi_rule):
    takes(patient_a, "maoi")
    assert [alert.rule for alert in chart(start(patient_a), nurse_a, 1, systolic=165, diastolic=80).raised] == [
        maoi_rule
    ]


def test_a_medication_class_rule_ignores_other_patients(start, site_a, nurse_a, maoi_rule):
    other = factories.PatientFactory(site=site_a)
    takes(other, "ssri")
    assert chart(start(other), nurse_a, 1, systolic=165, diastolic=80).raised == []


def test_a_medicine_stopped_before_the_session_no_longer_counts(start, patient_a, nurse_a, maoi_rule):
    takes(patient_a, "maoi", started_on=datetime.date(2026, 1, 5), stopped_on=datetime.date(2026, 10, 1))
    assert chart(start(patient_a), nurse_a, 1, systolic=165, diastolic=80).raised == []


def test_a_medication_class_rule_applies_in_addition_to_the_site_rule(start, site_a, patient_a, nurse_a, maoi_rule):
    site_rule = factories.AlertRuleFactory(site=site_a, name="SBP 180", threshold=Decimal("180"))
    takes(patient_a, "maoi")
    raised = chart(start(patient_a), nurse_a, 1, systolic=185, diastolic=80).raised
    assert {alert.rule for alert in raised} == {maoi_rule, site_rule}


def test_an_maoi_patients_infusion_waits_for_a_physicians_clearance(start, site_a, patient_a, nurse_a, physician_a):
    respond(site_a, "maoi", clearance_required=True)
    takes(patient_a, "maoi")
    session = start(patient_a)
    chart(session, nurse_a, 5, **BASELINE)
    with pytest.raises(ValidationError, match="A physician must clear this session"):
        begin(session, nurse_a)
    assert not SessionEvent.objects.filter(session=session).exists()
    services.clear_session(session=session, by=physician_a, note="BP fine, proceed", now=T0 + minutes(8))
    begin(session, nurse_a)
    session.refresh_from_db()
    assert session.infusion_started_at == T0 + minutes(10)
    assert session.clearance.cleared_by == physician_a


def test_a_nurse_cannot_clear_a_session(start, site_a, patient_a, nurse_a):
    respond(site_a, "maoi", clearance_required=True)
    takes(patient_a, "maoi")
    with pytest.raises(PermissionDenied):
        services.clear_session(session=start(patient_a), by=nurse_a, note="ok", now=T0 + minutes(2))


def test_clearing_needs_a_note(start, site_a, patient_a, physician_a):
    respond(site_a, "maoi", clearance_required=True)
    takes(patient_a, "maoi")
    with pytest.raises(ValidationError, match="Say what you reviewed"):
        services.clear_session(session=start(patient_a), by=physician_a, note=" ", now=T0 + minutes(2))


def test_without_a_clearance_response_the_infusion_starts_directly(start, patient_a, nurse_a):
    takes(patient_a, "maoi")
    session = start(patient_a)
    begin(session, nurse_a)
    session.refresh_from_db()
    assert session.infusion_started_at is not None


def test_a_shorter_interval_is_kept_in_the_sessions_snapshot(start, site_a, patient_a, nurse_a):
    respond(site_a, "tca", interval_minutes=5)
    takes(patient_a, "tca")
    session = start(patient_a)
    assert session.protocol_snapshot["infusion_interval_minutes"] == 5
    assert session.protocol_snapshot["observation_interval_minutes"] == 5
    assert "TCA" in session.protocol_snapshot["interval_reason"]
    chart(session, nurse_a, 5, **BASELINE)
    begin(session, nurse_a)
    session.refresh_from_db()
    due = schedule.next_due(session, T0 + minutes(5), T0 + minutes(11))
    assert due.due_at == T0 + minutes(15)


def test_the_interval_is_not_shortened_for_other_patients(start, site_a, patient_a):
    respond(site_a, "tca", interval_minutes=5)
    assert start(patient_a).protocol_snapshot["infusion_interval_minutes"] == 10


def test_the_sites_banner_text_shows_at_session_start_and_on_the_chart(client, start, site_a, patient_a, nurse_a):
    respond(site_a, "opioid", banner_text="Watch RR and SpO2 closely.", severity="warning")
    takes(patient_a, "opioid")
    client.login(username=nurse_a.username, password=PASSWORD)
    start_page = client.get(reverse("session-start", args=[patient_a.pk])).content.decode()
    assert "Watch RR and SpO2 closely." in start_page
    session = start(patient_a)
    assert "Watch RR and SpO2 closely." in client.get(reverse("session-chart", args=[session.pk])).content.decode()


def test_the_chart_offers_clearance_to_a_physician_only(client, start, site_a, patient_a, nurse_a, physician_a):
    respond(site_a, "maoi", clearance_required=True)
    takes(patient_a, "maoi")
    session = start(patient_a)
    url = reverse("session-chart", args=[session.pk])
    client.login(username=nurse_a.username, password=PASSWORD)
    assert "Physician clearance needed" in client.get(url).content.decode()
    assert "Clear for infusion" not in client.get(url).content.decode()
    client.login(username=physician_a.username, password=PASSWORD)
    client.post(reverse("session-clear", args=[session.pk]), {"note": "Reviewed"})
    assert "Cleared for infusion by" in client.get(url).content.decode()


def test_the_chart_shows_the_patients_own_limits_with_their_reason(client, start, site_a, patient_a, nurse_a):
    factories.AlertRuleFactory(site=site_a, patient=patient_a, patient_reason="Known hypertensive", threshold=200)
    session = start(patient_a)
    client.login(username=nurse_a.username, password=PASSWORD)
    page = client.get(reverse("session-chart", args=[session.pk])).content.decode()
    assert "Known hypertensive" in page
    assert "systolic BP is above 200 mmHg" in page


def test_the_default_responses_require_clearance_for_maois_and_shorten_the_interval_for_tcas(site_a):
    load_default_rules(site_a)
    responses = {r.drug_class: r for r in MedicationClassResponse.objects.filter(site=site_a)}
    assert responses["maoi"].clearance_required
    assert responses["tca"].interval_minutes == 5
    assert not responses["tca"].clearance_required


def test_loading_the_defaults_again_keeps_a_clinicians_response(site_a):
    load_default_rules(site_a)
    MedicationClassResponse.objects.filter(site=site_a, drug_class="maoi").update(clearance_required=False)
    load_default_rules(site_a)
    assert not MedicationClassResponse.objects.get(site=site_a, drug_class="maoi").clearance_required


def test_a_physician_edits_a_class_response_and_it_is_audited(client, site_a, physician_a):
    client.login(username=physician_a.username, password=PASSWORD)
    data = {
        "banner_text": "Check BP twice",
        "severity": "critical",
        "interval_minutes": "5",
        "clearance_required": "on",
        "active": "on",
    }
    assert client.post(reverse("medication-response-edit", args=["snri"]), data).status_code == 302
    response = MedicationClassResponse.objects.get(site=site_a, drug_class="snri")
    assert (response.clearance_required, response.interval_minutes) == (True, 5)
    assert response.history.get().history_user == physician_a


def test_a_class_response_interval_has_limits(client, physician_a):
    client.login(username=physician_a.username, password=PASSWORD)
    data = {"severity": "warning", "interval_minutes": "90", "active": "on"}
    page = client.post(reverse("medication-response-edit", args=["tca"]), data).content.decode()
    assert "The vitals interval must be 2 to 60 minutes." in page
