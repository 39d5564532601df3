"""A session from start to sign-off: dose, interactions, infusion events, discharge, signing and
what a signed record still accepts (an addendum, nothing else)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clinic.models import PatientWeight
from sessions import services
from sessions.models import Addendum, Alert, Assessment, InfusionSession, SessionEvent, SideEffect, VitalSigns
from tests import factories
from tests.conftest import BASELINE, CHECKLIST, T0, at, minutes


def event(session, by, kind, when, **details):
    result = services.record_event(session=session, by=by, kind=kind, occurred_at=at(when), now=at(when), **details)
    session.refresh_from_db()
    return result


def chart(session, by, when, values=BASELINE):
    return services.record_vitals(session=session, values=values, by=by, measured_at=at(when), now=at(when))


@pytest.fixture
def observed_session(infusing_session, nurse_a):
    """Infusion T0+10 to T0+50, a reading near baseline at T0+55; observation complete at T0+110."""
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 55, {**BASELINE, "systolic": 128, "heart_rate": 78})
    return infusing_session


@pytest.fixture
def discharged_session(observed_session, nurse_a):
    services.discharge(session=observed_session, by=nurse_a, checklist=CHECKLIST, now=at(110))
    observed_session.refresh_from_db()
    return observed_session


@pytest.fixture
def signed_session(discharged_session, physician_a):
    services.sign_session(session=discharged_session, by=physician_a, attestation="Reviewed", now=at(130))
    discharged_session.refresh_from_db()
    return discharged_session


# --- start_session -------------------------------------------------------------------------------


def test_a_per_kg_dose_is_computed_and_shown_as_a_formula(session_a):
    assert session_a.dose_computed_mg == Decimal("35.0")
    assert session_a.dose_formula == "0.5 mg/kg × 70 kg = 35 mg"
    assert session_a.dose_given_mg is None


def test_a_weight_in_pounds_is_converted_exactly_and_kept_as_entered(start, patient_a):
    session = start(patient_a, weight_value=Decimal("154"), weight_unit="lb")
    session.refresh_from_db()
    assert (session.weight_value, session.weight_unit) == (Decimal("154.00"), "lb")
    assert session.weight_kg == Decimal("69.85322")  # 154 × 0.45359237, stored to 5 places
    assert session.dose_computed_mg == Decimal("34.90")
    assert session.dose_formula == "0.5 mg/kg × 69.9 kg = 34.9 mg"


def test_a_per_kg_dose_is_capped_at_the_protocol_maximum(start, patient_a, iv_protocol):
    iv_protocol.max_dose_mg = Decimal("40")
    iv_protocol.save()
    session = start(patient_a, weight_value=Decimal("100"))
    assert session.dose_computed_mg == Decimal("40")
    assert session.dose_formula == "0.5 mg/kg × 100 kg = 50 mg, capped at the protocol maximum of 40 mg"


@pytest.mark.parametrize("dose", [56, 84, Decimal("84"), "56"])
def test_an_esketamine_fixed_dose_is_56_or_84_mg(start, patient_a, esketamine_protocol, dose):
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=dose)
    assert session.dose_computed_mg == Decimal(dose)
    assert session.dose_formula == f"fixed dose {dose} mg"


@pytest.mark.parametrize("dose", [None, 28, 70, 112, "lots", "", "NaN", "sNaN", "Infinity"])
def test_an_esketamine_dose_other_than_56_or_84_is_refused(start, patient_a, esketamine_protocol, dose):
    with pytest.raises(ValidationError) as refused:
        start(patient_a, protocol=esketamine_protocol, dose_mg=dose)
    assert refused.value.message_dict["dose_mg"] == ["Choose the dose for this protocol: 56 mg or 84 mg."]
    assert not InfusionSession.objects.exists()


def test_the_course_number_counts_the_patients_previous_sessions(start, patient_a, site_a):
    other_patient = factories.PatientFactory(site=site_a)
    start(other_patient)
    assert [start(patient_a).course_number for _ in range(3)] == [1, 2, 3]


def test_the_protocol_snapshot_is_unaffected_by_later_protocol_edits(session_a, iv_protocol):
    iv_protocol.dose_mg_per_kg = Decimal("0.75")
    iv_protocol.min_observation_minutes = 90
    iv_protocol.infusion_interval_minutes = 5
    iv_protocol.save()
    session_a.refresh_from_db()
    snapshot = session_a.protocol_snapshot
    assert (snapshot["dose_mg_per_kg"], snapshot["min_observation_minutes"], snapshot["version"]) == ("0.5", 60, 1)
    assert session_a.min_observation == minutes(60)
    assert iv_protocol.version == 2


def test_an_inactive_protocol_cannot_start_a_session(start, patient_a, iv_protocol):
    iv_protocol.active = False
    iv_protocol.save()
    with pytest.raises(ValidationError) as refused:
        start(patient_a)
    assert "protocol" in refused.value.message_dict


@pytest.mark.parametrize(
    ("drug_class", "severity", "fragment"),
    [
        ("maoi", "critical", "Hypertensive-crisis"),
        ("tca", "warning", "cardiac risk"),
        ("snri", "warning", "blood-pressure rise"),
        ("benzodiazepine", "info", "blunt the response"),
    ],
)
def test_an_interacting_medication_class_is_warned_about(start, patient_a, drug_class, severity, fragment):
    medication = factories.MedicationFactory(name=f"Drug of class {drug_class}", drug_class=drug_class)
    factories.PatientMedicationFactory(patient=patient_a, medication=medication)
    [warning] = start(patient_a).interaction_warnings
    assert (warning["drug_class"], warning["severity"], warning["medications"]) == (
        drug_class,
        severity,
        [medication.name],
    )
    assert fragment in warning["guidance"]


def test_an_ssri_gives_no_interaction_warning(start, patient_a):
    factories.PatientMedicationFactory(patient=patient_a, medication=factories.MedicationFactory(drug_class="ssri"))
    assert start(patient_a).interaction_warnings == []


def test_a_stopped_medication_gives_no_interaction_warning(start, patient_a):
    maoi = factories.MedicationFactory(name="Phenelzine", drug_class="maoi")
    factories.PatientMedicationFactory(patient=patient_a, medication=maoi, stopped_on="2026-09-01")
    assert start(patient_a).interaction_warnings == []


def test_medicines_of_one_class_share_one_warning(start, patient_a):
    for name in ("Venlafaxine", "Duloxetine"):
        medication = factories.MedicationFactory(name=name, drug_class="snri")
        factories.PatientMedicationFactory(patient=patient_a, medication=medication)
    [warning] = start(patient_a).interaction_warnings
    assert warning["medications"] == ["Duloxetine", "Venlafaxine"]


@pytest.mark.parametrize(
    ("value", "unit"), [("20", "kg"), ("350", "kg"), ("45", "lb"), ("771", "lb"), ("70.5", "kg"), (70.5, "kg")]
)
def test_a_weight_within_the_limits_is_accepted(start, patient_a, value, unit):
    assert start(patient_a, weight_value=value, weight_unit=unit).weight_unit == unit


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        ("19.99", "kg"),
        ("350.01", "kg"),
        ("44", "lb"),  # 19.96 kg
        ("772", "lb"),  # 350.17 kg
        ("0", "kg"),
        ("-70", "kg"),
        ("seventy", "kg"),
        ("NaN", "kg"),
        ("Infinity", "kg"),
        ("70", "st"),
    ],
)
def test_a_weight_outside_the_limits_is_refused(start, patient_a, value, unit):
    with pytest.raises(ValidationError) as refused:
        start(patient_a, weight_value=value, weight_unit=unit)
    assert "weight_value" in refused.value.message_dict
    assert not InfusionSession.objects.exists()
    assert not PatientWeight.objects.exists()


def test_starting_a_session_adds_to_the_weight_history(start, patient_a, nurse_a):
    start(patient_a, weight_value=Decimal("154"), weight_unit="lb", arrived_at=T0 - minutes(5))
    weight = PatientWeight.objects.get()
    assert (weight.patient, weight.site, weight.measured_at, weight.recorded_by) == (
        patient_a,
        patient_a.site,
        T0 - minutes(5),
        nurse_a,
    )
    assert (weight.value, weight.unit, weight.kg) == (Decimal("154"), "lb", Decimal("69.85322"))


def test_a_session_cannot_start_with_an_arrival_in_the_future(start, patient_a):
    with pytest.raises(ValidationError):
        start(patient_a, arrived_at=T0 + minutes(30), now=T0)


def test_the_supervising_physician_must_be_a_physician_of_the_site(start, patient_a, physician_a, nurse_a):
    assert start(patient_a, supervising_physician=physician_a).supervising_physician == physician_a
    with pytest.raises(ValidationError) as refused:
        start(patient_a, supervising_physician=nurse_a)
    assert "supervising_physician" in refused.value.message_dict


# --- record_event --------------------------------------------------------------------------------


def test_a_start_event_sets_the_infusion_start_and_the_dose_given(session_a, nurse_a):
    recorded = event(session_a, nurse_a, "started", 10)
    assert session_a.infusion_started_at == at(10)
    assert session_a.infusion_ended_at is None
    assert session_a.dose_given_mg == Decimal("35.0")
    assert (recorded.kind, recorded.occurred_at, recorded.recorded_by) == ("started", at(10), nurse_a)


def test_a_stop_event_sets_the_infusion_end(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    assert infusing_session.infusion_ended_at == at(50)


def test_a_single_dose_sets_both_start_and_end(start, patient_a, esketamine_protocol, nurse_a):
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=84)
    event(session, nurse_a, "dose_given", 10)
    assert (session.infusion_started_at, session.infusion_ended_at) == (at(10), at(10))
    assert session.dose_given_mg == Decimal("84")
    assert session.phase(at(10)) == "observation"
    assert session.phase(at(129)) == "observation"
    assert session.phase(at(130)) == "ready_for_discharge"  # 120 min observation


@pytest.mark.parametrize("kind", ["started", "dose_given"])
def test_an_infusion_cannot_start_twice(infusing_session, nurse_a, kind):
    with pytest.raises(ValidationError) as refused:
        event(infusing_session, nurse_a, kind, 20)
    assert "already started" in refused.value.message_dict["kind"][0]
    infusing_session.refresh_from_db()
    assert infusing_session.infusion_started_at == at(10)
    assert SessionEvent.objects.count() == 1


@pytest.mark.parametrize("kind", ["stopped", "paused", "resumed"])
def test_an_infusion_cannot_stop_or_pause_before_it_starts(session_a, nurse_a, kind):
    with pytest.raises(ValidationError) as refused:
        event(session_a, nurse_a, kind, 10)
    assert "not running" in refused.value.message_dict["kind"][0]
    assert session_a.infusion_ended_at is None
    assert not SessionEvent.objects.exists()


def test_an_infusion_cannot_stop_before_the_time_it_started(infusing_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.record_event(session=infusing_session, by=nurse_a, kind="stopped", occurred_at=at(8), now=at(20))
    assert "occurred_at" in refused.value.message_dict


def test_an_infusion_cannot_stop_twice(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    with pytest.raises(ValidationError):
        event(infusing_session, nurse_a, "stopped", 55)
    assert infusing_session.infusion_ended_at == at(50)


def test_a_rate_change_needs_the_new_rate(infusing_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        event(infusing_session, nurse_a, "rate_changed", 20)
    assert "rate" in refused.value.message_dict
    assert event(infusing_session, nurse_a, "rate_changed", 21, rate="0.25 mg/kg/h").rate == "0.25 mg/kg/h"


@pytest.mark.parametrize(
    ("details", "missing"),
    [
        ({}, {"drug", "dose", "route"}),
        ({"drug": "Ondansetron"}, {"dose", "route"}),
        ({"drug": "Ondansetron", "dose": "4 mg", "route": "  "}, {"route"}),
    ],
)
def test_rescue_medication_needs_drug_dose_and_route(infusing_session, nurse_a, details, missing):
    with pytest.raises(ValidationError) as refused:
        event(infusing_session, nurse_a, "rescue_medication", 20, **details)
    assert set(refused.value.message_dict) == missing
    assert not SessionEvent.objects.filter(kind="rescue_medication").exists()


def test_rescue_medication_is_recorded_with_drug_dose_and_route(infusing_session, nurse_a):
    recorded = event(infusing_session, nurse_a, "rescue_medication", 20, drug="Ondansetron", dose="4 mg", route="IV")
    assert (recorded.drug, recorded.dose, recorded.route) == ("Ondansetron", "4 mg", "IV")
    assert infusing_session.infusion_ended_at is None


def test_an_unknown_event_is_refused(infusing_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        event(infusing_session, nurse_a, "exploded", 20)
    assert "kind" in refused.value.message_dict


def test_an_event_cannot_happen_before_arrival_or_in_the_future(session_a, nurse_a):
    with pytest.raises(ValidationError):
        services.record_event(session=session_a, by=nurse_a, kind="note", occurred_at=T0 - minutes(1), now=at(5))
    with pytest.raises(ValidationError):
        services.record_event(session=session_a, by=nurse_a, kind="started", occurred_at=at(30), now=at(5))
    assert not SessionEvent.objects.exists()


def test_the_phase_is_derived_at_each_step(session_a, nurse_a, physician_a):
    assert session_a.phase(at(1)) == "pre_check"
    chart(session_a, nurse_a, 5)
    event(session_a, nurse_a, "started", 10)
    assert session_a.phase(at(9)) == "pre_check"
    assert session_a.phase(at(10)) == "infusion"
    event(session_a, nurse_a, "stopped", 50)
    assert session_a.phase(at(49)) == "infusion"
    assert session_a.phase(at(50)) == "observation"
    assert session_a.phase(at(109)) == "observation"
    assert session_a.phase(at(110)) == "ready_for_discharge"
    chart(session_a, nurse_a, 105)
    services.discharge(session=session_a, by=nurse_a, checklist=CHECKLIST, now=at(112))
    session_a.refresh_from_db()
    assert session_a.phase(at(112)) == "discharged"
    services.sign_session(session=session_a, by=physician_a, attestation="Reviewed", now=at(140))
    session_a.refresh_from_db()
    assert session_a.phase(at(140)) == "signed"


# --- discharge -----------------------------------------------------------------------------------


def test_a_session_is_discharged_when_observation_and_checklist_are_complete(observed_session, nurse_a):
    services.discharge(session=observed_session, by=nurse_a, checklist=CHECKLIST, now=at(110))
    observed_session.refresh_from_db()
    assert (observed_session.discharged_at, observed_session.discharged_by) == (at(110), nurse_a)
    assert observed_session.discharge_checklist == CHECKLIST
    assert observed_session.discharge_override_by is None


def test_discharge_is_refused_before_the_infusion_ends(infusing_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=at(120))
    assert "not ended" in refused.value.messages[0]


def test_discharge_is_refused_before_the_minimum_observation_without_override(observed_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.discharge(session=observed_session, by=nurse_a, checklist=CHECKLIST, now=at(109))
    assert "minimum observation time has not passed" in " ".join(refused.value.messages)
    observed_session.refresh_from_db()
    assert observed_session.discharged_at is None


def test_a_nurse_cannot_override_the_observation_time(observed_session, nurse_a):
    with pytest.raises(PermissionDenied):
        services.discharge(
            session=observed_session, by=nurse_a, checklist=CHECKLIST, override_reason="Ride waiting", now=at(90)
        )
    observed_session.refresh_from_db()
    assert observed_session.discharged_at is None


def test_a_physician_can_override_the_observation_time_with_a_reason(observed_session, physician_a):
    services.discharge(
        session=observed_session, by=physician_a, checklist=CHECKLIST, override_reason=" Stable, reviewed ", now=at(90)
    )
    observed_session.refresh_from_db()
    assert observed_session.discharged_at == at(90)
    assert observed_session.discharge_override_by == physician_a
    assert observed_session.discharge_override_reason == "Stable, reviewed"


def test_a_physician_cannot_override_without_a_reason(observed_session, physician_a):
    with pytest.raises(ValidationError) as refused:
        services.discharge(
            session=observed_session, by=physician_a, checklist=CHECKLIST, override_reason="  ", now=at(90)
        )
    assert "override with a reason" in " ".join(refused.value.messages)


def test_the_checklist_items_are_required_and_named(observed_session, nurse_a):
    checklist = {**CHECKLIST, "escort_present": False}
    del checklist["no_driving_instruction"]
    with pytest.raises(ValidationError) as refused:
        services.discharge(session=observed_session, by=nurse_a, checklist=checklist, now=at(110))
    assert set(refused.value.message_dict) == {"escort_present", "no_driving_instruction"}


def test_a_physician_cannot_override_the_checklist(observed_session, physician_a):
    with pytest.raises(ValidationError) as refused:
        services.discharge(
            session=observed_session,
            by=physician_a,
            checklist={**CHECKLIST, "escort_present": False},
            override_reason="Taxi instead",
            now=at(110),
        )
    assert set(refused.value.message_dict) == {"escort_present"}


@pytest.mark.parametrize(
    ("latest", "near"),
    [
        ({"systolic": 144, "diastolic": 96, "heart_rate": 86}, True),  # each exactly 20% or under
        ({"systolic": 96, "diastolic": 64, "heart_rate": 58}, True),
        ({"systolic": 145, "diastolic": 80, "heart_rate": 72}, False),
        ({"systolic": 120, "diastolic": 97, "heart_rate": 72}, False),
        ({"systolic": 120, "diastolic": 80, "heart_rate": 87}, False),
        ({"systolic": 95, "diastolic": 60, "heart_rate": 72}, False),
    ],
)
def test_discharge_needs_the_latest_vitals_within_20_percent_of_baseline(infusing_session, nurse_a, latest, near):
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 100, latest)
    if near:
        services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=at(110))
    else:
        with pytest.raises(ValidationError) as refused:
            services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=at(110))
        assert "not within 20% of baseline" in " ".join(refused.value.messages)


def test_the_vitals_check_uses_the_latest_reading(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 40, {**BASELINE, "systolic": 170})
    chart(infusing_session, nurse_a, 100, {**BASELINE, "systolic": 125})
    services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=at(110))


def test_the_vitals_check_cannot_pass_without_a_reading_after_the_start(infusing_session, nurse_a, physician_a):
    event(infusing_session, nurse_a, "stopped", 50)
    with pytest.raises(ValidationError):
        services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=at(110))
    services.discharge(
        session=infusing_session, by=physician_a, checklist=CHECKLIST, override_reason="Vitals by phone", now=at(110)
    )


def test_a_discharged_session_cannot_be_discharged_again_or_charted(discharged_session, nurse_a):
    with pytest.raises(ValidationError):
        services.discharge(session=discharged_session, by=nurse_a, checklist=CHECKLIST, now=at(120))
    with pytest.raises(ValidationError) as refused:
        chart(discharged_session, nurse_a, 115)
    assert "discharged" in refused.value.messages[0]


# --- sign_session --------------------------------------------------------------------------------


def test_a_physician_signs_a_discharged_session(discharged_session, physician_a):
    services.sign_session(session=discharged_session, by=physician_a, attestation="  Reviewed  ", now=at(130))
    discharged_session.refresh_from_db()
    assert (discharged_session.signed_at, discharged_session.signed_by) == (at(130), physician_a)
    assert discharged_session.sign_attestation == "Reviewed"


def test_a_nurse_cannot_sign(discharged_session, nurse_a):
    with pytest.raises(PermissionDenied):
        services.sign_session(session=discharged_session, by=nurse_a, attestation="Reviewed", now=at(130))
    discharged_session.refresh_from_db()
    assert discharged_session.signed_at is None


def test_a_session_can_only_be_signed_after_discharge(observed_session, physician_a):
    with pytest.raises(ValidationError) as refused:
        services.sign_session(session=observed_session, by=physician_a, attestation="Reviewed", now=at(120))
    assert "discharged" in refused.value.messages[0]


@pytest.mark.parametrize("attestation", ["", "  ", None])
def test_signing_needs_an_attestation(discharged_session, physician_a, attestation):
    with pytest.raises(ValidationError) as refused:
        services.sign_session(session=discharged_session, by=physician_a, attestation=attestation, now=at(130))
    assert "attestation" in refused.value.message_dict


def test_a_session_cannot_be_signed_twice(signed_session, physician_a):
    with pytest.raises(ValidationError):
        services.sign_session(session=signed_session, by=physician_a, attestation="Again", now=at(140))
    signed_session.refresh_from_db()
    assert (signed_session.signed_at, signed_session.sign_attestation) == (at(130), "Reviewed")


# --- a signed session is read-only ---------------------------------------------------------------


def _stored():
    return {
        "readings": list(VitalSigns.objects.values_list("pk", "entered_in_error")),
        "side_effects": SideEffect.objects.count(),
        "events": SessionEvent.objects.count(),
        "assessments": Assessment.objects.count(),
        "alerts": Alert.objects.count(),
        "sessions": list(InfusionSession.objects.values()),
    }


WRITES = {
    "record_vitals": lambda s, nurse: services.record_vitals(
        session=s, values=BASELINE, by=nurse, measured_at=at(100), now=at(140)
    ),
    "correct_reading": lambda s, nurse: services.correct_reading(
        reading=s.readings.last(), reason="Typo", by=nurse, values=BASELINE, now=at(140)
    ),
    "record_side_effect": lambda s, nurse: services.record_side_effect(
        session=s, by=nurse, term="nausea", severity="mild", onset_at=at(60), now=at(140)
    ),
    "record_event": lambda s, nurse: services.record_event(
        session=s, by=nurse, kind="note", note="Late note", occurred_at=at(100), now=at(140)
    ),
    "discharge": lambda s, nurse: services.discharge(session=s, by=nurse, checklist=CHECKLIST, now=at(140)),
    "record_assessment": lambda s, nurse: services.record_assessment(
        patient=s.patient, session=s, by=nurse, instrument="phq9", items=[1] * 9, now=at(140)
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_is_refused_after_signing_and_nothing_is_stored(signed_session, nurse_a, write):
    before = _stored()
    with pytest.raises(ValidationError) as refused:
        write(signed_session, nurse_a)
    assert "signed" in refused.value.messages[0]
    assert _stored() == before


def test_an_addendum_is_added_after_signing(signed_session, nurse_a):
    addendum = services.add_addendum(
        session=signed_session, by=nurse_a, text=" Patient called: home safely ", reason=" Follow-up ", now=at(300)
    )
    addendum.refresh_from_db()
    assert (addendum.text, addendum.reason, addendum.author, addendum.created_at, addendum.site) == (
        "Patient called: home safely",
        "Follow-up",
        nurse_a,
        at(300),
        signed_session.site,
    )


def test_an_addendum_is_refused_before_signing(discharged_session, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.add_addendum(session=discharged_session, by=nurse_a, text="Note", reason="Late", now=at(120))
    assert "not signed" in refused.value.messages[0]
    assert not Addendum.objects.exists()


@pytest.mark.parametrize(
    ("text", "reason", "fields"), [("", "Late", {"text"}), ("Note", " ", {"reason"}), (None, None, {"text", "reason"})]
)
def test_an_addendum_needs_text_and_reason(signed_session, nurse_a, text, reason, fields):
    with pytest.raises(ValidationError) as refused:
        services.add_addendum(session=signed_session, by=nurse_a, text=text, reason=reason, now=at(300))
    assert set(refused.value.message_dict) == fields
    assert not Addendum.objects.exists()
