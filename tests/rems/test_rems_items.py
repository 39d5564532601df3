"""Every item of the REMS form comes from what was charted; what is missing blocks completion."""

from sessions import services
from sessions.clinical import rems
from sessions.models import RemsRecord
from tests.conftest import T0, minutes

from .conftest import CONFIRMED, chart


def test_it_takes_the_three_blood_pressures_with_their_times(discharged_esketamine):
    items = services.charted_rems_items(discharged_esketamine)

    assert (str(items.bp_before), items.bp_before.measured_at) == ("128/82", T0 + minutes(5))
    assert (str(items.bp_after_40), items.bp_after_40.measured_at) == ("146/92", T0 + minutes(50))
    assert (str(items.bp_end), items.bp_end.measured_at) == ("124/80", T0 + minutes(125))


def test_it_picks_the_reading_nearest_forty_minutes_after_the_dose(dosed_session, nurse_a):
    chart(dosed_session, nurse_a, {"systolic": 150, "diastolic": 95}, 45)  # 35 min after: further than 40

    assert str(services.charted_rems_items(dosed_session).bp_after_40) == "146/92"


def test_it_takes_sedation_and_dissociation_from_the_readings_with_their_first_time(discharged_esketamine):
    items = services.charted_rems_items(discharged_esketamine)

    assert items.sedation == rems.Finding(True, T0 + minutes(50))
    assert items.dissociation == rems.Finding(True, T0 + minutes(50))
    assert items.respiratory_depression == rems.Finding(False)


def test_it_counts_a_low_respiratory_rate_as_respiratory_depression(dosed_session, nurse_a):
    chart(dosed_session, nurse_a, {"respiratory_rate": 8, "spo2": 95}, 60)

    assert services.charted_rems_items(dosed_session).respiratory_depression == rems.Finding(True, T0 + minutes(60))


def test_it_ignores_readings_entered_in_error(dosed_session, nurse_a):
    reading = dosed_session.readings.get(measured_at=T0 + minutes(50))
    services.correct_reading(reading=reading, reason="Wrong patient", by=nurse_a, now=T0 + minutes(55))

    items = services.charted_rems_items(dosed_session)
    assert items.bp_after_40 is None
    assert items.sedation.present is False


def test_it_lists_other_side_effects_and_rescue_medication_as_other_adverse_events(dosed_session, nurse_a):
    services.record_side_effect(
        session=dosed_session,
        by=nurse_a,
        term="nausea",
        severity="mild",
        onset_at=T0 + minutes(30),
        now=T0 + minutes(30),
    )
    services.record_side_effect(
        session=dosed_session,
        by=nurse_a,
        term="dissociation",
        severity="mild",
        onset_at=T0 + minutes(20),
        now=T0 + minutes(30),
    )

    items = services.charted_rems_items(dosed_session)
    assert items.other_adverse_events == ["Nausea (mild)"]
    assert items.dissociation == rems.Finding(True, T0 + minutes(20))


def test_it_proposes_the_form_classes_from_the_medication_list(discharged_esketamine):
    assert services.charted_rems_items(discharged_esketamine).medication_classes == ["benzodiazepine"]


def test_monitoring_runs_from_the_dose_to_ready_to_leave(discharged_esketamine):
    items = services.charted_rems_items(discharged_esketamine)

    assert items.ready_to_leave_at == T0 + minutes(135)
    assert items.monitoring_minutes == 125


def test_an_empty_record_lists_every_nurse_item_as_missing(dosed_session):
    missing = rems.missing_items(services.charted_rems_items(dosed_session), RemsRecord(device_lot_numbers=""))

    assert missing == [
        "Medications taken (confirm the classes from the patient's list)",
        "Dose (56 or 84 mg)",
        "Device lot numbers",
        "Vital signs acceptable before dosing (yes/no)",
        "Vital signs acceptable before the end of monitoring (yes/no)",
        "Time ready to leave (discharge the patient)",
    ]


def test_a_missing_blood_pressure_is_listed(start, patient_a, esketamine_protocol, nurse_a):
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=84)
    services.record_event(
        session=session, by=nurse_a, kind="dose_given", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    session.refresh_from_db()

    missing = rems.missing_items(services.charted_rems_items(session), RemsRecord(**CONFIRMED))
    assert missing[:3] == [
        "Blood pressure before dosing",
        "Blood pressure about 40 minutes after dosing",
        "Blood pressure before the end of monitoring",
    ]


def test_describe_gives_site_local_times(discharged_esketamine):
    described = rems.describe(services.charted_rems_items(discharged_esketamine), discharged_esketamine.site.tzinfo)

    assert described["dosed_time"] == "09:10"  # T0+10 is 14:10 UTC, 09:10 in New York
    assert described["blood_pressures"][1] == {
        "label": "About 40 minutes after dosing",
        "value": "146/92",
        "time": "09:50",
    }
    assert described["monitoring_minutes"] == 125
