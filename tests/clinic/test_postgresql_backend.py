"""clinic.postgresql reads timestamps with psycopg's C loader: same values, same tzinfo."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from psycopg.pq import Format

from clinic.postgresql.base import _NATIVE, base
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend only"),
]


def test_timestamps_load_through_psycopgs_own_loader():
    with connection.cursor() as cursor:
        assert cursor.cursor.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT) is _NATIVE


@pytest.mark.parametrize(
    "stored",
    [
        datetime.datetime(2026, 3, 29, 0, 59, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2026, 11, 24, 9, 5, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
        datetime.datetime(1999, 12, 31, 23, 0, 0, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Kolkata")),
    ],
)
def test_timestamps_read_back_as_the_same_instant_in_utc(stored):
    user = UserFactory(date_joined=stored)
    read = type(user).objects.values_list("date_joined", flat=True).get(pk=user.pk)
    assert read == stored
    assert read.tzinfo is datetime.UTC
    assert read.isoformat() == stored.astimezone(datetime.UTC).isoformat()
