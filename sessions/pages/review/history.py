"""A session's and a patient's audit trail as one timeline: who changed what, when, from which
page or API call, and each field's value before and after.

django-simple-history keeps a full row per save; consecutive rows of one record are compared
here. One query per kind of record, so a page costs the same whatever the number of changes.
"""

from dataclasses import dataclass
from datetime import datetime

from clinic.models import Patient, PatientMedication, PatientWeight
from sessions.models import (
    Addendum,
    Alert,
    Assessment,
    InfusionSession,
    SessionClearance,
    SessionEvent,
    SideEffect,
    VitalSigns,
)

# Bookkeeping columns that change with every save and say nothing a reviewer needs.
_IGNORED = {"updated_at", "created_at"}
_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    record: str
    kind: str
    origin: str
    request: str
    changes: list[FieldChange]


def session_history(session: InfusionSession) -> list[AuditEntry]:
    """The session row and everything charted, raised or added on it; newest first."""
    sources = [(InfusionSession, {"id": session.pk})] + [
        (model, {"session_id": session.pk})
        for model in (VitalSigns, SideEffect, SessionEvent, Assessment, Alert, Addendum, SessionClearance)
    ]
    return _timeline(sources)


def patient_history(patient: Patient) -> list[AuditEntry]:
    """The patient's record, weights, medicines and questionnaires, and each session's own row."""
    sources = [(Patient, {"id": patient.pk})] + [
        (model, {"patient_id": patient.pk}) for model in (PatientWeight, PatientMedication, Assessment, InfusionSession)
    ]
    return _timeline(sources)


def _timeline(sources) -> list[AuditEntry]:
    entries = [entry for model, lookup in sources for entry in _entries(model, lookup)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def _entries(model, lookup) -> list[AuditEntry]:
    fields = [field for field in model._meta.concrete_fields if field.name not in _IGNORED]
    rows = model.history.filter(**lookup).select_related("history_user").order_by("id", "history_date", "history_id")
    entries, previous = [], None
    for row in rows:
        before = previous if previous is not None and previous.id == row.id else None
        changes = [
            FieldChange(str(field.verbose_name), _shown(field, before) if before else "", _shown(field, row))
            for field in fields
            if before is None or getattr(before, field.attname) != getattr(row, field.attname)
        ]
        if before is None:
            changes = [change for change in changes if change.after]
        if changes or row.history_type != "~":
            entries.append(
                AuditEntry(
                    when=row.history_date,
                    who=_who(row.history_user),
                    record=f"{model._meta.verbose_name.capitalize()} #{row.id}",
                    kind=_KINDS[row.history_type],
                    origin=row.get_change_origin_display(),
                    request=row.change_request,
                    changes=changes,
                )
            )
        previous = row
    return entries


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "the system"


def _shown(field, row) -> str:
    value = getattr(row, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
