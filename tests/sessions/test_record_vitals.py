from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import services
from sessions.models import VitalSigns
from tests.conftest import BASELINE, T0, minutes


def test_it_stores_a_reading_exactly_as_entered(session_a, nurse_a):
    recorded = services.record_vitals(
        session=session_a,
        values={**BASELINE, "temperature_value": "101.3", "temperature_unit": "F", "consciousness": "A"},
        by=nurse_a,
        measured_at=T0 + minutes(3),
        now=T0 + minutes(4),
    )
    reading = VitalSigns.objects.get(pk=recorded.reading.pk)
    assert (reading.systolic, reading.diastolic, reading.heart_rate, reading.spo2) == (120, 80, 72, 98)
    assert (reading.temperature_value, reading.temperature_unit) == (Decimal("101.3"), "F")
    assert reading.temperature_c == Decimal("38.50")
    assert reading.recorded_by == nurse_a
    assert reading.phase == "pre_check"
    assert not reading.is_late


def test_it_reports_news2_with_its_missing_parameters(session_a, nurse_a):
    recorded = services.record_vitals(session=session_a, values=BASELINE, by=nurse_a, now=T0 + minutes(1))
    assert recorded.news2.partial
    assert set(recorded.news2.missing) == {"on_oxygen", "consciousness", "temperature_c"}


def test_it_flags_a_back_timed_reading_entered_late(session_a, nurse_a):
    recorded = services.record_vitals(
        session=session_a, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(2), now=T0 + minutes(30)
    )
    assert recorded.reading.is_late
    assert recorded.reading.recorded_at == T0 + minutes(30)


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"systolic": 30, "diastolic": 20}, "systolic", "between 40 and 300"),
        ({"systolic": 301, "diastolic": 80}, "systolic", "between 40 and 300"),
        ({"systolic": 120, "diastolic": 120}, "diastolic", "below systolic"),
        ({"spo2": 101}, "spo2", "between 50 and 100"),
        ({"sedation_moaas": 6}, "sedation_moaas", "between 0 and 5"),
        ({"heart_rate": "7O"}, "heart_rate", "whole number"),
        ({"heart_rate": 72.5}, "heart_rate", "whole number"),
        ({"systolic": 120}, "diastolic", "both systolic and diastolic"),
        ({"temperature_value": "37.25", "temperature_unit": "C"}, "temperature_value", "one decimal"),
        ({"temperature_value": "98.6", "temperature_unit": "C"}, "temperature_value", "between 25.0 and 45.0"),
        ({"consciousness": "X"}, "consciousness", "ACVPU"),
        ({"pulse": 80}, "pulse", "Unknown"),
        ({}, "__all__", "at least one"),
    ],
)
def test_it_refuses_impossible_values_naming_the_field(session_a, nurse_a, values, field, fragment):
    with pytest.raises(ValidationError) as refused:
        services.record_vitals(session=session_a, values=values, by=nurse_a, now=T0 + minutes(1))
    assert fragment in " ".join(refused.value.message_dict[field])
    assert not VitalSigns.objects.exists()


def test_it_refuses_a_reading_measured_in_the_future(session_a, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.record_vitals(
            session=session_a, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(30), now=T0 + minutes(5)
        )
    assert "future" in refused.value.message_dict["measured_at"][0]


def test_it_refuses_a_reading_measured_before_arrival(session_a, nurse_a):
    with pytest.raises(ValidationError) as refused:
        services.record_vitals(
            session=session_a, values=BASELINE, by=nurse_a, measured_at=T0 - minutes(1), now=T0 + minutes(5)
        )
    assert "arrived" in refused.value.message_dict["measured_at"][0]


def test_it_requires_the_protocols_fields(session_a, nurse_a, iv_protocol):
    session_a.protocol_snapshot["required_fields"] = ["spo2"]
    session_a.save()
    with pytest.raises(ValidationError) as refused:
        services.record_vitals(session=session_a, values={"heart_rate": 70}, by=nurse_a, now=T0 + minutes(1))
    assert "requires" in refused.value.message_dict["spo2"][0]


def test_it_refuses_other_sites_session(session_a, nurse_b):
    with pytest.raises(PermissionDenied):
        services.record_vitals(session=session_a, values=BASELINE, by=nurse_b, now=T0 + minutes(1))
    assert not VitalSigns.objects.exists()


def test_it_refuses_an_admin_who_does_not_chart(session_a, admin_a):
    with pytest.raises(PermissionDenied):
        services.record_vitals(session=session_a, values=BASELINE, by=admin_a, now=T0 + minutes(1))


def test_it_takes_the_phase_from_the_clinical_time(infusing_session, nurse_a):
    recorded = services.record_vitals(
        session=infusing_session, values=BASELINE, by=nurse_a, measured_at=T0 + minutes(8), now=T0 + minutes(20)
    )
    assert recorded.reading.phase == "pre_check"
    recorded = services.record_vitals(session=infusing_session, values=BASELINE, by=nurse_a, now=T0 + minutes(20))
    assert recorded.reading.phase == "infusion"


def test_a_retry_with_the_same_client_key_stores_nothing_new(infusing_session, nurse_a):
    first = services.record_vitals(
        session=infusing_session, values=BASELINE, by=nurse_a, client_key="form-123", now=T0 + minutes(20)
    )
    retry = services.record_vitals(
        session=infusing_session, values=BASELINE, by=nurse_a, client_key="form-123", now=T0 + minutes(21)
    )
    assert retry.replayed and not first.replayed
    assert retry.reading.pk == first.reading.pk
    assert infusing_session.readings.filter(client_key="form-123").count() == 1


def test_a_client_key_is_per_session(infusing_session, start, nurse_a, patient_a):
    other = start(patient_a)
    services.record_vitals(session=infusing_session, values=BASELINE, by=nurse_a, client_key="k", now=T0 + minutes(20))
    again = services.record_vitals(session=other, values=BASELINE, by=nurse_a, client_key="k", now=T0 + minutes(20))
    assert not again.replayed
