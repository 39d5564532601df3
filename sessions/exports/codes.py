"""What each charted measure is called outside the clinic: LOINC codes and UCUM units.

From DESIGN.md's FHIR mapping; one table, so the CSV's unit columns and the FHIR
Observations can never disagree. A measure without a verified LOINC code carries text only:
a wrong code is worse than none.
"""

from dataclasses import dataclass

from django.db.models import Case, Value, When

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


@dataclass(frozen=True)
class Measure:
    field: str  # VitalSigns field, in its canonical unit
    key: str  # suffix of the Observation id: reading-<pk>-<key>
    text: str
    value_type: str  # "quantity", "integer", "choice" or "boolean"
    ucum: str = ""
    unit: str = ""  # human-readable unit, as FHIR's vital-signs examples write it
    loinc: tuple[tuple[str, str], ...] = ()  # (code, display), the first is the primary code
    category: str = "vital-signs"
    profile: str = ""  # the R4 core vital-signs profile the Observation conforms to


def _profile(name: str) -> str:
    return f"http://hl7.org/fhir/StructureDefinition/{name}"


# Systolic and diastolic travel together in the blood pressure panel, not as Observations of their own.
BLOOD_PRESSURE = Measure(
    "blood_pressure",
    "bp",
    "Blood pressure",
    "panel",
    loinc=(("85354-9", "Blood pressure panel with all children optional"),),
    profile=_profile("bp"),
)
SYSTOLIC = Measure(
    "systolic", "bp", "Systolic blood pressure", "quantity", "mm[Hg]", "mmHg", (("8480-6", "Systolic blood pressure"),)
)
DIASTOLIC = Measure(
    "diastolic",
    "bp",
    "Diastolic blood pressure",
    "quantity",
    "mm[Hg]",
    "mmHg",
    (("8462-4", "Diastolic blood pressure"),),
)
BODY_WEIGHT = Measure(
    "weight_kg",
    "weight",
    "Body weight",
    "quantity",
    "kg",
    "kg",
    (("29463-7", "Body weight"),),
    profile=_profile("bodyweight"),
)

# One Observation each, in the order a chart lists them.
MEASURES = (
    Measure(
        "heart_rate",
        "hr",
        "Heart rate",
        "quantity",
        "/min",
        "beats/minute",
        (("8867-4", "Heart rate"),),
        profile=_profile("heartrate"),
    ),
    Measure(
        "respiratory_rate",
        "rr",
        "Respiratory rate",
        "quantity",
        "/min",
        "breaths/minute",
        (("9279-1", "Respiratory rate"),),
        profile=_profile("resprate"),
    ),
    Measure(
        "spo2",
        "spo2",
        "Oxygen saturation (SpO2)",
        "quantity",
        "%",
        "%",
        (
            ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
            ("2708-6", "Oxygen saturation in Arterial blood"),
        ),
        profile=_profile("oxygensat"),
    ),
    Measure(
        "temperature_c",
        "temp",
        "Body temperature",
        "quantity",
        "Cel",
        "C",
        (("8310-5", "Body temperature"),),
        profile=_profile("bodytemp"),
    ),
    Measure(
        "etco2",
        "etco2",
        "End-tidal CO2",
        "quantity",
        "mm[Hg]",
        "mmHg",
        (("19891-1", "Carbon dioxide [Partial pressure] in Exhaled gas --at end expiration"),),
    ),
    Measure("sedation_moaas", "sedation", "Sedation (MOAA/S 0–5)", "integer", category="survey"),
    Measure("dissociation", "dissociation", "Dissociation (0–10)", "integer", category="survey"),
    Measure(
        "pain",
        "pain",
        "Pain (0–10)",
        "integer",
        loinc=(("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),),
        category="survey",
    ),
    Measure("consciousness", "acvpu", "Consciousness (ACVPU)", "choice", category="exam"),
    Measure("on_oxygen", "o2", "On supplemental oxygen", "boolean", category="exam"),
)

BY_FIELD = {measure.field: measure for measure in (SYSTOLIC, DIASTOLIC, *MEASURES)}


def ucum_unit(field: str) -> str:
    """The UCUM code of a vital field's canonical unit; empty for scores and NEWS2."""
    measure = BY_FIELD.get(field)
    return measure.ucum if measure else ""


def ucum_unit_of(field_path: str) -> Case:
    """ucum_unit() in SQL, of the field name held at `field_path` (the CSV exports work it out in their query)."""
    units = [When(**{field_path: field}, then=Value(measure.ucum)) for field, measure in BY_FIELD.items()]
    return Case(*units, default=Value(""))
