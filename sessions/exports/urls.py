"""Export routes (CSV and FHIR R4), mounted by the project under /api/v1/."""

from django.urls import path

from sessions.exports import csv
from sessions.exports.filters import AlertFilter, ReadingFilter, SessionFilter, SideEffectFilter
from sessions.exports.views import BulkView, CsvExportView, EncounterView, EverythingView, PatientView

app_name = "exports"

# Each CSV file with the filters its rows take.
CSV_FILES = (
    (csv.VITALS, ReadingFilter),
    (csv.SESSIONS, SessionFilter),
    (csv.SIDE_EFFECTS, SideEffectFilter),
    (csv.ALERTS, AlertFilter),
)

urlpatterns = [
    *(
        path(
            f"export/{export.name}.csv",
            CsvExportView.as_view(export=export, filterset_class=filters),
            name=f"{export.name}-csv",
        )
        for export, filters in CSV_FILES
    ),
    path("fhir/Patient/<str:resource_id>", PatientView.as_view(), name="fhir-patient"),
    path("fhir/Encounter/<str:resource_id>", EncounterView.as_view(), name="fhir-encounter"),
    path("fhir/Encounter/<str:resource_id>/$everything", EverythingView.as_view(), name="fhir-everything"),
    path("fhir/<str:resource_type>.ndjson", BulkView.as_view(), name="fhir-bulk"),
]
