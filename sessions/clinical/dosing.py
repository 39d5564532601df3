"""Dose from the protocol snapshot and the weight used, with the formula shown to the nurse."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

_MG = Decimal("0.1")


@dataclass(frozen=True)
class Dose:
    mg: Decimal
    formula: str


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def compute_dose(snapshot: dict, weight_kg: Decimal, requested_mg: Decimal | None = None) -> Dose:
    if snapshot["dose_rule"] == "per_kg":
        per_kg = Decimal(snapshot["dose_mg_per_kg"])
        weight = Decimal(weight_kg).quantize(_MG, rounding=ROUND_HALF_UP)
        mg = (per_kg * Decimal(weight_kg)).quantize(_MG, rounding=ROUND_HALF_UP)
        formula = f"{_fmt(per_kg)} mg/kg × {_fmt(weight)} kg = {_fmt(mg)} mg"
        cap = snapshot.get("max_dose_mg")
        if cap is not None and mg > Decimal(cap):
            mg = Decimal(cap)
            formula += f", capped at the protocol maximum of {_fmt(mg)} mg"
        return Dose(mg, formula)
    allowed = [Decimal(dose) for dose in snapshot["fixed_doses_mg"]]
    try:
        requested = None if requested_mg is None else Decimal(str(requested_mg).strip())
    except InvalidOperation:
        requested = None
    if requested is None or not requested.is_finite() or requested not in allowed:
        choices = " or ".join(f"{_fmt(dose)} mg" for dose in allowed)
        raise ValidationError({"dose_mg": f"Choose the dose for this protocol: {choices}."})
    return Dose(requested, f"fixed dose {_fmt(requested)} mg")
