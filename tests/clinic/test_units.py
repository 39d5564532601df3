"""Unit conversions are exact Decimals, and a value is stored exactly as it was entered."""

from decimal import Decimal

import pytest

from clinic import units
from sessions import services
from sessions.models import VitalSigns
from tests import factories
from tests.conftest import T0, minutes


@pytest.mark.parametrize(
    ("pounds", "kg"),
    [
        ("1", "0.45359237"),
        ("154", "69.85322498"),
        ("220.5", "100.017117585"),
        ("0.1", "0.045359237"),
    ],
)
def test_pounds_convert_to_kilograms_exactly(pounds, kg):
    assert units.to_kg(Decimal(pounds), units.LB) == Decimal(kg)


def test_kilograms_stay_as_they_are():
    assert units.to_kg(Decimal("70.25"), units.KG) == Decimal("70.25")


@pytest.mark.parametrize(
    ("fahrenheit", "celsius"),
    [
        ("32", "0.00"),
        ("98.6", "37.00"),
        ("100.4", "38.00"),
        ("101.3", "38.50"),
        ("212", "100.00"),
        ("95.0", "35.00"),
        ("100.1", "37.83"),  # 37.8333…: to two places
        ("102.2", "39.00"),
    ],
)
def test_fahrenheit_converts_to_celsius(fahrenheit, celsius):
    assert units.to_celsius(Decimal(fahrenheit), units.FAHRENHEIT) == Decimal(celsius)


def test_celsius_stays_as_it_is():
    assert units.to_celsius(Decimal("38.0"), units.CELSIUS) == Decimal("38.0")


@pytest.mark.parametrize("celsius", ["37.00", "38.50", "0", "100"])
def test_celsius_converts_back_to_fahrenheit(celsius):
    assert units.to_celsius(units.from_celsius(Decimal(celsius), units.FAHRENHEIT), units.FAHRENHEIT) == Decimal(
        celsius
    )
    assert units.from_celsius(Decimal("38.50"), units.FAHRENHEIT) == Decimal("101.3")


@pytest.mark.parametrize(
    "convert", [units.to_kg, units.to_celsius, units.from_celsius], ids=["to_kg", "to_celsius", "from_celsius"]
)
def test_an_unknown_unit_is_refused(convert):
    with pytest.raises(ValueError, match="unknown"):
        convert(Decimal("1"), "stone")


@pytest.mark.parametrize(
    ("value", "unit", "canonical"),
    [("101.3", "F", "38.50"), ("100.1", "F", "37.83"), ("98.6", "F", "37.00"), ("38.0", "C", "38.0")],
)
def test_a_temperature_is_stored_as_entered_beside_its_canonical_value(session_a, nurse_a, value, unit, canonical):
    recorded = services.record_vitals(
        session=session_a,
        values={"temperature_value": value, "temperature_unit": unit},
        by=nurse_a,
        measured_at=T0 + minutes(1),
        now=T0 + minutes(1),
    )
    stored = VitalSigns.objects.get(pk=recorded.reading.pk)
    assert (str(stored.temperature_value), stored.temperature_unit) == (value, unit)
    assert stored.temperature_c == Decimal(canonical)


def test_a_us_site_charts_temperature_in_fahrenheit_by_default(start, nurse_a, site_a):
    site_a.unit_system = "us"
    site_a.save()
    session = start(factories.PatientFactory(site=site_a))
    recorded = services.record_vitals(
        session=session, values={"temperature_value": "101.3"}, by=nurse_a, now=T0 + minutes(1)
    )
    stored = VitalSigns.objects.get(pk=recorded.reading.pk)
    assert (stored.temperature_value, stored.temperature_unit, stored.temperature_c) == (
        Decimal("101.3"),
        "F",
        Decimal("38.50"),
    )


def test_a_weight_in_pounds_is_stored_as_entered(start, patient_a):
    session = start(patient_a, weight_value=Decimal("154.3"), weight_unit="lb")
    session.refresh_from_db()
    weight = patient_a.weights.get()
    assert (str(session.weight_value), session.weight_unit) == ("154.30", "lb")
    assert (weight.value, weight.unit) == (Decimal("154.3"), "lb")
    assert weight.kg == Decimal("69.98930")  # 69.989302691 stored to 5 places
