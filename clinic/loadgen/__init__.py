"""Realistic clinical data at a chosen scale, for benchmarks: `manage.py generate_load_data`.

Small tables (sites, staff, protocols, patients, rules) go through the ORM; sessions and what
is charted in them are streamed with PostgreSQL COPY, one transaction per site-year, so 20
sites × 5 years (~0.5 M sessions, ~7 M readings) builds in minutes. Deterministic for a seed.
Generated rows skip the services (and so the audit history), which is why the generator only
runs on an empty database: see `reference.is_empty`.
"""

import contextlib
import datetime
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, transaction

from . import reference
from .charting import COLUMNS, Rows

WORKDAYS = (0, 1, 2, 3, 4)
SLOT_MINUTES = (8 * 60, 10 * 60 + 30, 13 * 60, 15 * 60 + 30)  # each chair turns over four times a day


class Progress:
    def __init__(self, write: Callable[[str], None]):
        self.write = write
        self.started = time.monotonic()
        self.rows = 0

    def copied(self, what: str, counts: dict[str, int]) -> None:
        self.rows += sum(counts.values())
        elapsed = time.monotonic() - self.started
        self.write(
            f"{what}: {counts['infusions_infusionsession']:,} sessions, {counts['infusions_vitalsigns']:,} readings"
            f" — {self.rows:,} rows in {elapsed:,.0f} s ({self.rows / max(elapsed, 1e-9):,.0f} rows/s)"
        )


def generate(
    *, sites: int, years: float, chairs: int, patients_per_site: int, in_progress: int, seed: int, now, write
) -> dict[str, int]:
    """Fill the empty database; `in_progress` sessions are charting right now at the first site."""
    rng = random.Random(seed)
    progress = Progress(write)
    today = now.date()
    first = today - datetime.timedelta(days=round(365 * years))
    with transaction.atomic():
        protocols = reference.protocols()
        teams = [reference.site_team(n, patients=patients_per_site, rng=rng, today=today) for n in range(1, sites + 1)]
    rows = Rows(rng, {table: 1 for table in COLUMNS})
    copier = Copier(progress)
    with checks_after_load(write):
        for team in teams:
            courses = dict.fromkeys(team.patient_ids, 0)
            for year_start in _years(first, today):
                year_end = min(year_start + datetime.timedelta(days=365), today)
                _site_days(rows, team, protocols, courses, year_start, year_end, chairs, now)
                copier.submit(rows.take(), f"{team.site.code} {year_start:%Y-%m}")
        _in_progress(rows, teams[0], protocols, in_progress, now)
        copier.submit(rows.take(), f"{teams[0].site.code} charting now")
        copier.finish()
    _advance_sequences()
    return copier.totals


@contextlib.contextmanager
def checks_after_load(write):
    """Drop the foreign keys and plain indexes of the bulk tables, and put them back after the load
    (PostgreSQL's "Populating a Database" advice): re-adding a foreign key checks every row in one
    pass instead of one lookup per row. Primary keys, unique, check and NOT NULL constraints stay on.
    The signed-session trigger is off meanwhile: the generator writes a session's readings after its
    signature (real charting comes first), and a per-row lookup would slow the copy."""
    tables = ", ".join(f"'{table}'::regclass" for table in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            f" WHERE contype = 'f' AND conrelid IN ({tables})"
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            f"SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            f" WHERE i.indrelid IN ({tables}) AND NOT i.indisunique AND NOT i.indisprimary"
        )
        indexes = cursor.fetchall()
        for table, name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        for table in COLUMNS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        started = time.monotonic()
        with connection.cursor() as cursor:
            for table in COLUMNS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        elapsed = time.monotonic() - started
        write(f"{len(indexes)} indexes and {len(foreign_keys)} foreign keys rebuilt in {elapsed:,.0f} s")


def _years(first: datetime.date, today: datetime.date):
    day = first
    while day < today:
        yield day
        day += datetime.timedelta(days=365)


def _site_days(rows: Rows, team, protocols, courses, start: datetime.date, end: datetime.date, chairs: int, now):
    """Every chair turns over four times each working day; patients come back for their series."""
    rng, tz = rows.rng, team.site.tzinfo
    day = start
    while day < end:
        if day.weekday() in WORKDAYS:
            midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
            for chair in range(1, chairs + 1):
                for slot in SLOT_MINUTES:
                    patient_id = rng.choice(team.patient_ids)
                    courses[patient_id] += 1
                    arrived = (midnight + datetime.timedelta(minutes=slot + rng.randint(0, 20))).astimezone(
                        datetime.UTC
                    )
                    protocol = protocols[0] if rng.random() < 0.75 else protocols[1]
                    rows.session(team, protocol, patient_id, courses[patient_id], arrived, f"Chair {chair}", now)
        day += datetime.timedelta(days=1)


def _in_progress(rows: Rows, team, protocols, count: int, now) -> None:
    """Sessions arrived over the last two hours, each at its own bay, charted up to now."""
    rng = rows.rng
    for bay in range(1, count + 1):
        patient_id = team.patient_ids[bay % len(team.patient_ids)]
        arrived = now - datetime.timedelta(minutes=rng.randint(5, 120))
        rows.session(team, protocols[bay % 2], patient_id, 1, arrived, f"Bay {bay}", now)


class Copier:
    """COPYs one batch in a background thread (its own connection) while the next is generated,
    so PostgreSQL's work and Python's overlap; at most one batch waits, which bounds memory."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.totals = dict.fromkeys(COLUMNS, 0)
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: Future | None = None

    def submit(self, tables: dict[str, list[tuple]], what: str) -> None:
        if self.pending is not None:
            self.pending.result()
        self.pending = self.pool.submit(self._copy, tables, what)

    def finish(self) -> None:
        if self.pending is not None:
            self.pending.result()
        self.pool.submit(lambda: connection.close()).result()  # the thread's own connection
        self.pool.shutdown()

    def _copy(self, tables: dict[str, list[tuple]], what: str) -> None:
        """One transaction per batch; foreign keys are checked at its commit."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table, table_rows in tables.items():
                with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in table_rows:
                        copy.write_row(row)
        counts = {table: len(table_rows) for table, table_rows in tables.items()}
        for table, count in counts.items():
            self.totals[table] += count
        self.progress.copied(what, counts)


def _advance_sequences() -> None:
    """COPY chose the ids; the identity sequences must continue after them."""
    with connection.cursor() as cursor:
        for table in COLUMNS:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}")
        cursor.execute(f"ANALYZE {', '.join(COLUMNS)}")
