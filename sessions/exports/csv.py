"""CSV exports: each file's columns as data, and a generator that streams the rows.

Each column names its source and says what it holds; that list is the file's documentation
(see `EXPORTS`). A value worked out from others is an annotation, worked out in the query,
unless it needs Python (`compute`). Writing a file here is the reference, used on SQLite and for
a file with a computed column; otherwise PostgreSQL's COPY writes the same bytes (csv_copy.py).
Rows are read with `.values_list()` over a server-side cursor, CHUNK_SIZE at a time, so memory
stays flat however many readings a clinic group holds, and one query serves any number of rows.
"""

import csv
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from django.db.models import Case, F, Func, Model, OuterRef, QuerySet, Subquery, TextField, Value, When

from sessions.exports.codes import ucum_unit_of
from sessions.models import Alert, InfusionSession, ReadingArtifact, SideEffect, VitalSigns

CHUNK_SIZE = 2000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    description: str
    source: str = ""  # the ORM path or annotation read for this column; defaults to the header
    needs: tuple[str, ...] = ()  # several ORM paths, combined by `compute`
    compute: Callable[..., object] | None = None  # a rule only Python can apply (no COPY for its file)

    @property
    def sources(self) -> tuple[str, ...]:
        return self.needs or (self.source or self.header,)


