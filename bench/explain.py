"""The slowest queries of the hot pages and endpoints, with their plans:
`python bench/explain.py DATABASE [--top 4]` (after bench/prepare.py has made the exporter).

Each page is requested in this process (Django's test client, after a warm-up request); every
query it ran is timed, and the slowest are run again under EXPLAIN (ANALYZE, BUFFERS).
The CSV export is planned on its query alone (its rows stream, so timing the request here would
time the client)."""

import argparse
import time

from harness import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--top", type=int, default=4)
    options = parser.parse_args()
    setup_django(options.database)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from prepare import EXPORTER, export_sql, export_start

    from sessions.models import InfusionSession

    User = get_user_model()
    nurse, physician = User.objects.get(username="load-nurse-01"), User.objects.get(username="load-physician-01")
    session = InfusionSession.objects.filter(site__code="load-01", discharged_at=None).order_by("arrived_at").first()
    pages = (
        (nurse, "/board/"),
        (physician, "/review/alerts/"),
        (physician, f"/review/sessions/{session.pk}/"),
        (physician, "/review/sessions/"),
        (User.objects.get(username=EXPORTER), "/api/v1/vitals/"),
        (User.objects.get(username=EXPORTER), "/api/v1/alerts/"),
    )
    timed = []
    for user, path in pages:
        client = Client()
        client.force_login(user)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        timed += [
            (float(query["time"]), path, query["sql"])
            for query in captured.captured_queries
            if query["sql"].startswith("SELECT")
        ]
    timed.sort(reverse=True)
    export = export_sql(User.objects.get(username=EXPORTER), export_start(1_000_000))
    for seconds, path, sql in [*timed[: options.top], (None, "/api/v1/export/vitals.csv", export)]:
        print(f"### {path}" + (f" — {seconds * 1000:.1f} ms in the request" if seconds is not None else ""))
        print(f"\n    {sql[:400]}{' …' if len(sql) > 400 else ''}\n")
        with connection.cursor() as cursor:
            began = time.perf_counter()
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        print("\n".join(f"    {line}" for line in plan))
        print(f"\n    (EXPLAIN ANALYZE took {time.perf_counter() - began:.2f} s)\n")


if __name__ == "__main__":
    main()
