"""Settings come from the environment and production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.settings.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
REAL_SECRET = "x7Qp2vLm9RtZk4Wc8YbN1sHdJf6GaE3uT5oPiKyXwVqMnBcLzAsDfGhJkL0987"


def manage(*args, **env):
    return python("manage.py", *args, **env)


def python(*args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_real_values():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="clinic.settings.production",
        SECRET_KEY=REAL_SECRET,
        ALLOWED_HOSTS="clinic.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"ALLOWED_HOSTS": "clinic.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "clinic.example.org"}, "long random secret"),
        ({"SECRET_KEY": REAL_SECRET}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": REAL_SECRET, "ALLOWED_HOSTS": "x", "DEBUG": "1"}, "DEBUG"),
    ],
)
def test_production_settings_refuse_to_start_without_real_values(env, fragment):
    result = manage("check", DJANGO_SETTINGS_MODULE="clinic.settings.production", **env)
    assert result.returncode != 0
    assert fragment in result.stderr


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        env_bool("DEBUG", False)


def test_a_non_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "sixty")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("CONN_MAX_AGE", 0)


def test_database_url_selects_the_database():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        DATABASE_URL="sqlite:////tmp/x.db",
    )
    assert result.stdout.strip() == "sqlite"


def test_the_served_application_freezes_start_up_objects_out_of_garbage_collection():
    code = "import gc, clinic.wsgi; print(gc.get_freeze_count() > 50_000, gc.get_threshold()[0])"
    result = python("-c", code, DATABASE_URL="sqlite:////tmp/x.db")
    assert result.stdout.split() == ["True", "10000"], result.stderr


def test_server_side_cursors_can_be_turned_off_for_a_transaction_pooler():
    code = "from django.db import connection; print(connection.settings_dict['DISABLE_SERVER_SIDE_CURSORS'])"
    result = manage(
        "shell", "--no-imports", "-c", code, DATABASE_URL="sqlite:////tmp/x.db", DISABLE_SERVER_SIDE_CURSORS="true"
    )
    assert result.stdout.strip() == "True", result.stderr
