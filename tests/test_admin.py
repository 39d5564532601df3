"""The Django admin: every page loads, each user sees only their sites, nothing clinical is
deleted or edited around the services, and alert rules are configured with validation."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.admin_scoping import carries_site
from clinic.models import (
    Medication,
    MedicationClassResponse,
    Patient,
    PatientMedication,
    PatientWeight,
    Role,
    Site,
    StaffMembership,
)
from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import (
    Addendum,
    Alert,
    AlertRule,
    Assessment,
    InfusionSession,
    Protocol,
    SessionClearance,
    SessionEvent,
    SideEffect,
    VitalSigns,
)
from tests import factories
from tests.conftest import BASELINE, T0, minutes

User = get_user_model()

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
SITE_SCOPED = [model for model in REGISTERED if model is Site or carries_site(model)]
CHART_RECORDS = [
    Addendum,
    Alert,
    Assessment,
    InfusionSession,
    PatientWeight,
    SessionClearance,
    SessionEvent,
    SideEffect,
    VitalSigns,
]
UNDELETABLE = [
    *CHART_RECORDS,
    AlertRule,
    Medication,
    MedicationClassResponse,
    Patient,
    PatientMedication,
    Protocol,
    Site,
    StaffMembership,
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def label(model):
    return model._meta.label


def chart_full_course(patient, *, nurse, physician, protocol):
    """One session through every step the services offer, so every admin list has rows."""
    factories.PatientMedicationFactory(patient=patient, medication=factories.MedicationFactory(name="Sertraline"))
    factories.AlertRuleFactory(site=patient.site, name="SBP high", threshold=Decimal("150"), severity="warning")
    MedicationClassResponse.objects.create(
        site=patient.site, drug_class="ssri", banner_text="Usually compatible.", clearance_required=True
    )
    session = services.start_session(
        patient=patient,
        protocol=protocol,
        by=nurse,
        weight_value=Decimal("70"),
        weight_unit="kg",
        arrived_at=T0,
        now=T0,
    )

    def at(n):
        return {"now": T0 + minutes(n)}

    services.record_vitals(session=session, values=BASELINE, by=nurse, measured_at=T0 + minutes(5), **at(5))
    services.clear_session(session=session, by=physician, note="SSRI reviewed: go ahead.", **at(8))
    services.record_event(session=session, by=nurse, kind="started", occurred_at=T0 + minutes(10), **at(10))
    high = {**BASELINE, "systolic": 170, "diastolic": 95}
    services.record_vitals(session=session, values=high, by=nurse, measured_at=T0 + minutes(20), **at(20))
    services.record_side_effect(session=session, by=nurse, term="nausea", severity="mild", **at(25))
    services.record_event(session=session, by=nurse, kind="stopped", occurred_at=T0 + minutes(50), **at(50))
    services.record_vitals(session=session, values=BASELINE, by=nurse, measured_at=T0 + minutes(55), **at(55))
    services.record_assessment(patient=patient, by=nurse, instrument="phq9", items=[1] * 9, session=session, **at(56))
    checklist = {item: True for item, _ in DISCHARGE_CHECKLIST}
    services.discharge(session=session, by=nurse, checklist=checklist, **at(115))
    services.sign_session(session=session, by=physician, attestation="Reviewed the chart.", **at(120))
    services.add_addendum(session=session, by=physician, text="Called next day: well.", reason="Follow-up", **at(1500))
    return session


@pytest.fixture
def physician_b(site_b):
    return factories.staff(Role.PHYSICIAN, site_b, username="physician_b")


@pytest.fixture
def course_a(patient_a, nurse_a, physician_a, iv_protocol):
    return chart_full_course(patient_a, nurse=nurse_a, physician=physician_a, protocol=iv_protocol)


@pytest.fixture
def course_b(patient_b, nurse_b, physician_b, iv_protocol):
    return chart_full_course(patient_b, nurse=nurse_b, physician=physician_b, protocol=iv_protocol)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", factories.PASSWORD)


@pytest.fixture
def site_admin(admin_a):
    """Site A's clinic admin as a staff user holding every model permission, not a superuser:
    whatever they cannot see or do is down to the admin's own scoping and rules."""
    admin_a.is_staff = True
    admin_a.save()
    admin_a.user_permissions.set(Permission.objects.all())
    return admin_a


