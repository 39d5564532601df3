"""National Early Warning Score 2 (Royal College of Physicians, 2017), SpO2 scale 1.

Each parameter scores 0–3 from the RCP chart; the total and risk band follow the chart's
thresholds. A missing parameter is never scored as 0: the result says it is partial and
names what is missing, because a partial total can only understate risk.
"""

from dataclasses import dataclass, field
from decimal import Decimal

PARAMETERS = (
    "respiratory_rate",
    "spo2",
    "on_oxygen",
    "systolic",
    "heart_rate",
    "consciousness",
    "temperature_c",
)

LOW = "low"
LOW_MEDIUM = "low-medium"
MEDIUM = "medium"
HIGH = "high"


@dataclass(frozen=True)
class News2:
    score: int
    risk: str
    parameter_scores: dict[str, int] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.missing)

    def as_dict(self) -> dict:
        return {"score": self.score, "risk": self.risk, "partial": self.partial, "missing": list(self.missing)}


def _by_upper_bounds(value, bands: tuple[tuple[object, int], ...], above: int) -> int:
    """Score from (inclusive upper bound, score) pairs in ascending order."""
    for upper, score in bands:
        if value <= upper:
            return score
    return above


def respiratory_rate_score(rate: int) -> int:
    return _by_upper_bounds(rate, ((8, 3), (11, 1), (20, 0), (24, 2)), above=3)


def spo2_score(spo2: int) -> int:
    return _by_upper_bounds(spo2, ((91, 3), (93, 2), (95, 1)), above=0)


def oxygen_score(on_oxygen: bool) -> int:
    return 2 if on_oxygen else 0


def systolic_score(systolic: int) -> int:
    return _by_upper_bounds(systolic, ((90, 3), (100, 2), (110, 1), (219, 0)), above=3)


def heart_rate_score(rate: int) -> int:
    return _by_upper_bounds(rate, ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2)), above=3)


def consciousness_score(acvpu: str) -> int:
    return 0 if acvpu == "A" else 3


def temperature_score(celsius: Decimal) -> int:
    bands = ((Decimal("35.0"), 3), (Decimal("36.0"), 1), (Decimal("38.0"), 0), (Decimal("39.0"), 1))
    return _by_upper_bounds(Decimal(celsius), bands, above=2)


_SCORERS = {
    "respiratory_rate": respiratory_rate_score,
    "spo2": spo2_score,
    "on_oxygen": oxygen_score,
    "systolic": systolic_score,
    "heart_rate": heart_rate_score,
    "consciousness": consciousness_score,
    "temperature_c": temperature_score,
}


def risk_band(total: int, parameter_scores: dict[str, int]) -> str:
    if total >= 7:
        return HIGH
    if total >= 5:
        return MEDIUM
    if any(score == 3 for score in parameter_scores.values()):
        return LOW_MEDIUM
    return LOW


def score(values: dict) -> News2:
    """Score a reading given as a mapping of PARAMETERS to values (None or "" = missing)."""
    parameter_scores = {}
    missing = []
    for name in PARAMETERS:
        value = values.get(name)
        if value is None or value == "":
            missing.append(name)
        else:
            parameter_scores[name] = _SCORERS[name](value)
    total = sum(parameter_scores.values())
    return News2(total, risk_band(total, parameter_scores), parameter_scores, tuple(missing))


def score_reading(reading) -> News2:
    return score({name: getattr(reading, name) for name in PARAMETERS})
