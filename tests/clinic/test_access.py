"""Who may see and do what: every site-carrying table is scoped to the user's sites, and every
service refuses a user without the right role at the session's site."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from clinic.access import Action, can, scope, site_ids_for, sites_for
from clinic.models import Patient, PatientMedication, PatientWeight, Role, StaffMembership
from sessions import services
from sessions.models import (
    Addendum,
    Alert,
    AlertRule,
    Assessment,
    InfusionSession,
    SessionEvent,
    SideEffect,
    VitalSigns,
)
from tests import factories
from tests.conftest import BASELINE, CHECKLIST, at


@pytest.fixture
def physician_b(site_b):
    return factories.staff(Role.PHYSICIAN, site_b, username="physician_b")


def full_session(start, patient, nurse, physician):
    """A signed session with a reading, an alert, a side effect, an event, an assessment, an addendum."""
    factories.AlertRuleFactory(site=patient.site, metric="systolic", comparator="gt", threshold=Decimal("150"))
    factories.PatientMedicationFactory(patient=patient, medication=factories.MedicationFactory(name="Sertraline"))
    session = start(patient, by=nurse)
    services.record_vitals(session=session, values=BASELINE, by=nurse, measured_at=at(5), now=at(5))
    services.record_event(session=session, by=nurse, kind="started", occurred_at=at(10), now=at(10))
    services.record_vitals(
        session=session, values={**BASELINE, "systolic": 160}, by=nurse, measured_at=at(20), now=at(20)
    )
    services.record_side_effect(session=session, by=nurse, term="nausea", severity="mild", now=at(25))
    services.record_assessment(patient=patient, session=session, by=nurse, instrument="phq9", items=[1] * 9, now=at(2))
    services.record_event(session=session, by=nurse, kind="stopped", occurred_at=at(50), now=at(50))
    services.record_vitals(session=session, values=BASELINE, by=nurse, measured_at=at(100), now=at(100))
    services.discharge(session=session, by=nurse, checklist=CHECKLIST, now=at(110))
    services.sign_session(session=session, by=physician, attestation="Reviewed", now=at(120))
    services.add_addendum(session=session, by=physician, text="Called", reason="Follow-up", now=at(300))
    return session


@pytest.fixture
def both_sites(start, patient_a, patient_b, nurse_a, nurse_b, physician_a, physician_b):
    return full_session(start, patient_a, nurse_a, physician_a), full_session(start, patient_b, nurse_b, physician_b)


SITE_CARRYING = [
    Patient,
    PatientWeight,
    PatientMedication,
    StaffMembership,
    InfusionSession,
    VitalSigns,
    SideEffect,
    SessionEvent,
    Assessment,
    Addendum,
    AlertRule,
    Alert,
]


@pytest.mark.parametrize("model", SITE_CARRYING, ids=lambda model: model.__name__)
def test_scope_keeps_only_the_users_sites_rows(both_sites, model, site_a, site_b, nurse_a, nurse_b):
    assert model.objects.filter(site=site_a).exists() and model.objects.filter(site=site_b).exists()
    assert set(scope(model.objects.all(), nurse_a).values_list("site_id", flat=True)) == {site_a.pk}
    assert set(scope(model.objects.all(), nurse_b).values_list("site_id", flat=True)) == {site_b.pk}


@pytest.mark.parametrize("model", SITE_CARRYING, ids=lambda model: model.__name__)
def test_scope_gives_nothing_to_a_user_without_memberships(both_sites, model):
    outsider = factories.UserFactory()
    assert not scope(model.objects.all(), outsider).exists()


def test_a_user_of_two_sites_sees_both(both_sites, site_a, site_b):
    user = factories.staff(Role.NURSE, site_a)
    StaffMembership.objects.create(user=user, site=site_b, role=Role.NURSE)
    assert set(scope(InfusionSession.objects.all(), user).values_list("site_id", flat=True)) == {site_a.pk, site_b.pk}
    assert set(sites_for(user)) == {site_a, site_b}


def test_scope_by_action_follows_the_role(both_sites, site_a, nurse_a, physician_a, admin_a):
    sessions = InfusionSession.objects.all()
    assert scope(sessions, admin_a).exists()
    assert not scope(sessions, admin_a, Action.CHART).exists()
    assert not scope(sessions, nurse_a, Action.SIGN).exists()
    assert scope(sessions, physician_a, Action.SIGN).exists()


def test_an_inactive_membership_or_site_gives_no_access(site_a, site_b):
    user = factories.staff(Role.NURSE, site_a)
    StaffMembership.objects.filter(user=user).update(active=False)
    assert site_ids_for(user) == set()
    other = factories.staff(Role.NURSE, site_b)
    site_b.active = False
    site_b.save()
    assert site_ids_for(other) == set()


def test_an_inactive_user_has_no_access(site_a):
    user = factories.staff(Role.PHYSICIAN, site_a)
    user.is_active = False
    assert not can(user, Action.VIEW, site_a)


# --- every service refuses another site's staff --------------------------------------------------


@pytest.fixture
def open_session_a(infusing_session, nurse_a, site_a):
    """Site A's session mid-infusion with an open alert on a reading."""
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("150"))
    services.record_vitals(
        session=infusing_session, values={**BASELINE, "systolic": 160}, by=nurse_a, measured_at=at(20), now=at(20)
    )
    return infusing_session