@dataclass(frozen=True)
class CsvExport:
    name: str
    model: type[Model]
    ordering: tuple[str, ...]
    columns: tuple[Column, ...]
    annotations: Callable[[], dict] = dict  # computed sources some columns read (built per request)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(source for column in self.columns for source in column.sources))

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _text(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Looked up by exact type: a million-row export formats tens of millions of cells, and one
# dictionary lookup is cheaper than a chain of isinstance checks.
_CELL_BY_TYPE = {
    type(None): lambda value: "",
    bool: lambda value: "true" if value else "false",
    int: str,
    str: _text,
    Decimal: lambda value: format(value, "f"),
    datetime.datetime: lambda value: value.astimezone(datetime.UTC).isoformat(),
    datetime.date: str,
}


def cell(value) -> str:
    """Values as stored: decimals keep their digits, times are ISO 8601 in UTC with offset."""
    return _CELL_BY_TYPE.get(type(value), _subclass_cell)(value)


def _subclass_cell(value) -> str:
    """A subclass (a choices enum, a safe string) is formatted as its base type."""
    for kind, format_cell in _CELL_BY_TYPE.items():  # bool before int, datetime before date
        if isinstance(value, kind):
            return format_cell(value)
    return _text(value)


class _Echo:
    r"""csv.writer needs a file; this one hands each formatted line straight back, ending in \n as
    PostgreSQL's COPY ends its lines. The writer is told \r\n so that, like COPY, it quotes a cell
    holding a lone \r: it quotes the characters of its own line ending."""

    def write(self, line: str) -> str:
        return line[:-2] + "\n"


def header(export: CsvExport) -> str:
    return csv.writer(_Echo()).writerow(export.headers)


def source_rows(export: CsvExport, queryset: QuerySet) -> QuerySet:
    """The rows in the file's order, as tuples of `export.sources`."""
    return queryset.annotate(**export.annotations()).order_by(*export.ordering).values_list(*export.sources)


def _getter(column: Column, position: dict[str, int]) -> Callable[[tuple], str]:
    indexes = [position[source] for source in column.sources]
    if column.compute is None:
        read = itemgetter(indexes[0])
        return lambda row: cell(read(row))
    compute = column.compute
    return lambda row: cell(compute(*(row[index] for index in indexes)))


def rows(export: CsvExport, queryset: QuerySet) -> Iterator[str]:
    """The header line, then one line per row; lazily, CHUNK_SIZE rows in memory at a time."""
    position = {source: index for index, source in enumerate(export.sources)}
    getters = [_getter(column, position) for column in export.columns]
    writer = csv.writer(_Echo())
    yield header(export)
    for row in source_rows(export, queryset).iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([get(row) for get in getters])


def _session_status(signed_at, discharged_at, started_at, ended_at, min_observation_minutes) -> str:
    session = InfusionSession(
        signed_at=signed_at,
        discharged_at=discharged_at,
        infusion_started_at=started_at,
        infusion_ended_at=ended_at,
        protocol_snapshot={"min_observation_minutes": min_observation_minutes},
    )
    return session.phase()


def _side_effect_description() -> dict:
    """The catalog label, or the free text for other."""
    labels = [When(term=term, then=Value(term.label)) for term in SideEffect.Term if term != SideEffect.Term.OTHER]
    other = When(term=SideEffect.Term.OTHER, then=F("other_term"))
    return {"description": Case(other, *labels, output_field=TextField())}


# Columns every chart export starts with, so files join on session_id and patient_id.
def _chart_keys(id_header: str, id_description: str) -> tuple[Column, ...]:
    return (
        Column(id_header, id_description, "id"),
        Column("session_id", "The session (FHIR Encounter id).", "session_id"),
        Column("site", "Site code.", "site__code"),
        Column("patient_id", "Patient id (FHIR Patient id).", "session__patient_id"),
        Column("patient_mrn", "Medical record number at the site.", "session__patient__mrn"),
    )


def _entered_in_error() -> tuple[Column, ...]:
    return (
        Column("entered_in_error", "true when the row was marked entered in error; it stays, struck out."),
        Column("error_reason", "Why it was marked entered in error."),
        Column("error_marked_at", "When it was marked entered in error (UTC)."),
    )


class _JoinedWords(Func):
    """A JSON array of strings joined by single spaces."""

    output_field = TextField()
    template = "array_to_string(ARRAY(SELECT jsonb_array_elements_text(%(expressions)s)), ' ')"

    def as_sqlite(self, compiler, connection, **extra_context):
        # json_each yields the array in order, and a plain scan aggregates in that order.
        template = "(SELECT group_concat(value, ' ') FROM json_each(%(expressions)s))"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _latest_artifact() -> dict:
    """The latest marking's values (field names, or `reading` for the whole reading) and reason."""
    latest = ReadingArtifact.objects.filter(reading=OuterRef("pk")).order_by("-marked_at", "-id")
    values = Case(When(fields=[], then=Value("reading")), default=_JoinedWords("fields"), output_field=TextField())
    return {
        "artifact_values": Subquery(latest.values(values=values)[:1]),
        "artifact_reason": Subquery(latest.values("reason")[:1]),
    }


_UPDATED_AT = Column("updated_at", "Last change to the row (UTC); what `updated_since` filters on.")

VITALS = CsvExport(
    name="vitals",
    model=VitalSigns,
    ordering=("site_id", "session_id", "measured_at", "id"),
    columns=(
        *_chart_keys("reading_id", "The reading."),
        Column("measured_at", "Clinical time of the reading (UTC; may be back-timed)."),
        Column("recorded_at", "When it was entered (UTC)."),
        Column("recorded_by", "Username of who entered it.", "recorded_by__username"),
        Column("phase", "Session phase at measured_at: pre_check, infusion or observation."),
        Column("is_late", "true when entered well after it was measured."),
        Column("source", "manual or device."),
        Column("systolic_mmhg", "Systolic blood pressure, mmHg.", "systolic"),
        Column("diastolic_mmhg", "Diastolic blood pressure, mmHg.", "diastolic"),
        Column("heart_rate_per_min", "Heart rate, beats/min.", "heart_rate"),
        Column("spo2_percent", "SpO2, %.", "spo2"),
        Column("respiratory_rate_per_min", "Respiratory rate, breaths/min.", "respiratory_rate"),
        Column("temperature_value", "Temperature exactly as entered, in temperature_unit."),
        Column("temperature_unit", "C or F: the unit it was entered in."),
        Column("temperature_c", "Temperature in °C (exact conversion, 2 decimals)."),
        Column("etco2_mmhg", "End-tidal CO2, mmHg.", "etco2"),
        Column("sedation_moaas", "Sedation, MOAA/S 0 (no response) – 5 (alert)."),
        Column("dissociation_0_10", "Dissociation, 0–10.", "dissociation"),
        Column("pain_0_10", "Pain, 0–10.", "pain"),
        Column("consciousness", "ACVPU: A, C (new confusion), V, P or U."),
        Column("on_oxygen", "true when on supplemental oxygen."),
        Column("note", "Free text."),
        *_entered_in_error(),
        Column(
            "artifact_values",
            "Values of the latest artifact marking, space-separated field names, or `reading` for the whole "
            "reading; they stay as charted but are left out of alert rules and NEWS2.",
        ),
        Column("artifact_reason", "Why they were marked as an artifact."),
        Column("corrects_reading_id", "The reading this one corrects, if any.", "corrects_id"),
        _UPDATED_AT,
    ),
    annotations=_latest_artifact,
)

SESSIONS = CsvExport(
    name="sessions",
    model=InfusionSession,
    ordering=("site_id", "arrived_at", "id"),
    columns=(
        Column("session_id", "The session (FHIR Encounter id).", "id"),
        Column("site", "Site code.", "site__code"),
        Column("patient_id", "Patient id (FHIR Patient id).", "patient_id"),
        Column("patient_mrn", "Medical record number at the site.", "patient__mrn"),
        Column("course_number", "Which treatment of the patient's series this is."),
        Column("protocol", "Protocol name, as snapshotted at start.", "protocol_snapshot__name"),
        Column("protocol_version", "Protocol version snapshotted at start.", "protocol_snapshot__version"),
        Column("drug", "ketamine or esketamine.", "protocol_snapshot__drug"),
        Column("route", "iv, intranasal, im or oral.", "protocol_snapshot__route"),
        Column(
            "status",
            "Phase at export time: pre_check, infusion, observation, ready_for_discharge, discharged, signed.",
            needs=(
                "signed_at",
                "discharged_at",
                "infusion_started_at",
                "infusion_ended_at",
                "protocol_snapshot__min_observation_minutes",
            ),
            compute=_session_status,
        ),
        Column("chair", "Chair or room."),
        Column("nurse", "Username of the charting nurse.", "nurse__username"),
        Column("supervising_physician", "Username of the supervising physician.", "supervising_physician__username"),
        Column("weight_value", "Weight exactly as entered, in weight_unit."),
        Column("weight_unit", "kg or lb: the unit it was entered in."),
        Column("weight_kg", "Weight in kg (exact conversion)."),
        Column("dose_formula", "How the dose was computed."),
        Column("dose_computed_mg", "Computed dose, mg."),
        Column("dose_given_mg", "Dose given, mg."),
        Column("lot_number", "Drug lot."),
        Column("arrived_at", "Arrival (UTC)."),
        Column("infusion_started_at", "Infusion start or single dose (UTC)."),
        Column("infusion_ended_at", "Infusion end (UTC)."),
        Column("discharged_at", "Discharge (UTC)."),
        Column("discharged_by", "Username of who discharged.", "discharged_by__username"),
        Column("discharge_override_reason", "Why a physician discharged despite the checklist."),
        Column("signed_at", "Physician sign-off (UTC)."),
        Column("signed_by", "Username of the signing physician.", "signed_by__username"),
        _UPDATED_AT,
    ),
)

SIDE_EFFECTS = CsvExport(
    name="side-effects",
    model=SideEffect,
    ordering=("site_id", "session_id", "onset_at", "id"),
    columns=(
        *_chart_keys("side_effect_id", "The side effect (FHIR AdverseEvent id)."),
        Column("term", "Catalog term code (other = free text)."),
        Column("description", "The catalog label, or the free text for other."),
        Column("severity", "mild, moderate or severe."),
        Column("onset_at", "Onset (UTC)."),
        Column("resolved_at", "Resolution (UTC); empty while ongoing."),
        Column("action_taken", "none, paused, rate_reduced, stopped or medication."),
        Column("note", "Free text."),
        Column("recorded_at", "When it was entered (UTC)."),
        Column("recorded_by", "Username of who entered it.", "recorded_by__username"),
        *_entered_in_error(),
        _UPDATED_AT,
    ),
    annotations=_side_effect_description,
)

ALERTS = CsvExport(
    name="alerts",
    model=Alert,
    ordering=("site_id", "session_id", "raised_at", "id"),
    columns=(
        *_chart_keys("alert_id", "The alert (FHIR DetectedIssue id)."),
        Column("kind", "rule (a limit was breached) or overdue (a reading was due)."),
        Column("severity", "info, warning or critical."),
        Column("rule_id", "The alert rule, for rule alerts."),
        Column("rule_name", "The rule's name when the alert was raised.", "rule_snapshot__name"),
        Column("metric", "The vital field or news2 the rule watched.", "rule_snapshot__metric"),
        Column("reading_id", "The reading that breached the rule.", "reading_id"),
        Column("value", "The reading's value of the metric, in value_unit."),
        Column("value_unit", "UCUM unit of value (mm[Hg], /min, %, Cel); empty for scores."),
        Column("message", "What the nurse and physician saw."),
        Column("raised_at", "When it was raised (UTC)."),
        Column("due_at", "For overdue alerts: when the reading was due (UTC)."),
        Column("acknowledged_at", "When a physician acknowledged it (UTC)."),
        Column("acknowledged_by", "Username of who acknowledged it.", "acknowledged_by__username"),
        Column("acknowledgement_note", "Free text."),
        Column("resolved_at", "When it resolved (UTC); empty while open."),
        Column("resolved_reason", "Why it resolved."),
        _UPDATED_AT,
    ),
    annotations=lambda: {"value_unit": ucum_unit_of("rule_snapshot__metric")},
)

EXPORTS = {export.name: export for export in (VITALS, SESSIONS, SIDE_EFFECTS, ALERTS)}