@pytest.fixture
def as_superuser(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def as_site_admin(client, site_admin):
    client.force_login(site_admin)
    return client


@pytest.fixture
def both_sites_charted(course_a, course_b):
    assert Alert.objects.filter(site=course_a.site).exists() and Alert.objects.filter(site=course_b.site).exists()
    return course_a, course_b


# --- Every page loads --------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_changelist_change_and_history_page_loads_for_a_superuser(as_superuser, both_sites_charted, model):
    response = as_superuser.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    obj = model._default_manager.order_by("pk").first()
    if model._meta.app_label not in ("auth", "authtoken", "axes"):  # no clinical rows: users, tokens, logins
        assert obj is not None, f"no {label(model)} rows to show"
    if obj is not None:
        assert as_superuser.get(admin_url(model, "change", obj.pk)).status_code == 200
        assert as_superuser.get(admin_url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_changelist_searches_and_filters_without_error(as_superuser, both_sites_charted, model):
    response = as_superuser.get(admin_url(model, "changelist"), {"q": "MRN"})
    assert response.status_code == 200
    for spec in response.context["cl"].filter_specs:
        for choice in spec.choices(response.context["cl"]):
            query = choice["query_string"]
            assert as_superuser.get(admin_url(model, "changelist") + query).status_code == 200, query


def test_the_session_page_shows_its_chart_read_only(as_superuser, course_a):
    response = as_superuser.get(admin_url(InfusionSession, "change", course_a.pk))
    content = response.content.decode()
    assert "170" in content  # the high reading, in the readings inline
    assert "Nausea" in content
    assert "Called next day: well." in content
    assert 'name="_save"' not in content


def test_the_history_page_shows_who_changed_a_rule(as_superuser, site_a, physician_a):
    rule = factories.AlertRuleFactory(site=site_a, name="SpO2 low", metric="spo2", comparator="lt", threshold=92)
    rule.threshold = Decimal("90")
    rule._history_user = physician_a
    rule.save()
    response = as_superuser.get(admin_url(AlertRule, "history", rule.pk))
    assert response.status_code == 200
    assert "physician_a" in response.content.decode()


# --- Site scoping ------------------------------------------------------------------------


@pytest.mark.parametrize("model", SITE_SCOPED, ids=label)
def test_a_site_admin_lists_only_their_sites_rows(as_site_admin, site_a, both_sites_charted, model):
    site_lookup = "pk" if model is Site else "site_id"
    assert model.objects.exclude(**{site_lookup: site_a.pk}).exists(), "site B has no rows to hide"
    response = as_site_admin.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["cl"].queryset}
    assert listed == set(model.objects.filter(**{site_lookup: site_a.pk}).values_list("pk", flat=True))


@pytest.mark.parametrize("model", SITE_SCOPED, ids=label)
def test_a_site_admin_cannot_open_another_sites_row(as_site_admin, site_a, site_b, both_sites_charted, model):
    site_lookup = "pk" if model is Site else "site_id"
    own = model.objects.filter(**{site_lookup: site_a.pk}).first()
    other = model.objects.filter(**{site_lookup: site_b.pk}).first()
    assert as_site_admin.get(admin_url(model, "change", own.pk)).status_code == 200
    response = as_site_admin.get(admin_url(model, "change", other.pk))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    # simple-history would otherwise fall back to the row's own history table.
    assert as_site_admin.get(admin_url(model, "history", other.pk)).status_code == 404


def test_a_site_admin_sees_their_patient_and_not_the_other_sites(as_site_admin, patient_a, patient_b):
    content = as_site_admin.get(admin_url(Patient, "changelist")).content.decode()
    assert patient_a.mrn in content and patient_a.family_name in content
    assert patient_b.mrn not in content
    assert as_site_admin.get(admin_url(Patient, "change", patient_a.pk)).status_code == 200
    assert as_site_admin.get(admin_url(Patient, "change", patient_b.pk)).status_code == 302


def test_a_site_admin_cannot_search_their_way_to_another_site(as_site_admin, patient_b):
    response = as_site_admin.get(admin_url(Patient, "changelist"), {"q": patient_b.mrn})
    assert response.context["cl"].result_count == 0


def test_the_site_filter_offers_only_the_users_sites(as_site_admin, both_sites_charted, site_a, site_b):
    content = as_site_admin.get(admin_url(VitalSigns, "changelist")).content.decode()
    assert site_a.name in content
    assert site_b.name not in content


def test_site_and_patient_choices_are_limited_to_the_users_sites(as_site_admin, site_a, patient_a, patient_b):
    form = as_site_admin.get(admin_url(AlertRule, "add")).context["adminform"].form
    assert list(form.fields["site"].queryset) == [site_a]
    assert set(form.fields["patient"].queryset) == {patient_a}
    form = as_site_admin.get(admin_url(Patient, "add")).context["adminform"].form
    assert list(form.fields["site"].queryset) == [site_a]


def test_a_posted_foreign_site_is_refused(as_site_admin, site_b):
    response = as_site_admin.post(
        admin_url(Patient, "add"),
        {
            "site": site_b.pk,
            "mrn": "X1",
            "given_name": "Ann",
            "family_name": "Other",
            "date_of_birth": "1990-01-01",
            "active": "on",
            **empty_inline_management("medications", "weights"),
        },
    )
    assert response.status_code == 200
    assert "site" in response.context["adminform"].form.errors
    assert not Patient.objects.filter(mrn="X1").exists()


def test_the_patient_search_autocomplete_is_scoped(as_site_admin, patient_a, patient_b):
    response = as_site_admin.get(
        reverse("admin:autocomplete"),
        {"app_label": "infusions", "model_name": "alertrule", "field_name": "patient", "term": ""},
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {patient_a.pk}


def test_the_user_admin_shows_only_the_staff_of_the_users_sites(as_site_admin, nurse_a, nurse_b, superuser):
    listed = set(as_site_admin.get(admin_url(User, "changelist")).context["cl"].queryset)
    assert nurse_a in listed
    assert nurse_b not in listed
    assert superuser not in listed
    assert as_site_admin.get(admin_url(User, "change", nurse_b.pk)).status_code == 302
    assert as_site_admin.get(reverse("admin:auth_user_password_change", args=[nurse_b.pk])).status_code == 404


def test_the_user_page_shows_only_memberships_at_the_users_sites(as_site_admin, nurse_a, site_b):
    StaffMembership.objects.create(user=nurse_a, site=site_b, role=Role.NURSE)
    response = as_site_admin.get(admin_url(User, "change", nurse_a.pk))
    inline = next(fs for fs in response.context["inline_admin_formsets"] if fs.opts.model is StaffMembership)
    assert {form.instance.site for form in inline.formset.initial_forms} == {nurse_a.memberships.first().site}
    assert "is_superuser" in response.context["adminform"].readonly_fields


def test_only_a_superuser_adds_a_site(as_site_admin, client, superuser):
    assert as_site_admin.get(admin_url(Site, "add")).status_code == 403
    client.force_login(superuser)
    assert client.get(admin_url(Site, "add")).status_code == 200


# --- Nothing clinical is destroyed or edited around the services -------------------------


@pytest.mark.parametrize("model", UNDELETABLE, ids=label)
def test_nothing_clinical_can_be_deleted(as_superuser, both_sites_charted, model):
    obj = model._default_manager.order_by("pk").first()
    assert as_superuser.get(admin_url(model, "delete", obj.pk)).status_code == 403
    assert as_superuser.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    changelist = as_superuser.get(admin_url(model, "changelist"))
    action_form = changelist.context["action_form"]
    if action_form is not None:
        assert "delete_selected" not in dict(action_form.fields["action"].choices)
    response = as_superuser.post(
        admin_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert model._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", CHART_RECORDS, ids=label)
def test_charting_rows_are_view_only(as_superuser, both_sites_charted, model):
    obj = model._default_manager.order_by("pk").first()
    assert as_superuser.get(admin_url(model, "add")).status_code == 403
    assert as_superuser.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    page = as_superuser.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]


def test_the_vital_signs_add_page_is_forbidden(as_site_admin):
    assert as_site_admin.get(admin_url(VitalSigns, "add")).status_code == 403


def test_a_reading_cannot_be_reverted_through_its_history(as_superuser, infusing_session, nurse_a):
    reading = infusing_session.readings.get()
    services.correct_reading(reading=reading, reason="Wrong patient", by=nurse_a, now=T0 + minutes(12))
    first_version = reading.history.order_by("history_id").first()
    url = reverse("admin:infusions_vitalsigns_simple_history", args=[reading.pk, first_version.history_id])
    assert as_superuser.get(url).status_code == 200
    assert as_superuser.post(url, {"entered_in_error": ""}).status_code == 403
    reading.refresh_from_db()
    assert reading.entered_in_error


# --- Editable configuration --------------------------------------------------------------


def rule_form(site, **overrides):
    data = {
        "name": "SBP rise",
        "active": "on",
        "severity": "critical",
        "message": "",
        "site": site.pk,
        "protocol": "",
        "patient": "",
        "patient_reason": "",
        "metric": "systolic",
        "reference": "baseline_units",
        "comparator": "gte",
        "threshold": "40",
        "sustained_readings": "1",
        "phases": ["infusion", "observation"],
    }
    data.update(overrides)
    return data


def test_a_site_admin_creates_an_alert_rule(as_site_admin, site_admin, site_a):
    response = as_site_admin.post(admin_url(AlertRule, "add"), rule_form(site_a))
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = AlertRule.objects.get(name="SBP rise")
    assert (rule.site, rule.threshold, rule.phases, rule.created_by) == (
        site_a,
        Decimal("40"),
        ["infusion", "observation"],
        site_admin,
    )
    assert rule.history.get().history_user == site_admin
    listing = as_site_admin.get(admin_url(AlertRule, "changelist")).content.decode()
    assert "Systolic BP change from baseline ≥ 40 during infusion, observation" in listing


def test_a_patient_rule_without_a_reason_is_refused_on_its_field(as_site_admin, site_a, patient_a):
    response = as_site_admin.post(admin_url(AlertRule, "add"), rule_form(site_a, patient=patient_a.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["patient_reason"] == ["A patient-level rule needs a reason."]
    assert "A patient-level rule needs a reason." in response.content.decode()
    assert not AlertRule.objects.exists()


def test_a_rule_for_another_sites_patient_is_refused(as_superuser, site_a, patient_b):
    data = rule_form(site_a, patient=patient_b.pk, patient_reason="Labile BP")
    response = as_superuser.post(admin_url(AlertRule, "add"), data)
    assert response.context["adminform"].form.errors["patient"] == ["The patient must belong to the rule's site."]


def test_a_rule_is_deactivated_not_deleted(as_site_admin, course_a):
    rule = AlertRule.objects.get(site=course_a.site)
    assert rule.alerts.exists()
    response = as_site_admin.post(
        admin_url(AlertRule, "changelist"), {"action": "deactivate", "_selected_action": [rule.pk]}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert not rule.active
    assert rule.history.latest().history_user.username == "admin_a"


def test_a_medication_added_on_the_patient_page_takes_the_patients_site(as_site_admin, patient_a):
    medication = factories.MedicationFactory(name="Venlafaxine", drug_class="snri")
    data = {
        "mrn": patient_a.mrn,
        "given_name": patient_a.given_name,
        "family_name": patient_a.family_name,
        "date_of_birth": "1980-05-17",
        "active": "on",
        "allergies": "",
        "notes": "",
        **empty_inline_management("medications", "weights"),
        "medications-TOTAL_FORMS": "1",
        "medications-0-medication": medication.pk,
        "medications-0-dose": "75 mg",
        "medications-0-started_on": "",
        "medications-0-stopped_on": "",
        "medications-0-note": "",
    }
    response = as_site_admin.post(admin_url(Patient, "change", patient_a.pk), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    added = PatientMedication.objects.get(patient=patient_a, medication=medication)
    assert added.site_id == patient_a.site_id


def test_a_duplicate_mrn_is_a_field_error_even_with_the_site_read_only(as_site_admin, site_a, patient_a):
    other = factories.PatientFactory(site=site_a)
    data = {
        "mrn": patient_a.mrn,
        "given_name": other.given_name,
        "family_name": other.family_name,
        "date_of_birth": "1980-05-17",
        "active": "on",
        **empty_inline_management("medications", "weights"),
    }
    response = as_site_admin.post(admin_url(Patient, "change", other.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors


def empty_inline_management(*prefixes):
    data = {}
    for prefix in prefixes:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


# --- Query counts stay flat as rows grow ---------------------------------------------------


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(captured)


def add_readings(session, nurse, count, start_minute):
    for n in range(count):
        moment = T0 + minutes(start_minute + n)
        services.record_vitals(session=session, values=BASELINE, by=nurse, measured_at=moment, now=moment)


def add_overdue_alerts(session, count, start_minute):
    for n in range(count):
        moment = T0 + minutes(start_minute + n)
        Alert.objects.create(
            site=session.site,
            session=session,
            kind=Alert.Kind.OVERDUE,
            severity="warning",
            message="Reading overdue",
            raised_at=moment,
            due_at=moment,
        )


@pytest.mark.parametrize("user_fixture", ["superuser", "site_admin"])
def test_the_vital_signs_list_costs_the_same_queries_for_1_or_10_rows(
    client, request, user_fixture, infusing_session, nurse_a
):
    client.force_login(request.getfixturevalue(user_fixture))
    assert VitalSigns.objects.count() == 1
    one = changelist_queries(client, VitalSigns)
    add_readings(infusing_session, nurse_a, 9, start_minute=11)
    assert VitalSigns.objects.count() == 10
    assert changelist_queries(client, VitalSigns) == one


@pytest.mark.parametrize("user_fixture", ["superuser", "site_admin"])
def test_the_alert_list_costs_the_same_queries_for_1_or_10_rows(client, request, user_fixture, infusing_session):
    client.force_login(request.getfixturevalue(user_fixture))
    add_overdue_alerts(infusing_session, 1, start_minute=20)
    infusing_session.alerts.update(acknowledged_by=infusing_session.nurse)
    one = changelist_queries(client, Alert)
    rule = factories.AlertRuleFactory(site=infusing_session.site)
    add_overdue_alerts(infusing_session, 9, start_minute=21)
    Alert.objects.update(rule=rule, acknowledged_by=infusing_session.nurse)
    assert Alert.objects.count() == 10
    assert changelist_queries(client, Alert) == one


@pytest.mark.parametrize("model", [InfusionSession, AlertRule, Patient, PatientMedication, StaffMembership], ids=label)
def test_other_busy_lists_stay_within_a_fixed_query_budget(
    as_site_admin, both_sites_charted, django_assert_max_num_queries, model
):
    with django_assert_max_num_queries(12):
        assert as_site_admin.get(admin_url(model, "changelist")).status_code == 200
