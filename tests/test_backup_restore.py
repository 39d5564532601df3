"""The README's backup recipe, run for real: `pg_dump -Fc` of a database with charted sessions,
`pg_restore` into a fresh empty database, and the copy holds the same rows, the audit trail,
every migration, and still refuses writes to a signed session."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from sessions import services
from tests.conftest import T0, minutes
from tests.review.conftest import discharge_now

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"), reason="needs PostgreSQL's pg_dump"
    ),
]
TABLES = [
    "clinic_patient",
    "infusions_infusionsession",
    "infusions_vitalsigns",
    "infusions_historicalvitalsigns",
    "infusions_alert",
    "django_migrations",
]


def pg_args(settings_dict) -> list[str]:
    args = ["-U", settings_dict["USER"] or "postgres"]
    if settings_dict["HOST"]:
        args += ["-h", settings_dict["HOST"]]
    if settings_dict["PORT"]:
        args += ["-p", str(settings_dict["PORT"])]
    return args


def counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def test_a_dump_restores_into_an_empty_database_with_every_row_and_migration(infusing_session, nurse_a, physician_a):
    discharge_now(infusing_session, nurse_a, physician_a)
    services.sign_session(session=infusing_session, by=physician_a, attestation="Reviewed", now=T0 + minutes(90))
    settings_dict = connection.settings_dict
    source, copy = settings_dict["NAME"], f"{settings_dict['NAME']}_restored"
    args = pg_args(settings_dict)

    def conninfo(name):
        return psycopg.conninfo.make_conninfo(
            dbname=name, user=args[1], host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None
        )

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "clinic.dump"
        subprocess.run(["pg_dump", "-Fc", *args, "-f", str(dump), source], check=True)
        subprocess.run(["dropdb", "--if-exists", *args, copy], check=True)
        subprocess.run(["createdb", *args, copy], check=True)
        try:
            subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *args, "-d", copy, str(dump)], check=True)
            assert counts(conninfo(copy)) == counts(conninfo(source))
            with psycopg.connect(conninfo(copy)) as db:
                applied = set(db.execute("SELECT app, name FROM django_migrations").fetchall())
                assert set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations) <= applied
                with pytest.raises(psycopg.errors.RestrictViolation):
                    db.execute("UPDATE infusions_infusionsession SET chair = 'x' WHERE id = %s", [infusing_session.pk])
        finally:
            subprocess.run(["dropdb", "--if-exists", *args, copy], check=True)
