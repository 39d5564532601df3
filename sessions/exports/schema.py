"""OpenAPI for the export endpoints: their query filters, and bodies that are CSV or FHIR JSON.

The export views are plain APIViews (they stream, so they have no serializer); without this the
schema would leave them out, and integrators would not see their parameters.
"""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from clinic.api.schema import FIELD_ERRORS, ClinicAutoSchema
from sessions.exports import bulk

FHIR_JSON = "application/fhir+json"
FHIR_NDJSON = "application/fhir+ndjson"

_OPERATION_OUTCOME = OpenApiResponse(
    {
        "type": "object",
        "description": "A FHIR R4 OperationOutcome saying why.",
        "properties": {"resourceType": {"type": "string", "enum": ["OperationOutcome"]}, "issue": {"type": "array"}},
        "required": ["resourceType", "issue"],
    },
    description="Refused; the body is a FHIR OperationOutcome.",
)
_FHIR_ERRORS = {(code, FHIR_JSON): _OPERATION_OUTCOME for code in (400, 401, 403, 404)}


def filter_parameters(*filtersets) -> list[OpenApiParameter]:
    """One query parameter per filter of the given FilterSets (each name once)."""
    parameters = {}
    for filterset in filtersets:
        for name, declared in filterset.get_filters().items():
            kind = OpenApiTypes.INT if isinstance(declared, django_filters.ModelChoiceFilter) else OpenApiTypes.STR
            choices = declared.extra.get("choices") if isinstance(declared, django_filters.ChoiceFilter) else None
            parameters[name] = OpenApiParameter(
                name,
                kind,
                description=str(declared.extra.get("help_text", "")),
                enum=[value for value, _label in choices] if choices else None,
            )
    return list(parameters.values())


class CsvExportSchema(ClinicAutoSchema):
    def get_override_parameters(self):
        return filter_parameters(self.view.filterset_class)

    def get_response_serializers(self):
        return {
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"{self.view.export.name}.csv: a header row, then one row per record. Columns:\n\n"
                + "\n".join(f"- `{column.header}`: {column.description}" for column in self.view.export.columns),
            ),
            400: FIELD_ERRORS,
        }


class FhirSchema(ClinicAutoSchema):
    """A FHIR resource (or Bundle) as JSON; errors are OperationOutcomes."""

    def get_response_serializers(self):
        resource = OpenApiResponse(
            {"type": "object", "properties": {"resourceType": {"type": "string"}}, "required": ["resourceType"]},
            description="A FHIR R4 resource (a Bundle of type collection for $everything).",
        )
        return {(200, FHIR_JSON): resource, **_FHIR_ERRORS}


class FhirBulkSchema(FhirSchema):
    def get_override_parameters(self):
        filtersets = [source.filterset_class for sources in bulk.BULK_SOURCES.values() for source in sources]
        resource_type = OpenApiParameter(
            "resource_type", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(bulk.BULK_SOURCES)
        )
        return [resource_type, *filter_parameters(*filtersets)]

    def get_response_serializers(self):
        lines = OpenApiResponse(OpenApiTypes.STR, description="One FHIR R4 resource as JSON per line (NDJSON).")
        return {(200, FHIR_NDJSON): lines, **_FHIR_ERRORS}


def restore_fhir_operation_names(result, generator, request, public):
    """drf-spectacular drops "$" from paths (it reads it as a regex anchor), but FHIR names its
    operations with it: give `/$everything` back its name. A postprocessing hook."""
    result["paths"] = {
        path.replace("/fhir/Encounter/{resource_id}/everything", "/fhir/Encounter/{resource_id}/$everything"): item
        for path, item in result["paths"].items()
    }
    return result
