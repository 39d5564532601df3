"""A session's whole record as one FHIR Bundle, and resources as bulk-data NDJSON lines."""

from collections.abc import Iterable, Iterator

from .elements import instant
from .observations import reading_observations, weight_observation
from .resources import adverse_event, detected_issue, dose_administration, encounter, patient, rescue_administration
from .serialize import dumps


def session_resources(session, *, readings, side_effects, alerts, rescue_events, now=None) -> Iterator[dict]:
    """Patient, Encounter, what was given, every reading, side effects and alerts of a session.

    Side effects marked entered in error are left out: R4's AdverseEvent has no status to say so.
    """
    yield patient(session.patient)
    yield encounter(session, now=now)
    dose = dose_administration(session)
    if dose is not None:
        yield dose
    for event in rescue_events:
        yield rescue_administration(event)
    yield weight_observation(session)
    for reading in readings:
        yield from reading_observations(reading)
    for side_effect in side_effects:
        if not side_effect.entered_in_error:
            yield adverse_event(side_effect)
    for alert in alerts:
        yield detected_issue(alert)


def collection_bundle(resources: Iterable[dict], *, base_url: str, now) -> dict:
    """`base_url` ends in "/" and is where the FHIR endpoints live; references resolve against it."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": instant(now),
        "entry": [
            {"fullUrl": f"{base_url}{resource['resourceType']}/{resource['id']}", "resource": resource}
            for resource in resources
        ],
    }


def ndjson_lines(resources: Iterable[dict]) -> Iterator[str]:
    for resource in resources:
        yield dumps(resource) + "\n"
