"""The in-process half of the web benchmarks, run against a generated database:
`python bench/prepare.py DATABASE [--export-from ISO]` prints one JSON object with

- logins: session cookies (nurse and physician of the first site) and API tokens;
- the 50 sessions that chart during the reading benchmark, and one session with 60 readings
  (charted here through `record_vitals`, back-timed, if none has that many yet);
- queries per request of the hot pages and endpoints, and their time one at a time (Django's
  test client, in this process);
- the export window (`from` such that ~1 M readings fall in it, unless given) and the SQL of the
  CSV export's own query, for PostgreSQL's COPY of the same rows;
- the backtest of a new rule over the first site's last year.

It writes to the bench database (users, tokens, the 60 readings): never point it at a real one.
"""

import argparse
import datetime
import json
import time
from types import SimpleNamespace

from harness import setup_django

READINGS_IN_REVIEWED_SESSION = 60
EXPORTER = "load-exporter"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--export-from", help="Start of the export window; default: ~1 M readings back.")
    parser.add_argument("--export-rows", type=int, default=1_000_000)
    options = parser.parse_args()
    setup_django(options.database)
    from django.contrib.auth import get_user_model
    from django.utils.dateparse import parse_datetime

    from clinic.loadgen.reference import PREFIX
    from clinic.models import Role, Site, StaffMembership
    from sessions.models import InfusionSession

    User = get_user_model()
    nurse, physician = (
        User.objects.get(username=f"{PREFIX}nurse-01"),
        User.objects.get(username=f"{PREFIX}physician-01"),
    )
    exporter, _ = User.objects.get_or_create(username=EXPORTER)
    for site in Site.objects.all():
        StaffMembership.objects.get_or_create(user=exporter, site=site, role=Role.PHYSICIAN)
    site = Site.objects.get(code=f"{PREFIX}01")
    charting = list(
        InfusionSession.objects.filter(site=site, discharged_at=None, infusion_started_at__isnull=False)
        .order_by("arrived_at")
        .values_list("pk", flat=True)
    )
    reviewed = session_with_readings(charting[0], nurse)
    export_from = parse_datetime(options.export_from) if options.export_from else export_start(options.export_rows)
    print(
        json.dumps(
            {
                "cookies": {"nurse": cookie(nurse), "physician": cookie(physician)},
                "tokens": {"nurse": token(nurse), "exporter": token(exporter)},
                "charting_sessions": charting[1:51],
                "reviewed_session": reviewed,
                "in_progress": len(charting),
                "in_process": in_process(nurse, physician, exporter, charting[1], reviewed),
                "export_from": export_from.isoformat(),
                "export_copy_sql": export_sql(exporter, export_from),
                "backtest_seconds": backtest(site),
            }
        )
    )


def cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def session_with_readings(session_id: int, nurse) -> int:
    """A session charted every two minutes (a device feed) until it holds 60 readings."""
    from django.utils import timezone

    from sessions.models import InfusionSession
    from sessions.services import record_vitals

    session = InfusionSession.objects.get(pk=session_id)
    count = session.readings.count()
    now = timezone.now()
    for n in range(READINGS_IN_REVIEWED_SESSION - count):
        values = {"systolic": 128 + n % 9, "diastolic": 80 + n % 5, "heart_rate": 76 + n % 7, "spo2": 97}
        at = now - datetime.timedelta(seconds=30 * (READINGS_IN_REVIEWED_SESSION - count - n))
        record_vitals(session=session, values=values, by=nurse, measured_at=at, now=at, source="device")
    return session.pk


def in_process(nurse, physician, exporter, charting_session: int, reviewed: int) -> dict[str, dict]:
    """Queries per request, and the server's own time for one request at a time (no queueing):
    what each costs, apart from how the machine copes with many at once."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = {
        "nurse board": (nurse, "/board/"),
        "session chart": (nurse, f"/sessions/{charting_session}/"),
        "physician alert page": (physician, "/review/alerts/"),
        "session review (60 readings)": (physician, f"/review/sessions/{reviewed}/"),
        "API session readings": (nurse, f"/api/v1/sessions/{charting_session}/vitals/"),
        "API vitals collection": (exporter, "/api/v1/vitals/"),
        "API alerts collection": (exporter, "/api/v1/alerts/"),
    }
    measured = {}
    for name, (user, path) in pages.items():
        client = Client()
        client.force_login(user)
        client.get(path)  # warm: the first request fills per-process caches
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries = len(captured) if status == 200 else -status
        measured[name] = {"queries": queries, **timed(lambda client=client, path=path: client.get(path))}
    api = Client(headers={"Authorization": f"Token {token(nurse)}"})
    path = f"/api/v1/sessions/{charting_session}/vitals/"
    values = {"systolic": 124, "diastolic": 80, "heart_rate": 74, "spo2": 98}
    measured["reading POST"] = timed(lambda: api.post(path, values, content_type="application/json"))
    return measured


def timed(request, times: int = 15) -> dict[str, float]:
    seconds = []
    for _ in range(times):
        began = time.perf_counter()
        request()
        seconds.append(time.perf_counter() - began)
    seconds.sort()
    return {"p50_ms": seconds[len(seconds) // 2] * 1000, "p95_ms": seconds[int(0.95 * len(seconds))] * 1000}


def export_start(rows: int) -> datetime.datetime:
    from sessions.models import VitalSigns

    newest_first = VitalSigns.objects.order_by("-measured_at").values_list("measured_at", flat=True)
    return newest_first[rows - 1 : rows].get()


def export_sql(exporter, start) -> str:
    """The CSV export's own query (same filter, scope, sources and order) as plain SQL, its values
    as stored: what PostgreSQL's COPY writes with no formatting, the export's ceiling."""
    from django.db import connection

    from clinic.access import scope
    from sessions.exports import csv
    from sessions.exports.filters import ReadingFilter
    from sessions.models import VitalSigns

    request = SimpleNamespace(user=exporter)  # what the filter reads of the request
    readings = ReadingFilter(
        {"from": start.isoformat()}, queryset=scope(VitalSigns.objects.all(), exporter), request=request
    ).qs
    sql, params = csv.source_rows(csv.VITALS, readings).query.sql_with_params()
    with connection.cursor() as cursor:
        return cursor.mogrify(sql, params)


def backtest(site) -> float:
    from decimal import Decimal

    from django.utils import timezone

    from sessions.clinical.backtest import backtest_rule
    from sessions.models import AlertRule

    draft = AlertRule(site=site, name="HR above 100", metric="heart_rate", comparator="gt",
                      threshold=Decimal(100), sustained_readings=2, severity="warning")  # fmt: skip
    now = timezone.now()
    began = time.perf_counter()
    backtest_rule(draft, start=now - datetime.timedelta(days=365), end=now)
    return time.perf_counter() - began


if __name__ == "__main__":
    main()
