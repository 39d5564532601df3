"""FHIR R4 JSON for the export endpoints; plain dicts, so production needs no FHIR library."""

from .bundle import collection_bundle, ndjson_lines, session_resources
from .observations import reading_observations, weight_observation
from .resources import (
    adverse_event,
    detected_issue,
    dose_administration,
    encounter,
    operation_outcome,
    patient,
    rescue_administration,
)
from .serialize import dumps

__all__ = [
    "adverse_event",
    "collection_bundle",
    "detected_issue",
    "dose_administration",
    "dumps",
    "encounter",
    "ndjson_lines",
    "operation_outcome",
    "patient",
    "reading_observations",
    "rescue_administration",
    "session_resources",
    "weight_observation",
]
