"""Small FHIR data types shared by every resource mapping."""

import datetime

from django.utils.html import escape

from sessions.exports.codes import UCUM


def compact(value):
    """Drop None, empty strings, lists and dicts at every depth: FHIR forbids "" and []."""
    if isinstance(value, dict):
        value = {key: compact(item) for key, item in value.items()}
        return {key: item for key, item in value.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (compact(item) for item in value) if item not in (None, "", [], {})]
    return value


def instant(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat() if moment else None


def reference(resource_type: str, resource_id) -> dict:
    return {"reference": f"{resource_type}/{resource_id}"}


def person(user) -> dict | None:
    """Staff appear by name only: the export has no Practitioner resources to point at."""
    if user is None:
        return None
    return {"display": user.get_full_name() or user.username}


def coding(system: str, code: str, display: str = "") -> dict:
    return {"system": system, "code": code, "display": display}


def quantity(value, ucum: str, unit: str = "") -> dict | None:
    if value is None:
        return None
    return {"value": value, "unit": unit or ucum, "system": UCUM, "code": ucum}


def narrative(*lines: str) -> dict:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>'}
