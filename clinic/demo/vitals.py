"""Plausible vital signs for a demo session, from a seeded random generator.

The shape follows the published IV-ketamine series: BP rises from baseline, peaks around
30–40 min into the infusion and returns to near baseline within the hour after it; heart
rate rises a little; SpO2 stays 96–99 with the odd dip; sedation and dissociation follow the
drug level. Esketamine peaks ~40 min after the dose and settles by about 2 h.
"""

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Baseline:
    systolic: int
    diastolic: int
    heart_rate: int
    spo2: int
    respiratory_rate: int


@dataclass(frozen=True)
class Response:
    """How far this session's vitals move at the peak of the drug effect."""

    systolic_rise: int
    diastolic_rise: int
    heart_rate_rise: int
    peak_minutes: int  # after the infusion started (or the dose was given)
    settled_minutes: int  # by then the rise has faded to nothing
    dissociation_peak: int


def baseline(rng: random.Random, usual_bp: tuple[int, int]) -> Baseline:
    return Baseline(
        systolic=usual_bp[0] + rng.randint(-6, 6),
        diastolic=usual_bp[1] + rng.randint(-4, 4),
        heart_rate=rng.randint(64, 84),
        spo2=rng.randint(97, 99),
        respiratory_rate=rng.randint(12, 16),
    )


def response(rng: random.Random, bp_rise: tuple[int, int], *, single_dose: bool) -> Response:
    systolic_rise = rng.randint(*bp_rise)
    return Response(
        systolic_rise=systolic_rise,
        diastolic_rise=round(systolic_rise * rng.uniform(0.45, 0.62)),
        heart_rate_rise=rng.randint(4, 14),
        peak_minutes=rng.randint(35, 45) if single_dose else rng.randint(30, 40),
        settled_minutes=110 if single_dose else 95,
        dissociation_peak=rng.randint(2, 6),
    )


def effect(minutes: float, curve: Response) -> float:
    """0 before the drug, rising to 1 at the peak, fading back to 0 when settled."""
    if minutes <= 0:
        return 0.0
    if minutes <= curve.peak_minutes:
        return minutes / curve.peak_minutes
    fade = (minutes - curve.peak_minutes) / (curve.settled_minutes - curve.peak_minutes)
    return max(0.0, 1.0 - fade)


def temperature(rng: random.Random, unit: str) -> dict:
    celsius = Decimal(rng.randint(364, 372)) / 10
    if unit == "F":
        return {"temperature_value": (celsius * 9 / 5 + 32).quantize(Decimal("0.1")), "temperature_unit": "F"}
    return {"temperature_value": celsius, "temperature_unit": "C"}


def pre_dose(rng: random.Random, base: Baseline, temperature_unit: str) -> dict:
    """The baseline reading taken before the drug is given."""
    return {
        "systolic": base.systolic,
        "diastolic": base.diastolic,
        "heart_rate": base.heart_rate,
        "spo2": base.spo2,
        "respiratory_rate": base.respiratory_rate,
        "sedation_moaas": 5,
        "dissociation": 0,
        "consciousness": "A",
        "on_oxygen": False,
        **temperature(rng, temperature_unit),
    }


def during(rng: random.Random, base: Baseline, curve: Response, minutes: float, *, settled: bool = False) -> dict:
    """A reading `minutes` after the drug started; `settled` keeps it close to baseline (the
    last reading before discharge must be within 20% of baseline for discharge)."""
    level = 0.0 if settled else effect(minutes, curve)
    systolic = base.systolic + round(curve.systolic_rise * level) + rng.randint(-3, 3)
    diastolic = base.diastolic + round(curve.diastolic_rise * level) + rng.randint(-2, 2)
    heart_rate = base.heart_rate + round(curve.heart_rate_rise * level) + rng.randint(-3, 3)
    sedation = 5 if level < 0.3 else rng.choice((4, 4, 5, 5, 5)) if level < 0.7 else rng.choice((3, 4, 4, 4, 5))
    return {
        "systolic": systolic,
        "diastolic": min(diastolic, systolic - 20),
        "heart_rate": heart_rate,
        "spo2": _spo2(rng, base, level),
        "respiratory_rate": min(18, max(12, base.respiratory_rate + rng.randint(-2, 2))),
        "sedation_moaas": sedation,
        "dissociation": round(curve.dissociation_peak * level) if level else rng.choice((0, 0, 0, 1)),
        "consciousness": "V" if sedation <= 3 else "A",
        "on_oxygen": False,
    }


def _spo2(rng: random.Random, base: Baseline, level: float) -> int:
    if level > 0.4:
        roll = rng.random()
        if roll < 0.02:
            return rng.randint(90, 91)  # a dip that crosses the SpO2 < 92 rule
        if roll < 0.1:
            return rng.randint(94, 95)
    return max(96, min(99, base.spo2 + rng.randint(-1, 1)))
