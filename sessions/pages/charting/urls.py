"""The nurse's pages: board, patients and starting a session, the chart and what is posted from it,
and the session's printable documents."""

from django.urls import path

from sessions.pages.charting.views import actions, board, chart, clearance, documents, start

urlpatterns = [
    path("board/", board.board, name="board"),
    path("patients/", start.patient_search, name="patient-search"),
    path("patients/new/", start.patient_create, name="patient-create"),
    path("patients/<int:patient_pk>/start/", start.session_start, name="session-start"),
    path("patients/<int:patient_pk>/dose/", start.dose_preview, name="dose-preview"),
    path("sessions/<int:pk>/", chart.session_chart, name="session-chart"),
    path("sessions/<int:pk>/readings/", chart.reading_create, name="reading-create"),
    path("sessions/<int:pk>/readings/<int:reading_pk>/correct/", chart.reading_correct, name="reading-correct"),
    path("sessions/<int:pk>/readings/<int:reading_pk>/artifact/", chart.reading_artifact, name="reading-artifact"),
    path("sessions/<int:pk>/events/", actions.event_create, name="event-create"),
    path("sessions/<int:pk>/side-effects/", actions.side_effect_create, name="side-effect-create"),
    path(
        "sessions/<int:pk>/side-effects/<int:side_effect_pk>/resolve/",
        actions.side_effect_resolve,
        name="side-effect-resolve",
    ),
    path("sessions/<int:pk>/discharge/", actions.discharge, name="session-discharge"),
    path("sessions/<int:pk>/clear/", clearance.session_clear, name="session-clear"),
    path("sessions/<int:pk>/record.pdf", documents.session_record_pdf, name="session-record-pdf"),
    path(
        "sessions/<int:pk>/discharge/instructions/",
        documents.discharge_instructions,
        name="discharge-instructions",
    ),
    path(
        "sessions/<int:pk>/discharge/instructions.pdf",
        documents.discharge_instructions_pdf,
        name="discharge-instructions-pdf",
    ),
]
