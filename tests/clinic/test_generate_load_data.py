"""generate_load_data: realistic rows through COPY, with every constraint back in place after."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clinic.loadgen.charting import schedule
from clinic.models import Site
from sessions.models import Alert, Assessment, InfusionSession, VitalSigns
from tests.factories import SiteFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the COPY runs on its own connection, in a thread
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator streams with PostgreSQL COPY"),
]


def foreign_keys() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")
        return cursor.fetchone()[0]


def generate(**options) -> str:
    out = io.StringIO()
    options = {"sites": 2, "years": 0.02, "chairs": 1, "patients_per_site": 6, "in_progress": 3, **options}
    call_command("generate_load_data", stdout=out, **options)
    return out.getvalue()


def test_it_charts_each_session_on_its_protocols_schedule():
    keys = foreign_keys()
    output = generate()

    assert Site.objects.count() == 2
    assert "rows/s" in output and "Done" in output
    signed = InfusionSession.objects.exclude(signed_at=None)
    assert signed.count() == InfusionSession.objects.count() - 3
    for session in signed[:20]:
        readings = list(session.readings.order_by("measured_at"))
        assert len(readings) == 1 + len(schedule(session.protocol_snapshot))  # baseline, then the schedule
        assert readings[0].phase == "pre_check" and readings[-1].phase == "observation"
        assert session.arrived_at < readings[0].measured_at and readings[-1].measured_at < session.discharged_at
    assert Assessment.objects.count() == InfusionSession.objects.count()
    assert foreign_keys() == keys


def test_todays_sessions_are_open_with_their_alerts_unacknowledged():
    generate(in_progress=40)

    today = InfusionSession.objects.filter(signed_at=None)
    assert today.count() == 40 and not today.exclude(discharged_at=None).exists()
    assert not Alert.objects.filter(session__in=today).exclude(resolved_at=None).exists()
    assert Alert.objects.filter(session__signed_at__isnull=False, resolved_at=None).count() == 0


def test_the_same_seed_builds_the_same_readings():
    generate(seed=3)
    first = list(VitalSigns.objects.order_by("id").values_list("systolic", "heart_rate", "spo2")[:200])
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE clinic_site, auth_user, infusions_protocol RESTART IDENTITY CASCADE")
    generate(seed=3)

    assert list(VitalSigns.objects.order_by("id").values_list("systolic", "heart_rate", "spo2")[:200]) == first


def test_it_refuses_a_database_that_already_has_sites():
    SiteFactory()

    with pytest.raises(CommandError, match="empty"):
        generate()
    assert InfusionSession.objects.count() == 0
