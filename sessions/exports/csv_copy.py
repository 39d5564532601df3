"""CSV files PostgreSQL writes itself: `COPY (<the export's query>) TO STDOUT WITH (FORMAT csv)`.

Formatting the cells in Python is most of a large export's time (Django's timestamp loader and
`csv.cell()` run once per value); COPY writes the same file about three times faster. The query
selects each column as the text `csv.cell()` writes for it, worked out from the column's field
(`_as_text`), so both paths give the same bytes (tests/exports/test_csv_copy.py holds them to
it). A file with a column only Python can compute (`Column.compute`), and any database but
PostgreSQL, keeps the Python path.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    DecimalField,
    Expression,
    F,
    Func,
    IntegerField,
    JSONField,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Col
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat, Left, NullIf
from django.db.models.lookups import Exact, In

from sessions.exports import csv

WRITE_SIZE = 64 * 1024  # PostgreSQL sends one message per row; one write per row would dominate


class _IsoUtc(Func):
    """`astimezone(UTC).isoformat()`: microseconds only when they are not zero."""

    template = (
        "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), "
        "'.000000+', '+')"
    )
    output_field = TextField()


_FORMULA_START = "^[" + re.escape("".join(csv.FORMULA_STARTS)) + "]"


def _guarded(text: Expression, *, column: bool) -> Expression:
    """Text a spreadsheet would run as a formula gets a leading apostrophe. A CASE reads the value
    three times, free for a column; regexp_replace reads it once (a subquery runs once per row),
    at some cost per cell."""
    if column:
        formula = In(Left(text, 1), csv.FORMULA_STARTS)
        return Case(When(formula, then=Concat(Value("'"), text)), default=text, output_field=TextField())
    return Func(text, Value(_FORMULA_START), Value("'\\&"), function="regexp_replace", output_field=TextField())


def _json_text(source: str) -> Case:
    """A JSON string as text (guarded), anything else as its JSON text, e.g. 5 or true."""
    is_string = Exact(Func(F(source), function="jsonb_typeof"), "string")
    return Case(When(is_string, then=_guarded(KT(source), column=True)), default=KT(source), output_field=TextField())


def _as_text(source: str, value: Expression) -> Expression:
    """The text csv.cell() writes for the Python value Django reads from `value` (resolved from
    `source`), by its field type."""
    field = value.output_field
    while field.is_relation:  # a foreign key's column holds the related row's key
        field = field.target_field
    if isinstance(field, DateTimeField):
        return _IsoUtc(source)
    if isinstance(field, BooleanField | IntegerField | DecimalField):
        return Cast(source, TextField())  # true or false; a numeric's digits as stored
    if isinstance(field, CharField | TextField):
        text = _guarded(F(source), column=isinstance(value, Col))
    elif isinstance(field, JSONField):
        text = _json_text(source)
    else:
        raise TypeError(f"No CSV text for {source}, a {type(field).__name__}.")
    # COPY quotes an empty string (""), where csv.writer writes nothing; NULL it writes bare.
    return NullIf(text, Value(""), output_field=TextField())


def can_copy(export: csv.CsvExport, queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql" and not any(column.compute for column in export.columns)


def cells(export: csv.CsvExport, queryset: QuerySet) -> QuerySet:
    """The rows in the file's order, each a tuple of its cells' text."""
    annotated = queryset.annotate(**export.annotations())
    probe = annotated.query.clone()  # resolving a path adds its joins to the query
    texts = []
    for column in export.columns:
        (source,) = column.sources
        texts.append(_as_text(source, probe.resolve_ref(source)))
    return annotated.order_by(*export.ordering).values_list(*texts)


def chunks(export: csv.CsvExport, queryset: QuerySet) -> Iterator[bytes]:
    """The file in ~64 KiB writes: the header line, then the rows as COPY sends them.

    The statement is made here, before the response starts; the rows are read as it streams."""
    connection = connections[queryset.db]
    header = csv.header(export).encode()
    try:
        sql, params = cells(export, queryset).query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a filter no row can match (no sites, an empty choice): Django asks nothing
        return iter([header])
    # COPY takes no parameters: psycopg binds them into the statement, client-side.
    statement = f"COPY ({connection.ops.compose_sql(sql, params)}) TO STDOUT WITH (FORMAT csv)"
    return _copied(connection, header, statement)


def _copied(connection, header: bytes, statement: str) -> Iterator[bytes]:
    """Closing it early (a client gone) cancels the COPY and leaves the connection usable."""
    written = bytearray(header)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # JIT-compiling the query's many expressions takes ~1.5 s, earned back only by an export
        # of about a million rows, and most are far smaller. LOCAL: it ends with the transaction, so
        # a persistent or pooled connection keeps nothing of it.
        cursor.execute("SET LOCAL jit = off")
        with connection.wrap_database_errors, cursor.copy(statement) as copy:
            for row in copy:
                written += row
                if len(written) >= WRITE_SIZE:
                    yield bytes(written)
                    written.clear()
    if written:
        yield bytes(written)
