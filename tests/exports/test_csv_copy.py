"""On PostgreSQL, COPY writes the CSV files: byte for byte what the Python path writes (the
reference, and the one SQLite uses), for every column and every awkward value."""

import csv as stdlib_csv
import datetime
import io
from decimal import Decimal
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.models import Role
from sessions.exports import csv, csv_copy
from sessions.models import Alert, Phase, ReadingArtifact, SideEffect, VitalSigns
from sessions.models.alerting import Metric, Severity
from tests import factories
from tests.conftest import T0, minutes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")

COPIED = (csv.VITALS, csv.SIDE_EFFECTS, csv.ALERTS)
# Text a spreadsheet would run, quotes, commas, line breaks (a lone \r too), and nothing at all.
AWKWARD_TEXT = ("=HYPERLINK(1)", '+1, "quoted"', "-2\nlines", "@sum", "\ttab", "\rreturn", "a\rb", "plain", "")
ZERO_AND_SOME_MICROSECONDS = (T0 + minutes(1), T0 + minutes(2) + datetime.timedelta(microseconds=123400))


def python_file(export, rows) -> bytes:
    return "".join(csv.rows(export, rows)).encode()


def copied_file(export, rows) -> bytes:
    return b"".join(csv_copy.chunks(export, rows))


@pytest.fixture
def awkward(site_a, session_a, nurse_a):
    """Rows with every value of every enum and every awkward value the three files carry."""
    text, times = cycle(AWKWARD_TEXT), cycle(ZERO_AND_SOME_MICROSECONDS)
    readings = _readings(
        site_a, session_a, [nurse_a, factories.staff(Role.NURSE, site_a, username="-nurse")], text, times
    )
    markings = [(["spo2", "heart_rate"], "=probe"), ([], 'Moving, "a lot"'), (["spo2"], "first"), ([], "the latest")]
    for n, (fields, reason) in enumerate(markings):
        ReadingArtifact.objects.create(
            site=site_a,
            reading=readings[min(n, 2)],
            fields=fields,
            reason=reason,
            marked_by=nurse_a,
            marked_at=T0 + minutes(n),
        )
    for term, severity, action in zip(SideEffect.Term, cycle(SideEffect.Severity), cycle(SideEffect.Action)):
        SideEffect.objects.create(
            site=site_a,
            session=session_a,
            term=term,
            other_term=next(text),
            severity=severity,
            onset_at=next(times),
            resolved_at=next(times) if severity != "mild" else None,
            action_taken=action,
            note=next(text),
            recorded_at=next(times),
            recorded_by=nurse_a,
            entered_in_error=action == "paused",
            error_reason=next(text),
            error_marked_at=next(times) if action == "paused" else None,
        )
    _alerts(site_a, session_a, nurse_a, readings[0], text, times)


def _readings(site, session, nurses, text, times) -> list[VitalSigns]:
    readings = []
    for n, (phase, source, consciousness, (temperature, unit, celsius)) in enumerate(
        zip(
            Phase,
            cycle(VitalSigns.Source),
            cycle(VitalSigns.Consciousness),
            cycle([(Decimal("98.6"), "F", Decimal("37.00")), (Decimal("38.0"), "C", Decimal("38.00"))]),
        )
    ):
        readings.append(
            VitalSigns.objects.create(
                site=site,
                session=session,
                measured_at=next(times) + minutes(n),
                recorded_at=next(times),
                recorded_by=nurses[n % 2],
                phase=phase,
                is_late=bool(n % 2),
                source=source,
                systolic=120 + n,
                diastolic=80,
                heart_rate=72,
                spo2=98,
                respiratory_rate=0,
                temperature_value=temperature,
                temperature_unit=unit,
                temperature_c=celsius,
                etco2=38,
                sedation_moaas=5,
                dissociation=0,
                pain=10,
                consciousness=consciousness,
                on_oxygen=bool(n % 2),
                note=next(text),
                entered_in_error=bool(n % 2),
                error_reason=next(text),
                error_marked_at=next(times) if n % 2 else None,
            )
        )
    correction = VitalSigns.objects.create(
        site=site,
        session=session,
        measured_at=T0,
        recorded_at=T0,
        recorded_by=nurses[0],
        phase=Phase.PRE_CHECK,
        corrects=readings[1],
    )
    return [*readings, correction]


