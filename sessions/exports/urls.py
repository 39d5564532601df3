"""Export routes (CSV and FHIR R4), mounted by the project under /api/v1/."""

from django.urls import path

from sessions.exports import csv
from sessions.exports.filters import AlertFilter, ReadingFilter, SessionFilter, SideEffectFilter
from sessions.exports.views import BulkView, CsvExportView, EncounterView, EverythingView, PatientView

app_name = "exports"

urlpatterns = [
    path(
        "export/vitals.csv",
        CsvExportView.as_view(export=csv.VITALS, filterset_class=ReadingFilter),
        name="vitals-csv",
    ),
    path(
        "export/sessions.csv",
        CsvExportView.as_view(export=csv.SESSIONS, filterset_class=SessionFilter),
        name="sessions-csv",
    ),
    path(
        "export/side-effects.csv",
        CsvExportView.as_view(export=csv.SIDE_EFFECTS, filterset_class=SideEffectFilter),
        name="side-effects-csv",
    ),
    path(
        "export/alerts.csv",
        CsvExportView.as_view(export=csv.ALERTS, filterset_class=AlertFilter),
        name="alerts-csv",
    ),
    path("fhir/Patient/<str:resource_id>", PatientView.as_view(), name="fhir-patient"),
    path("fhir/Encounter/<str:resource_id>", EncounterView.as_view(), name="fhir-encounter"),
    path("fhir/Encounter/<str:resource_id>/$everything", EverythingView.as_view(), name="fhir-everything"),
    path("fhir/<str:resource_type>.ndjson", BulkView.as_view(), name="fhir-bulk"),
]
