"""Django's PostgreSQL backend, reading timestamps with psycopg's C loader.

With USE_TZ Django registers a Python subclass of psycopg's timestamptz loader that replaces
each value's tzinfo with the connection's zone: one Python call per timestamp, which dominated
the CSV export and the rule backtest (tens of thousands of readings each). Django sets the
session's TimeZone to UTC, and psycopg's own (C) loader already returns `datetime.UTC` for a
UTC session, so the replacement changes nothing but the cost. Any other zone keeps Django's way.
"""

import datetime

from django.db.backends.postgresql import base
from psycopg import adapters
from psycopg.pq import Format

_NATIVE = adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        cursor = super().create_cursor(name)
        if self.timezone == datetime.UTC:
            cursor.adapters.register_loader(base.TIMESTAMPTZ_OID, _NATIVE)
        return cursor
