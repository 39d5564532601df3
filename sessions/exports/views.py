"""Export endpoints: authenticate (DRF's configured session or token auth), scope, filter, respond.

Thin on purpose: columns live in csv.py, the FHIR mapping in fhir/, parameters in filters.py.
Large exports stream; a bad parameter is a 400 naming it, never a 500.
"""

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.access import scope
from sessions.exports import bulk, csv, csv_copy, fhir
from sessions.exports.schema import CsvExportSchema, FhirBulkSchema, FhirSchema

_MAX_ID_DIGITS = 18  # beyond a bigint: no such row, and the database must not be asked


class FixedFormat(BaseContentNegotiation):
    """Each endpoint has one format, named by its URL; an Accept header cannot make it a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FhirJsonRenderer(BaseRenderer):
    media_type = "application/fhir+json"
    format = "fhir"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return fhir.dumps(data).encode()


def filter_rows(filterset_class, request, queryset):
    """The user's rows of `queryset` that match the query string; anything unknown or bad is a 400."""
    filterset = filterset_class(request.query_params, queryset=scope(queryset, request.user), request=request)
    known = ", ".join(filterset.filters)
    errors = {
        name: [f"Unknown parameter; use one of {known}."]
        for name in request.query_params
        if name not in filterset.filters
    }
    if not filterset.is_valid():
        errors.update({name: list(messages) for name, messages in filterset.errors.items()})
    if errors:
        raise ValidationError(errors)
    return filterset.qs


def batched(lines: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """~64 KiB per write: one write per line would dominate a million-row export."""
    buffer, length = [], 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer).encode()
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode()


class ExportView(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = FixedFormat
    renderer_classes = [JSONRenderer]


class CsvExportView(ExportView):
    schema = CsvExportSchema()
    export: csv.CsvExport | None = None
    filterset_class = None

    def get(self, request):
        rows = filter_rows(self.filterset_class, request, self.export.model.objects.all())
        if csv_copy.can_copy(self.export, rows):
            body = csv_copy.chunks(self.export, rows)
        else:
            body = batched(csv.rows(self.export, rows))
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        response["Content-Disposition"] = f'attachment; filename="{self.export.name}-{stamp}.csv"'
        return response


class FhirView(ExportView):
    """Answers, errors included, are FHIR JSON: an error is an OperationOutcome."""

    renderer_classes = [FhirJsonRenderer]
    schema = FhirSchema()

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        response.data = fhir.operation_outcome(response.status_code, response.data)
        return response


def _one(queryset, resource_type: str, resource_id: str):
    """Another site's row is as unknown as a missing one: 404 either way."""
    found = None
    if resource_id.isdigit() and len(resource_id) <= _MAX_ID_DIGITS:
        found = queryset.filter(pk=int(resource_id)).first()
    if found is None:
        raise NotFound(f"{resource_type}/{resource_id} is not known here.")
    return found


def _fhir_base(request) -> str:
    """The absolute URL the FHIR endpoints hang from, wherever the project mounts them."""
    path = request.path
    return request.build_absolute_uri(path[: path.index("/fhir/") + len("/fhir/")])


class PatientView(FhirView):
    def get(self, request, resource_id):
        return Response(fhir.patient(_one(scope(bulk.patients(), request.user), "Patient", resource_id)))


class EncounterView(FhirView):
    def get(self, request, resource_id):
        return Response(fhir.encounter(_one(scope(bulk.sessions(), request.user), "Encounter", resource_id)))


class EverythingView(FhirView):
    """$everything for one Encounter: a collection Bundle of the session's whole record."""

    def get(self, request, resource_id):
        session = _one(scope(bulk.sessions(), request.user), "Encounter", resource_id)
        now = timezone.now()

        def of_session(queryset):
            return scope(queryset, request.user).filter(session=session)

        resources = fhir.session_resources(
            session,
            readings=of_session(bulk.readings()),
            side_effects=of_session(bulk.side_effects()),
            alerts=of_session(bulk.alerts()),
            rescue_events=of_session(bulk.rescue_events()),
            now=now,
        )
        return Response(fhir.collection_bundle(resources, base_url=_fhir_base(request), now=now))


class BulkView(FhirView):
    """FHIR bulk data: one resource per line, streamed, with the CSV exports' filters."""

    schema = FhirBulkSchema()

    def get(self, request, resource_type):
        sources = bulk.BULK_SOURCES.get(resource_type)
        if sources is None:
            known = ", ".join(bulk.BULK_SOURCES)
            raise NotFound(f"No bulk export of {resource_type}; there is one of {known}.")
        selections = [(source, filter_rows(source.filterset_class, request, source.rows())) for source in sources]
        lines = fhir.ndjson_lines(bulk.resources(selections))
        return StreamingHttpResponse(batched(lines), content_type="application/fhir+ndjson")
