"""FHIR R4 resources for a session's record, following DESIGN.md's FHIR mapping.

Pure functions from model instances to JSON-ready dicts: no requests, no queries beyond the
relations the caller selected. Empty elements are dropped (FHIR forbids "" and []).
"""

import datetime

from django.conf import settings

from sessions.models import Alert, InfusionSession, Phase, Protocol, SessionEvent, SideEffect

from .elements import coding, compact, instant, narrative, person, quantity, reference
from .observations import observation_id

# Identifier systems must be stable URIs; a deployment with its own namespace sets this setting.
IDENTIFIER_SYSTEM_BASE = getattr(settings, "FHIR_IDENTIFIER_SYSTEM_BASE", "urn:infusion-log")

_SNOMED = "http://snomed.info/sct"
_ROUTES = {
    Protocol.Route.IV: ("47625008", "Intravenous route"),
    Protocol.Route.INTRANASAL: ("46713006", "Nasal route"),
    Protocol.Route.IM: ("78421000", "Intramuscular route"),
    Protocol.Route.ORAL: ("26643006", "Oral route"),
}
_PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
_ENCOUNTER_STATUS = {
    Phase.PRE_CHECK: "arrived",
    Phase.INFUSION: "in-progress",
    Phase.OBSERVATION: "in-progress",
    Phase.READY_FOR_DISCHARGE: "in-progress",
    Phase.DISCHARGED: "finished",
    Phase.SIGNED: "finished",
}
_ISSUE_SEVERITY = {"critical": "high", "warning": "moderate", "info": "low"}


