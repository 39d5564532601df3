"""Scoring of the questionnaires a clinic records across a course of treatment.

PHQ-9 (Kroenke et al. 2001): nine items 0–3, bands 0–4 minimal, 5–9 mild, 10–14 moderate,
15–19 moderately severe, 20–27 severe; item 9 (self-harm thoughts) above 0 needs a safety flag.
GAD-7 (Spitzer et al. 2006): seven items 0–3, bands 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21
severe. MADRS (Montgomery & Åsberg 1979): ten items 0–6, bands 0–6 normal, 7–19 mild,
20–34 moderate, 35–60 severe. Response: a drop of at least 50% from the course's first score;
remission: PHQ-9 below 5.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Instrument:
    items: int
    item_max: int
    bands: tuple[tuple[int, str], ...]  # (inclusive upper bound, band)


INSTRUMENTS = {
    "phq9": Instrument(
        9, 3, ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately severe"), (27, "severe"))
    ),
    "gad7": Instrument(7, 3, ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))),
    "madrs": Instrument(10, 6, ((6, "normal"), (19, "mild"), (34, "moderate"), (60, "severe"))),
}


@dataclass(frozen=True)
class Score:
    total: int
    band: str
    safety_flag: bool


def score(instrument: str, items: list) -> Score:
    spec = INSTRUMENTS[instrument]
    if not isinstance(items, list | tuple) or len(items) != spec.items:
        raise ValidationError({"items": f"Expected {spec.items} item scores."})
    for position, item in enumerate(items, start=1):
        if isinstance(item, bool) or not isinstance(item, int) or not 0 <= item <= spec.item_max:
            raise ValidationError({"items": f"Item {position} must be a whole number from 0 to {spec.item_max}."})
    total = sum(items)
    band = next(label for upper, label in spec.bands if total <= upper)
    return Score(total, band, safety_flag=instrument == "phq9" and items[8] > 0)


def is_response(first_total: int, total: int) -> bool:
    return first_total > 0 and (first_total - total) * 2 >= first_total


def is_remission(total: int) -> bool:
    return total < 5
