"""National Early Warning Score 2 (Royal College of Physicians, 2017), SpO2 scale 1.

Each parameter scores 0–3 from the RCP chart; the total and risk band follow the chart's
thresholds. A missing parameter is never scored as 0: the result says it is partial and
names what is missing, because a partial total can only understate risk.

A reading often lacks a parameter charted minutes earlier (temperature once per session, ACVPU
now and then). `score_series` then uses the session's latest value of it from within a window
(NEWS2_CARRY_FORWARD_MINUTES, 30 by default) and names each carried value and when it was
measured; older values are not used and the score stays partial.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
class CarriedValue:
    """A parameter the reading lacked, taken from an earlier reading of the same session."""

    parameter: str
    value: object
    measured_at: datetime

    def __str__(self):
        """ "RR 16", "Temp 36.8 °C", "O₂ air": how the chart names it before "carried from 10:05"."""
        if self.parameter == "on_oxygen":
            return f"O₂ {'yes' if self.value else 'air'}"
        unit = " °C" if self.parameter == "temperature_c" else ""
        return f"{SHORT_NAMES[self.parameter]} {_plain(self.value)}{unit}"


SHORT_NAMES = {
    "respiratory_rate": "RR",
    "spo2": "SpO2",
    "systolic": "SBP",
    "heart_rate": "HR",
    "consciousness": "ACVPU",
    "temperature_c": "Temp",
}


@dataclass(frozen=True)
class News2:
    score: int
    risk: str
    parameter_scores: dict[str, int] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    carried: tuple[CarriedValue, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.missing)

    def as_dict(self) -> dict:
        return {
            "score": self.score,
            "risk": self.risk,
            "partial": self.partial,
            "missing": list(self.missing),
            "carried_forward": [
                {"parameter": c.parameter, "value": _plain(c.value), "measured_at": c.measured_at.isoformat()}
                for c in self.carried
            ],
        }


def _plain(value):
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


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


def _missing(value) -> bool:
    return value is None or value == ""


def score(values: dict, carried: tuple[CarriedValue, ...] = ()) -> News2:
    """Score a reading given as a mapping of PARAMETERS to values (None or "" = missing)."""
    parameter_scores = {}
    missing = []
    for name in PARAMETERS:
        value = values.get(name)
        if _missing(value):
            missing.append(name)
        else:
            parameter_scores[name] = _SCORERS[name](value)
    total = sum(parameter_scores.values())
    return News2(total, risk_band(total, parameter_scores), parameter_scores, tuple(missing), carried)


def score_reading(reading) -> News2:
    return score({name: getattr(reading, name) for name in PARAMETERS})


def score_series(readings, window: timedelta) -> list[News2]:
    """Score each of one session's readings (in measured order), filling a missing parameter with
    the latest value of it measured no more than `window` before. Readings entered in error are
    scored on their own and lend nothing to the others."""
    latest: dict[str, tuple[object, datetime]] = {}
    scores = []
    for reading in readings:
        own = {name: getattr(reading, name) for name in PARAMETERS}
        if reading.entered_in_error:
            scores.append(score(own))
            continue
        carried = []
        for name, value in own.items():
            if not _missing(value):
                latest[name] = (value, reading.measured_at)
            elif name in latest and reading.measured_at - latest[name][1] <= window:
                own[name] = latest[name][0]
                carried.append(CarriedValue(name, *latest[name]))
        scores.append(score(own, tuple(carried)))
    return scores