def patient(patient) -> dict:
    return compact(
        {
            "resourceType": "Patient",
            "id": str(patient.pk),
            "meta": {"lastUpdated": instant(patient.updated_at)},
            "identifier": [
                {
                    "use": "usual",
                    "type": {"coding": [coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR")]},
                    "system": f"{IDENTIFIER_SYSTEM_BASE}:site:{patient.site.code}:mrn",
                    "value": patient.mrn,
                    "assigner": {"display": patient.site.name},
                }
            ],
            "active": patient.active,
            "name": [{"use": "official", "family": patient.family_name, "given": [patient.given_name]}],
            "birthDate": patient.date_of_birth.isoformat(),
            "managingOrganization": {"display": patient.site.name},
        }
    )


def _participant(code: str, display: str, user) -> dict | None:
    if user is None:
        return None
    return {"type": [{"coding": [coding(_PARTICIPATION, code, display)]}], "individual": person(user)}


def encounter(session: InfusionSession, *, now: datetime.datetime | None = None) -> dict:
    snapshot = session.protocol_snapshot
    return compact(
        {
            "resourceType": "Encounter",
            "id": str(session.pk),
            "meta": {"lastUpdated": instant(session.updated_at)},
            "status": _ENCOUNTER_STATUS[session.phase(now)],
            "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
            "type": [{"text": snapshot.get("name", "")}],
            "subject": reference("Patient", session.patient_id),
            "participant": [
                _participant("PART", "participation", session.nurse),
                _participant("ATND", "attender", session.supervising_physician),
                _participant("DIS", "discharger", session.discharged_by),
            ],
            "period": {"start": instant(session.arrived_at), "end": instant(session.discharged_at)},
            "location": [{"location": {"display": f"{session.site.name}, chair {session.chair}"}}]
            if session.chair
            else [],
            "serviceProvider": {"display": session.site.name},
        }
    )


def dose_id(session: InfusionSession) -> str:
    return f"dose-{session.pk}"


def dose_administration(session: InfusionSession) -> dict | None:
    """The protocol drug as given; None until the infusion (or single dose) has started."""
    if session.infusion_started_at is None:
        return None
    snapshot = session.protocol_snapshot
    route = _ROUTES.get(snapshot.get("route"))
    drug = Protocol.Drug(snapshot["drug"]).label if snapshot.get("drug") in Protocol.Drug.values else ""
    return compact(
        {
            "resourceType": "MedicationAdministration",
            "id": dose_id(session),
            "meta": {"lastUpdated": instant(session.updated_at)},
            # The lot lives on the Medication, so the drug is carried as a contained one.
            "contained": [
                {
                    "resourceType": "Medication",
                    "id": "drug",
                    "code": {"text": drug or snapshot.get("name", "")},
                    "batch": {"lotNumber": session.lot_number},
                }
            ],
            "status": "completed" if session.infusion_ended_at else "in-progress",
            "medicationReference": {"reference": "#drug"},
            "subject": reference("Patient", session.patient_id),
            "context": reference("Encounter", session.pk),
            "effectivePeriod": {
                "start": instant(session.infusion_started_at),
                "end": instant(session.infusion_ended_at),
            },
            "performer": [{"actor": person(session.nurse)}],
            "dosage": {
                "text": session.dose_formula,
                "route": {"coding": [coding(_SNOMED, *route)]} if route else None,
                "dose": quantity(session.dose_given_mg, "mg"),
            },
        }
    )


def rescue_administration(event: SessionEvent) -> dict:
    """Rescue medication: drug, dose and route are charted as free text, and exported as such."""
    return compact(
        {
            "resourceType": "MedicationAdministration",
            "id": f"event-{event.pk}",
            "meta": {"lastUpdated": instant(event.updated_at)},
            "status": "entered-in-error" if event.entered_in_error else "completed",
            "medicationCodeableConcept": {"text": event.drug},
            "subject": reference("Patient", event.session.patient_id),
            "context": reference("Encounter", event.session_id),
            "effectiveDateTime": instant(event.occurred_at),
            "performer": [{"actor": person(event.recorded_by)}],
            "note": [{"text": event.note}, {"text": event.error_reason}],
            "dosage": {"text": event.dose, "route": {"text": event.route}},
        }
    )


def adverse_event(side_effect: SideEffect) -> dict:
    """A side effect. R4's AdverseEvent has no status, so callers leave out entered-in-error rows."""
    session = side_effect.session
    suspect = session.infusion_started_at is not None and side_effect.onset_at >= session.infusion_started_at
    return compact(
        {
            "resourceType": "AdverseEvent",
            "id": str(side_effect.pk),
            "meta": {"lastUpdated": instant(side_effect.updated_at)},
            "text": narrative(
                f"{side_effect.label}, {side_effect.get_severity_display().lower()}.",
                f"Action taken: {side_effect.get_action_taken_display()}.",
                side_effect.note,
            ),
            "actuality": "actual",
            "event": {"text": side_effect.label},
            "subject": reference("Patient", session.patient_id),
            "encounter": reference("Encounter", session.pk),
            "date": instant(side_effect.onset_at),
            "recordedDate": instant(side_effect.recorded_at),
            "recorder": person(side_effect.recorded_by),
            "severity": {
                "coding": [
                    coding(
                        "http://terminology.hl7.org/CodeSystem/adverse-event-severity",
                        side_effect.severity,
                        side_effect.get_severity_display(),
                    )
                ]
            },
            "outcome": {
                "coding": [
                    coding(
                        "http://terminology.hl7.org/CodeSystem/adverse-event-outcome",
                        *(("resolved", "Resolved") if side_effect.resolved_at else ("ongoing", "Ongoing")),
                    )
                ]
            },
            "suspectEntity": [{"instance": reference("MedicationAdministration", dose_id(session))}] if suspect else [],
        }
    )


def _labelled(label: str, text: str) -> str:
    return f"{label}: {text}" if text else label


def detected_issue(alert: Alert) -> dict:
    """An alert. Acknowledgement and resolution are what was done about it: its mitigations."""
    metric = alert.rule_snapshot.get("metric", "")
    implicated = [reference("Encounter", alert.session_id)]
    if alert.reading_id and observation_id(alert.reading_id, metric):
        implicated.append(reference("Observation", observation_id(alert.reading_id, metric)))
    mitigation = []
    if alert.acknowledged_at:
        mitigation.append(
            {
                "action": {"text": _labelled("Acknowledged", alert.acknowledgement_note)},
                "date": instant(alert.acknowledged_at),
                "author": person(alert.acknowledged_by),
            }
        )
    if alert.resolved_at:
        mitigation.append(
            {"action": {"text": _labelled("Resolved", alert.resolved_reason)}, "date": instant(alert.resolved_at)}
        )
    kind = "Alert rule breached" if alert.kind == Alert.Kind.RULE else "Reading overdue"
    return compact(
        {
            "resourceType": "DetectedIssue",
            "id": str(alert.pk),
            "meta": {"lastUpdated": instant(alert.updated_at)},
            "status": "final",
            "code": {"text": f"{kind}: {alert.rule_snapshot['name']}" if alert.rule_snapshot.get("name") else kind},
            "severity": _ISSUE_SEVERITY.get(alert.severity),
            "patient": reference("Patient", alert.session.patient_id),
            "identifiedDateTime": instant(alert.raised_at),
            "implicated": implicated,
            "detail": alert.message,
            "mitigation": mitigation,
        }
    )


_OUTCOME_CODES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported"}


def operation_outcome(status_code: int, errors) -> dict:
    """An error as FHIR clients expect it; query-parameter errors point at `http.<name>`."""
    code = _OUTCOME_CODES.get(status_code, "exception")
    if isinstance(errors, dict) and "detail" not in errors:
        issues = [
            {"severity": "error", "code": code, "diagnostics": f"{name}: {message}", "expression": [f"http.{name}"]}
            for name, messages in errors.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ]
    else:
        detail = errors.get("detail", errors) if isinstance(errors, dict) else errors
        issues = [{"severity": "error", "code": code, "diagnostics": str(detail)}]
    return {"resourceType": "OperationOutcome", "issue": issues}
