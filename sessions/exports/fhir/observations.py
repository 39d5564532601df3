"""Vital signs as FHIR Observations: one per measure of a reading, blood pressure as a panel.

Quantities go out in the canonical UCUM unit DESIGN.md names (Cel, kg); a value charted in
°F or lb keeps its as-entered form in a note. A reading marked entered in error exports with
status entered-in-error, so a system that already imported it knows to retract it. A value
marked as an artifact keeps status final and says so in a note, as the chart shows it.
"""

from clinic import units
from sessions.exports import codes
from sessions.exports.codes import BLOOD_PRESSURE, BODY_WEIGHT, DIASTOLIC, LOINC, MEASURES, SYSTOLIC, Measure
from sessions.models import InfusionSession, VitalSigns

from .elements import coding, compact, instant, person, quantity, reference

_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
_CATEGORY_DISPLAY = {"vital-signs": "Vital Signs", "survey": "Survey", "exam": "Exam"}


def observation_id(reading_id: int, field: str) -> str | None:
    """The Observation holding `field` of a reading (systolic and diastolic share the panel)."""
    measure = codes.BY_FIELD.get(field)
    return f"reading-{reading_id}-{measure.key}" if measure else None


def _code(measure: Measure) -> dict:
    return {"coding": [coding(LOINC, code, display) for code, display in measure.loinc], "text": measure.text}


def _observation(measure: Measure, *, resource_id: str, charted: dict, notes: list[str], value: dict) -> dict:
    """`charted` says who charted what when: the parts a reading and a session's weight share."""
    return compact(
        {
            "resourceType": "Observation",
            "id": resource_id,
            "meta": {"lastUpdated": instant(charted["updated_at"]), "profile": [measure.profile]},
            "status": "entered-in-error" if charted["entered_in_error"] else "final",
            "category": [{"coding": [coding(_CATEGORY_SYSTEM, measure.category, _CATEGORY_DISPLAY[measure.category])]}],
            "code": _code(measure),
            "subject": reference("Patient", charted["patient_id"]),
            "encounter": reference("Encounter", charted["session_id"]),
            "effectiveDateTime": instant(charted["effective"]),
            "issued": instant(charted["issued"]),
            "performer": [person(charted["performer"])],
            "note": [{"text": note} for note in notes],
            **value,
        }
    )


def _value(reading: VitalSigns, measure: Measure) -> tuple[dict, list[str]]:
    """The value element for `measure`, and any note it needs."""
    value = getattr(reading, measure.field)
    if measure.field == "temperature_c":
        if reading.temperature_unit == units.CELSIUS:
            value = reading.temperature_value  # as entered: 38.0 stays 38.0
            return {"valueQuantity": quantity(value, measure.ucum, measure.unit)}, []
        charted = f"Charted as {reading.temperature_value} °{reading.temperature_unit}"
        return {"valueQuantity": quantity(value, measure.ucum, measure.unit)}, [charted]
    if measure.value_type == "quantity":
        return {"valueQuantity": quantity(value, measure.ucum, measure.unit)}, []
    if measure.value_type == "integer":
        return {"valueInteger": value}, []
    if measure.value_type == "choice":
        return {"valueCodeableConcept": {"text": VitalSigns.Consciousness(value).label}}, []
    return {"valueBoolean": value}, []


def reading_observations(reading: VitalSigns) -> list[dict]:
    """Every measure the reading holds; needs `session` and `recorded_by` selected."""
    notes = [reading.note]
    if reading.entered_in_error:
        notes.append(f"Entered in error: {reading.error_reason}")
    charted = {
        "entered_in_error": reading.entered_in_error,
        "updated_at": reading.updated_at,
        "patient_id": reading.session.patient_id,
        "session_id": reading.session_id,
        "effective": reading.measured_at,
        "issued": reading.recorded_at,
        "performer": reading.recorded_by,
    }
    artifact_notes = _artifact_notes(reading)
    observations = []
    components = [
        {"code": _code(measure), "valueQuantity": quantity(getattr(reading, measure.field), measure.ucum, measure.unit)}
        for measure in (SYSTOLIC, DIASTOLIC)
        if getattr(reading, measure.field) is not None
    ]
    if components:
        resource_id = observation_id(reading.pk, "systolic")
        observations.append(
            _observation(
                BLOOD_PRESSURE,
                resource_id=resource_id,
                charted=charted,
                notes=notes + artifact_notes("systolic") + artifact_notes("diastolic"),
                value={"component": components},
            )
        )
    for measure in MEASURES:
        if getattr(reading, measure.field) in (None, ""):
            continue
        value, extra_notes = _value(reading, measure)
        resource_id = observation_id(reading.pk, measure.field)
        notes_here = notes + extra_notes + artifact_notes(measure.field)
        observations.append(
            _observation(measure, resource_id=resource_id, charted=charted, notes=notes_here, value=value)
        )
    return observations


def _artifact_notes(reading: VitalSigns):
    """Notes for a field's artifact markings (`artifacts` prefetched for bulk exports)."""
    marks = list(reading.artifacts.all())

    def notes_for(field: str) -> list[str]:
        return [f"Marked as an artifact: {mark.reason}" for mark in marks if field in mark.marked_fields]

    return notes_for


def weight_observation(session: InfusionSession) -> dict:
    """The weight the dose was computed from, charted at arrival; needs `nurse` selected."""
    if session.weight_unit == units.KG:
        value, notes = session.weight_value, []
    else:
        value, notes = session.weight_kg, [f"Charted as {session.weight_value} {session.weight_unit}"]
    return _observation(
        BODY_WEIGHT,
        resource_id=f"weight-{session.pk}",
        charted={
            "entered_in_error": False,
            "updated_at": session.updated_at,
            "patient_id": session.patient_id,
            "session_id": session.pk,
            "effective": session.arrived_at,
            "issued": session.created_at,
            "performer": session.nurse,
        },
        notes=notes,
        value={"valueQuantity": quantity(value, BODY_WEIGHT.ucum, BODY_WEIGHT.unit)},
    )
