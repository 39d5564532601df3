"""What each FHIR bulk NDJSON file is made of: rows, their filter, and the resources per row.

The same row querysets (with the relations the mappings read selected) serve a session's
$everything Bundle, so both say the same about a session.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from clinic.models import Patient
from sessions.exports import fhir
from sessions.exports.csv import CHUNK_SIZE
from sessions.exports.filters import (
    AlertFilter,
    DoseFilter,
    ExportFilter,
    PatientFilter,
    ReadingFilter,
    SessionEventFilter,
    SessionFilter,
    SideEffectFilter,
)
from sessions.models import Alert, InfusionSession, SessionEvent, SideEffect, VitalSigns


def patients() -> QuerySet:
    return Patient.objects.select_related("site").order_by("site_id", "id")


def sessions() -> QuerySet:
    return InfusionSession.objects.select_related(
        "patient__site", "site", "nurse", "supervising_physician", "discharged_by"
    ).order_by("site_id", "arrived_at", "id")


def readings() -> QuerySet:
    return (
        VitalSigns.objects.select_related("session", "recorded_by")
        .prefetch_related("artifacts")
        .order_by("site_id", "session_id", "measured_at", "id")
    )


def side_effects() -> QuerySet:
    return SideEffect.objects.select_related("session", "recorded_by").order_by(
        "site_id", "session_id", "onset_at", "id"
    )


def alerts() -> QuerySet:
    return Alert.objects.select_related("session", "acknowledged_by").order_by(
        "site_id", "session_id", "raised_at", "id"
    )


def rescue_events() -> QuerySet:
    return (
        SessionEvent.objects.filter(kind=SessionEvent.Kind.RESCUE_MEDICATION)
        .select_related("session", "recorded_by")
        .order_by("site_id", "session_id", "occurred_at", "id")
    )


def _one(mapping: Callable) -> Callable[[object], list[dict]]:
    return lambda row: [resource for resource in [mapping(row)] if resource is not None]


@dataclass(frozen=True)
class BulkSource:
    filterset_class: type[ExportFilter]
    rows: Callable[[], QuerySet]
    resources: Callable[[object], Iterable[dict]]


BULK_SOURCES: dict[str, tuple[BulkSource, ...]] = {
    "Patient": (BulkSource(PatientFilter, patients, _one(fhir.patient)),),
    "Encounter": (BulkSource(SessionFilter, sessions, _one(fhir.encounter)),),
    "Observation": (
        BulkSource(ReadingFilter, readings, fhir.reading_observations),
        BulkSource(SessionFilter, sessions, _one(fhir.weight_observation)),
    ),
    "MedicationAdministration": (
        BulkSource(
            DoseFilter, lambda: sessions().filter(infusion_started_at__isnull=False), _one(fhir.dose_administration)
        ),
        BulkSource(SessionEventFilter, rescue_events, _one(fhir.rescue_administration)),
    ),
    # R4's AdverseEvent has no status, so side effects entered in error cannot be exported as such.
    "AdverseEvent": (
        BulkSource(SideEffectFilter, lambda: side_effects().filter(entered_in_error=False), _one(fhir.adverse_event)),
    ),
    "DetectedIssue": (BulkSource(AlertFilter, alerts, _one(fhir.detected_issue)),),
}


def resources(selections: Iterable[tuple[BulkSource, QuerySet]]) -> Iterator[dict]:
    """Each source's filtered rows as resources, lazily, CHUNK_SIZE rows in memory at a time."""
    for source, rows in selections:
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            yield from source.resources(row)
