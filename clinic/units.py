"""Exact conversions between the units clinics chart in and the canonical units (kg, °C).

Values are stored as entered; rules, scores and exports use these Decimal conversions, so
101.3 °F stays 101.3 °F on screen while NEWS2 sees 38.5 °C.
"""

from decimal import ROUND_HALF_EVEN, Decimal

KG = "kg"
LB = "lb"
CELSIUS = "C"
FAHRENHEIT = "F"

WEIGHT_UNITS = [(KG, "kg"), (LB, "lb")]
TEMPERATURE_UNITS = [(CELSIUS, "°C"), (FAHRENHEIT, "°F")]

# The international avoirdupois pound is defined as exactly 0.45359237 kg.
_KG_PER_LB = Decimal("0.45359237")
_CANONICAL_TEMPERATURE = Decimal("0.01")


def to_kg(value: Decimal, unit: str) -> Decimal:
    if unit == KG:
        return Decimal(value)
    if unit == LB:
        return Decimal(value) * _KG_PER_LB
    raise ValueError(f"unknown weight unit {unit!r}")


def to_celsius(value: Decimal, unit: str) -> Decimal:
    """°F converts through 5/9, which has no finite decimal; two places is finer than any probe."""
    if unit == CELSIUS:
        return Decimal(value)
    if unit == FAHRENHEIT:
        return ((Decimal(value) - 32) * 5 / 9).quantize(_CANONICAL_TEMPERATURE, rounding=ROUND_HALF_EVEN)
    raise ValueError(f"unknown temperature unit {unit!r}")


def from_celsius(value: Decimal, unit: str) -> Decimal:
    if unit == CELSIUS:
        return Decimal(value)
    if unit == FAHRENHEIT:
        return Decimal(value) * 9 / 5 + 32
    raise ValueError(f"unknown temperature unit {unit!r}")
