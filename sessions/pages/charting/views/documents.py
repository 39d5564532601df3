"""The session's printable documents: the full clinical record and the patient's discharge
instructions, each as a page to print and as a PDF (`sessions/documents.py`)."""

from django.shortcuts import render
from django.utils import timezone

from sessions import selectors
from sessions.pages.common import session_view
from sessions.pages.documents import pdf_response

RECORD = "sessions/documents/session_record.html"
INSTRUCTIONS = "sessions/documents/discharge_instructions.html"


def _record_context(session) -> dict:
    details = selectors.record_details(session, now=timezone.now())
    return {**details, "session": session, "patient": session.patient}


def _instructions_context(session) -> dict:
    next_due = selectors.next_treatment_due(session.patient, now=timezone.now())
    return {"session": session, "patient": session.patient, "next_appointment": next_due}


def _filename(kind: str, session) -> str:
    return f"{kind}-{session.patient.mrn}-{session.arrived_at:%Y%m%d}.pdf"


@session_view
def session_record_pdf(request, session):
    return pdf_response(RECORD, _record_context(session), filename=_filename("session-record", session))


@session_view
def discharge_instructions(request, session):
    return render(request, INSTRUCTIONS, _instructions_context(session))


@session_view
def discharge_instructions_pdf(request, session):
    context = _instructions_context(session)
    return pdf_response(INSTRUCTIONS, context, filename=_filename("discharge-instructions", session))