def _alerts(site, session, nurse, reading, text, times) -> None:
    """Rule snapshots name every metric; then a name that is a JSON number, a JSON null, and no keys."""
    snapshots = [*({"name": next(text), "metric": metric} for metric in Metric), {"name": -5, "metric": None}, {}]
    values = cycle([Decimal("190.00"), Decimal("37.50"), None])
    rule = factories.AlertRuleFactory(site=site)
    for n, (snapshot, kind, severity) in enumerate(zip(snapshots, cycle(Alert.Kind), cycle(Severity))):
        value = next(values)
        Alert.objects.create(
            site=site,
            session=session,
            kind=kind,
            rule=rule if kind == Alert.Kind.RULE else None,
            rule_snapshot=snapshot,
            reading=reading if value else None,
            value=value,
            severity=severity,
            message=next(text),
            raised_at=next(times),
            due_at=T0 + minutes(n) if kind == Alert.Kind.OVERDUE else None,  # one overdue alert per due time
            acknowledged_at=next(times),
            acknowledged_by=nurse,
            acknowledgement_note=next(text),
            resolved_at=next(times),
            resolved_reason=next(text),
        )


@pytest.mark.parametrize("export", COPIED, ids=lambda export: export.name)
def test_copy_writes_what_python_writes(awkward, export):
    rows = export.model.objects.all()
    python = python_file(export, rows)
    cells = list(stdlib_csv.DictReader(io.StringIO(python.decode(), newline="")))

    assert csv_copy.can_copy(export, rows)
    assert copied_file(export, rows) == python
    assert [header for header in export.headers if not any(row[header] for row in cells)] == [], "columns never filled"


def test_the_awkward_values_are_written_as_spreadsheets_read_them(awkward):
    python = python_file(csv.VITALS, VitalSigns.objects.all())
    rows = list(stdlib_csv.DictReader(io.StringIO(python.decode(), newline="")))
    assert {row["note"] for row in rows} >= {"'=HYPERLINK(1)", '\'+1, "quoted"', "'-2\nlines", "a\rb", ""}
    assert {row["recorded_by"] for row in rows} == {"nurse_a", "'-nurse"}
    assert {row["measured_at"][19:] for row in rows} == {"+00:00", ".123400+00:00"}
    assert {row["artifact_values"] for row in rows} == {"spo2 heart_rate", "reading", ""}
    assert b'"a\rb"' in python and b"\r\n" not in python


def test_the_sessions_file_keeps_the_python_path_for_its_status(session_a):
    """Status is InfusionSession.phase() at export time: a rule that lives in Python."""
    assert not csv_copy.can_copy(csv.SESSIONS, csv.SESSIONS.model.objects.all())


@pytest.mark.parametrize("export", COPIED, ids=lambda export: export.name)
def test_the_endpoint_streams_it_with_one_copy(client, nurse_a, awkward, export):
    client.force_login(nurse_a)
    with CaptureQueriesContext(connection) as captured:
        body = b"".join(client.get(f"/api/v1/export/{export.name}.csv").streaming_content)
    assert len([query for query in captured if query["sql"].startswith("COPY (")]) == 1
    assert body == python_file(export, export.model.objects.all())


@pytest.mark.django_db(transaction=True)
def test_a_client_gone_midway_leaves_the_connection_usable(awkward, monkeypatch):
    monkeypatch.setattr(csv_copy, "WRITE_SIZE", 1)  # a write per row, so the COPY is still running
    stream = csv_copy.chunks(csv.VITALS, VitalSigns.objects.all())
    next(stream)
    stream.close()
    assert VitalSigns.objects.count() == len(Phase) + 1


@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_keeps_none_of_the_exports_settings(awkward):
    def jit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            return cursor.fetchone()[0]

    before = jit()
    copied_file(csv.VITALS, VitalSigns.objects.all())
    assert jit() == before