SERVICES = {
    "start_session": lambda s, user: services.start_session(
        patient=s.patient, protocol=s.protocol, by=user, weight_value=70, weight_unit="kg", now=at(30)
    ),
    "record_vitals": lambda s, user: services.record_vitals(session=s, values=BASELINE, by=user, now=at(30)),
    "correct_reading": lambda s, user: services.correct_reading(
        reading=s.readings.last(), reason="Typo", by=user, values=BASELINE, now=at(30)
    ),
    "record_side_effect": lambda s, user: services.record_side_effect(
        session=s, by=user, term="nausea", severity="mild", now=at(30)
    ),
    "record_assessment": lambda s, user: services.record_assessment(
        patient=s.patient, session=s, by=user, instrument="phq9", items=[0] * 9, now=at(30)
    ),
    "record_event": lambda s, user: services.record_event(session=s, by=user, kind="stopped", now=at(30)),
    "discharge": lambda s, user: services.discharge(
        session=s, by=user, checklist=CHECKLIST, override_reason="Early", now=at(30)
    ),
    "sign_session": lambda s, user: services.sign_session(session=s, by=user, attestation="Reviewed", now=at(30)),
    "add_addendum": lambda s, user: services.add_addendum(session=s, by=user, text="Note", reason="Late", now=at(30)),
    "acknowledge_alert": lambda s, user: services.acknowledge_alert(alert=s.alerts.get(), by=user, now=at(30)),
}


def _stored():
    return [
        list(model.objects.order_by("pk").values())
        for model in (InfusionSession, VitalSigns, SideEffect, SessionEvent, Assessment, Addendum, Alert)
    ]


@pytest.mark.parametrize("service", SERVICES.values(), ids=SERVICES.keys())
@pytest.mark.parametrize("outsider", ["nurse_b", "physician_b"])
def test_another_sites_staff_are_refused_by_every_service(open_session_a, service, outsider, request):
    user = request.getfixturevalue(outsider)
    before = _stored()
    with pytest.raises(PermissionDenied):
        service(open_session_a, user)
    assert _stored() == before


CHARTING = ["start_session", "record_vitals", "correct_reading", "record_side_effect", "record_assessment"]
CHARTING += ["record_event", "discharge", "add_addendum", "sign_session", "acknowledge_alert"]


@pytest.mark.parametrize("name", CHARTING)
def test_an_admin_cannot_chart_sign_or_acknowledge(open_session_a, admin_a, name):
    with pytest.raises(PermissionDenied):
        SERVICES[name](open_session_a, admin_a)


def test_a_physician_can_chart(open_session_a, physician_a):
    recorded = services.record_vitals(session=open_session_a, values=BASELINE, by=physician_a, now=at(30))
    assert recorded.reading.recorded_by == physician_a


# --- acknowledging alerts ------------------------------------------------------------------------


def test_a_physician_acknowledges_an_alert(open_session_a, physician_a):
    alert = services.acknowledge_alert(alert=open_session_a.alerts.get(), by=physician_a, note=" Seen ", now=at(22))
    alert.refresh_from_db()
    assert (alert.acknowledged_at, alert.acknowledged_by, alert.acknowledgement_note) == (at(22), physician_a, "Seen")
    assert alert.is_open  # acknowledging is not resolving


def test_a_nurse_cannot_acknowledge_an_alert(open_session_a, nurse_a):
    with pytest.raises(PermissionDenied):
        services.acknowledge_alert(alert=open_session_a.alerts.get(), by=nurse_a, now=at(22))
    assert open_session_a.alerts.get().acknowledged_at is None


def test_acknowledging_twice_keeps_the_first_acknowledgement(open_session_a, physician_a, site_a):
    colleague = factories.staff(Role.PHYSICIAN, site_a)
    alert = open_session_a.alerts.get()
    services.acknowledge_alert(alert=alert, by=physician_a, note="On my way", now=at(22))
    again = services.acknowledge_alert(alert=alert, by=colleague, note="Me too", now=at(25))
    again.refresh_from_db()
    assert (again.acknowledged_at, again.acknowledged_by, again.acknowledgement_note) == (
        at(22),
        physician_a,
        "On my way",
    )
