"""`load_demo_data`: the demo is loaded once per class (it takes a few seconds) and each test
reads a claim off it."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from clinic.models import DrugClass, Medication, Patient, PatientMedication, Site, StaffMembership
from sessions.models import Alert, AlertRule, Assessment, InfusionSession, Protocol, SideEffect, VitalSigns

PASSWORD = "infusion-demo"
COUNTED = (
    Site,
    get_user_model(),
    StaffMembership,
    Medication,
    Patient,
    PatientMedication,
    Protocol,
    AlertRule,
    InfusionSession,
    VitalSigns,
    SideEffect,
    Assessment,
    Alert,
)


def load() -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=out)
    return out.getvalue()


def memberships(username: str) -> set[tuple[str, str]]:
    return set(StaffMembership.objects.filter(user__username=username).values_list("site__code", "role"))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.django_db
def test_it_refuses_when_debug_is_off():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data", stdout=io.StringIO())
    assert not Site.objects.exists()
    assert not get_user_model().objects.exists()


class TestLoadedDemo(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load()
        cls.riverside = Site.objects.get(code="riverside")
        cls.harbour = Site.objects.get(code="harbour")

    def test_it_creates_two_sites_in_different_timezones_and_units(self):
        assert (self.riverside.name, self.riverside.timezone, self.riverside.unit_system) == (
            "Riverside Clinic",
            "America/New_York",
            "us",
        )
        assert (self.harbour.name, self.harbour.timezone, self.harbour.unit_system) == (
            "Harbour Clinic",
            "Europe/London",
            "metric",
        )

    def test_it_creates_the_three_demo_logins_with_their_roles(self):
        users = {
            user.username: user
            for user in get_user_model().objects.filter(username__in=["nurse", "physician", "admin"])
        }
        assert all(user.check_password(PASSWORD) and user.first_name for user in users.values())
        assert memberships("nurse") == {("riverside", "nurse")}
        assert memberships("physician") == {("riverside", "physician")}
        assert memberships("admin") == {("riverside", "admin"), ("harbour", "admin")}
        assert users["admin"].is_staff and users["admin"].is_superuser
        assert users["physician"].is_staff and not users["physician"].is_superuser
        assert not users["nurse"].is_staff

    def test_it_lets_the_physician_tune_rules_in_the_admin_but_not_delete_them(self):
        physician = get_user_model().objects.get(username="physician")
        assert physician.groups.filter(name="Physicians").exists()
        assert physician.has_perms(["infusions.add_alertrule", "infusions.change_alertrule", "clinic.view_patient"])
        assert physician.has_perm("infusions.view_vitalsigns")
        assert not physician.has_perm("infusions.delete_alertrule")
        assert not physician.has_perm("clinic.change_patient")

    def test_it_staffs_harbour_with_its_own_nurse_and_physician(self):
        assert memberships("nurse.harbour") == {("harbour", "nurse")}
        assert memberships("physician.harbour") == {("harbour", "physician")}

    def test_it_prints_the_demo_logins(self):
        for username in ("nurse", "physician", "admin", "nurse.harbour", "physician.harbour"):
            assert f"  {username} " in self.output
        assert PASSWORD in self.output
        assert "Riverside Clinic" in self.output and "Harbour Clinic" in self.output

    def test_it_creates_both_protocols(self):
        iv = Protocol.objects.get(name="IV ketamine 0.5 mg/kg over 40 min")
        assert (iv.drug, iv.route, iv.dose_rule, iv.infusion_minutes, iv.min_observation_minutes) == (
            "ketamine",
            "iv",
            "per_kg",
            40,
            60,
        )
        assert iv.required_fields == ["systolic", "diastolic", "heart_rate", "spo2"]
        esketamine = Protocol.objects.get(name="Esketamine nasal 56 mg / 84 mg")
        assert (esketamine.drug, esketamine.fixed_doses_mg, esketamine.min_observation_minutes) == (
            "esketamine",
            [56, 84],
            120,
        )

    def test_its_catalog_covers_every_drug_class_with_a_note(self):
        assert set(Medication.objects.values_list("drug_class", flat=True)) == set(DrugClass.values)
        assert not Medication.objects.filter(interaction_note="").exists()

    def test_every_interaction_class_appears_among_riverside_patients(self):
        classes = set(
            PatientMedication.objects.current()
            .filter(site=self.riverside)
            .values_list("medication__drug_class", flat=True)
        )
        assert {"maoi", "tca", "snri", "benzodiazepine"} <= classes

    def test_it_puts_about_ten_patients_at_riverside_and_five_at_harbour(self):
        assert Patient.objects.filter(site=self.riverside).count() == 10
        assert Patient.objects.filter(site=self.harbour).count() == 5

    def test_it_loads_the_default_rules_for_both_sites(self):
        for site in (self.riverside, self.harbour):
            assert AlertRule.objects.filter(site=site, name="Systolic BP above 180", severity="critical").exists()
            assert AlertRule.objects.filter(site=site, protocol__drug="esketamine").count() == 2

    def test_its_history_sessions_are_signed_by_the_sites_physician_after_discharge(self):
        history = InfusionSession.objects.filter(arrived_at__lt=timezone.now() - datetime.timedelta(hours=2))
        assert history.count() >= 50
        for session in history.select_related("signed_by"):
            assert session.discharged_at is not None
            assert session.discharged_at >= session.observation_complete_at()
            assert all(session.discharge_checklist.values())
            assert session.signed_at >= session.discharged_at
            assert StaffMembership.objects.filter(user=session.signed_by, site=session.site, role="physician").exists()

    def test_its_history_sessions_have_readings_an_assessment_and_rising_course_numbers(self):
        for patient in Patient.objects.all():
            sessions = list(patient.sessions.order_by("arrived_at"))
            assert 3 <= len(sessions) <= 7
            assert [session.course_number for session in sessions] == list(range(1, len(sessions) + 1))
            for session in sessions:
                assert session.readings.exists()
                assert session.assessments.filter(instrument="phq9").count() == 1

    def test_phq9_improves_over_each_course(self):
        for patient in Patient.objects.all():
            totals = list(patient.assessments.order_by("administered_at").values_list("total", flat=True))
            assert totals[-1] < totals[0], patient

    def test_its_history_raised_alerts_through_the_rules_and_most_are_acknowledged(self):
        alerts = Alert.objects.filter(kind="rule", session__signed_at__isnull=False)
        assert alerts.filter(rule__name="Systolic BP rise of 40 or more").exists()
        assert alerts.filter(severity="critical").exists()
        assert alerts.filter(acknowledged_by__username__startswith="physician").count() >= alerts.count() // 2
        assert not alerts.filter(resolved_at__isnull=True).exists()

    def test_its_history_has_side_effects_from_the_catalog(self):
        terms = set(SideEffect.objects.values_list("term", flat=True))
        assert {"dissociation", "nausea", "dizziness"} <= terms

    def test_todays_riverside_session_is_in_infusion(self):
        session = InfusionSession.objects.get(site=self.riverside, signed_at__isnull=True)
        now = timezone.now()
        assert session.phase(now) == "infusion"
        assert session.infusion_started_at < now
        assert session.readings.filter(phase="pre_check").exists()
        assert session.readings.filter(phase="infusion").count() >= 2

    def test_todays_harbour_session_is_in_pre_check_with_the_pre_dose_prompt(self):
        session = InfusionSession.objects.get(site=self.harbour, signed_at__isnull=True)
        assert session.phase() == "pre_check"
        prompts = session.alerts.open().filter(severity="info")
        assert prompts.count() == 2
        assert all("140/90" in alert.message for alert in prompts)

    def test_it_is_idempotent(self):
        before = counts()
        output = load()
        assert counts() == before
        assert "already loaded" in output
        assert "infusion-demo" in output
