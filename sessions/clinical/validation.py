"""Physiological plausibility of a reading, with messages that name the field.

The limits refuse values no living patient in a clinic chair could have (typing slips like
1200 for 120), not values that are merely alarming: those are for alert rules.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError

from clinic import units
from sessions.models.limits import ENTERED_FIELDS, INTEGER_LIMITS, TEMPERATURE_LIMITS

CONSCIOUSNESS = {"A", "C", "V", "P", "U"}


def _integer(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        if value != int(value):
            raise ValueError
        return int(value)
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise ValueError
    return int(text)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def clean_measurements(values: dict, *, default_temperature_unit: str, required: list[str]) -> dict:
    """Return the measurements as stored types, or raise ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    for field in sorted(set(values) - set(ENTERED_FIELDS)):
        refuse(field, "Unknown vital sign field.")

    for field, (low, high, label, unit) in INTEGER_LIMITS.items():
        raw = values.get(field)
        if _blank(raw):
            continue
        try:
            number = _integer(raw)
        except (ValueError, TypeError, InvalidOperation):
            refuse(field, f"{label} must be a whole number.")
            continue
        if not low <= number <= high:
            refuse(field, f"{label} must be between {low} and {high} {unit}".rstrip() + f"; got {number}.")
            continue
        cleaned[field] = number

    _clean_temperature(values, default_temperature_unit, cleaned, refuse)

    consciousness = values.get("consciousness")
    if not _blank(consciousness):
        if str(consciousness).upper() in CONSCIOUSNESS:
            cleaned["consciousness"] = str(consciousness).upper()
        else:
            refuse("consciousness", "Consciousness must be one of A, C, V, P, U (ACVPU).")

    on_oxygen = values.get("on_oxygen")
    if not _blank(on_oxygen):
        if isinstance(on_oxygen, bool):
            cleaned["on_oxygen"] = on_oxygen
        else:
            refuse("on_oxygen", "On oxygen must be yes or no.")

    has_sbp, has_dbp = "systolic" in cleaned, "diastolic" in cleaned
    if has_sbp and has_dbp and cleaned["diastolic"] >= cleaned["systolic"]:
        refuse("diastolic", "Diastolic BP must be below systolic BP.")
    elif has_sbp != has_dbp and not ({"systolic", "diastolic"} & set(errors)):
        missing = "diastolic" if has_sbp else "systolic"
        refuse(missing, "Blood pressure needs both systolic and diastolic values.")

    for field in required:
        present = field in cleaned or (field == "temperature_c" and "temperature_value" in cleaned)
        if not present and field not in errors:
            refuse(field, "This protocol requires this value at every reading.")

    if not cleaned and not errors:
        refuse("__all__", "Enter at least one vital sign.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_temperature(values, default_unit, cleaned, refuse):
    raw = values.get("temperature_value")
    if _blank(raw):
        return
    unit = values.get("temperature_unit") or default_unit
    if unit not in TEMPERATURE_LIMITS:
        refuse("temperature_unit", "Temperature unit must be C or F.")
        return
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        refuse("temperature_value", "Temperature must be a number.")
        return
    if not value.is_finite() or value != value.quantize(Decimal("0.1")):
        refuse("temperature_value", "Temperature takes at most one decimal place.")
        return
    low, high = TEMPERATURE_LIMITS[unit]
    if not low <= value <= high:
        refuse("temperature_value", f"Temperature must be between {low} and {high} °{unit}; got {value}.")
        return
    cleaned["temperature_value"] = value
    cleaned["temperature_unit"] = unit
    cleaned["temperature_c"] = units.to_celsius(value, unit)


def check_measured_at(measured_at, *, arrived_at, now) -> None:
    if measured_at > now + timedelta(seconds=settings.CLOCK_SKEW_SECONDS):
        raise ValidationError({"measured_at": "A reading cannot be measured in the future."})
    if measured_at < arrived_at:
        raise ValidationError({"measured_at": "A reading cannot be measured before the patient arrived."})
