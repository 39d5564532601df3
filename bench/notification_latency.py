"""Does a hanging webhook receiver slow down charting? Charting latency through the API while the
site's receiver answers at once vs. while it hangs until the client timeout.

Creates a scratch PostgreSQL database, starts `runserver` and the huey worker (`run_huey`) as
subprocesses on it, and a webhook receiver in this process. Each case charts READINGS readings
through POST /api/v1/sessions/{id}/vitals/, alternating breaching and normal systolic values so
a critical alert is raised on every other reading; after each reading this process runs the
escalation check (escalation wait 0 min), which queues a delivery per escalated alert for the
worker. Prints p50/p95 of the charting requests per case.

    .venv/bin/python bench/notification_latency.py           # postgres://postgres@127.0.0.1:5432
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

from harness import BENCH_SERVER, recreate_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "bench_notify"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
READINGS = int(os.environ.get("BENCH_READINGS", "120"))

sys.path.insert(0, str(ROOT))
QUEUE = Path(tempfile.mkdtemp()) / "huey.sqlite3"
ENVIRONMENT = {
    **os.environ,
    "DATABASE_URL": f"{BENCH_SERVER}/{DATABASE}",
    "DJANGO_SETTINGS_MODULE": "clinic.settings",
    "DEBUG": "false",
    "HUEY_SQLITE_PATH": str(QUEUE),
    "ALERT_ESCALATION_MINUTES": "0",
    "NOTIFY_TIMEOUT_SECONDS": "5",
    "NOTIFY_DISABLE_AFTER_FAILURES": "100000",
}
os.environ.update(ENVIRONMENT)


def clinic():
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from clinic.models import Role
    from sessions import services
    from sessions.models import AlertRule
    from tests import factories

    site = factories.SiteFactory(name="Bench", code="bench")
    nurse = factories.staff(Role.NURSE, site, username="bench-nurse")
    patient = factories.PatientFactory(site=site)
    AlertRule.objects.create(
        site=site, name="SBP high", metric="systolic", comparator="gt", threshold=Decimal("160"), severity="critical"
    )
    session = services.start_session(
        patient=patient,
        protocol=factories.ProtocolFactory(),
        by=nurse,
        weight_value=Decimal("70"),
        weight_unit="kg",
        arrived_at=timezone.now(),
    )
    return site, session, Token.objects.create(user=nurse).key


def chart(session_id: int, token: str, systolic: int) -> float:
    body = json.dumps({"systolic": systolic, "diastolic": 80, "heart_rate": 80}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/sessions/{session_id}/vitals/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 201, response.status
    return time.perf_counter() - started


def run_case(label, receiver, site, session, token):
    from sessions import services
    from sessions.models import NotificationDelivery, NotificationTarget

    NotificationTarget.objects.update(active=False)
    NotificationTarget.objects.create(site=site, name=label, kind="webhook", url=receiver.url)
    latencies = []
    for n in range(READINGS):
        latencies.append(chart(session.pk, token, 190 if n % 2 == 0 else 120))
        services.escalate_alerts()
    time.sleep(2)
    deliveries = NotificationDelivery.objects.filter(target__name=label)
    p50 = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(
        f"{label:<30} readings {READINGS:>4}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
        f"receiver got {len(receiver.requests):>3}  deliveries logged {deliveries.count():>3} "
        f"(failed {deliveries.filter(succeeded=False).count()})"
    )


def main():
    import django

    recreate_database(DATABASE)
    django.setup()
    from django.core.management import call_command

    from tests.sessions.receivers import Receiver

    call_command("migrate", verbosity=0)
    site, session, token = clinic()
    manage = [sys.executable, str(ROOT / "manage.py")]
    server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"], env=ENVIRONMENT)
    worker = subprocess.Popen([*manage, "run_huey", "--workers", "2", "--no-periodic"], env=ENVIRONMENT)
    try:
        time.sleep(3)
        chart(session.pk, token, 120)  # warm up
        with Receiver() as healthy:
            run_case("healthy receiver", healthy, site, session, token)
        with Receiver(hang_seconds=30) as hanging:
            run_case("hanging receiver (5 s timeout)", hanging, site, session, token)
    finally:
        server.terminate()
        worker.terminate()
        server.wait()
        worker.wait()


if __name__ == "__main__":
    main()
