"""Concurrent writers against PostgreSQL, each thread on its own connection.

record_vitals locks the session row, so two readings charted at the same instant are judged
one after the other: a two-reading sustained rule fires exactly once, never zero or twice.
"""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from rest_framework.authtoken.models import Token

from clinic.models import Patient, Site
from sessions import services
from sessions.models import Alert, InfusionSession, VitalSigns
from sessions.services.guards import locked_session
from tests import factories
from tests.conftest import T0, minutes

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def seconds(n: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=n)


def run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # reported to the test thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


@pytest.mark.parametrize("attempt", range(5))
def test_two_simultaneous_breaching_readings_raise_one_sustained_alert(infusing_session, nurse_a, physician_a, attempt):
    factories.AlertRuleFactory(
        site=infusing_session.site, metric="heart_rate", comparator="gt", threshold=Decimal("120"), sustained_readings=2
    )
    at = T0 + minutes(20)

    def chart(by, second):
        return lambda: services.record_vitals(
            session=infusing_session,
            values={"heart_rate": 130},
            by=by,
            measured_at=at + minutes(second),
            now=at + minutes(2),
        )

    run_at_once(chart(nurse_a, 0), chart(physician_a, 1))

    assert VitalSigns.objects.filter(session=infusing_session, heart_rate=130).count() == 2
    assert Alert.objects.filter(session=infusing_session, kind="rule").count() == 1


def test_acknowledging_an_alert_twice_at_once_keeps_one_acknowledgement(infusing_session, nurse_a, site_a):
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))
    recorded = services.record_vitals(
        session=infusing_session, values={"systolic": 190, "diastolic": 95}, by=nurse_a, now=T0 + minutes(20)
    )
    alert = recorded.raised[0]
    first = factories.staff("physician", site_a)
    second = factories.staff("physician", site_a)

    run_at_once(
        lambda: services.acknowledge_alert(alert=alert, by=first, note="first", now=T0 + minutes(21)),
        lambda: services.acknowledge_alert(alert=alert, by=second, note="second", now=T0 + minutes(21)),
    )

    alert.refresh_from_db()
    assert alert.acknowledged_by in (first, second)
    assert alert.acknowledgement_note == ("first" if alert.acknowledged_by == first else "second")
    assert alert.history.filter(acknowledged_at__isnull=False).count() == 1


def test_a_device_and_two_nurses_charting_at_once_lose_no_reading_and_raise_one_alert(
    infusing_session, nurse_a, physician_a, site_a
):
    factories.AlertRuleFactory(
        site=site_a, metric="heart_rate", comparator="gt", threshold=Decimal("120"), sustained_readings=3
    )
    device = factories.staff("nurse", site_a)
    token = Token.objects.create(user=device)
    url = f"/api/v1/sessions/{infusing_session.pk}/vitals/"

    def device_posts():
        client = Client()
        for n in range(5):
            body = {"heart_rate": 130, "measured_at": (T0 + minutes(20 + n)).isoformat(), "source": "device"}
            response = client.post(
                url,
                body,
                content_type="application/json",
                headers={"Authorization": f"Token {token.key}", "Idempotency-Key": f"monitor-1:{n}"},
            )
            assert response.status_code == 201, response.content

    def nurse_charts(by, offset):
        def chart():
            for n in range(5):
                services.record_vitals(
                    session=infusing_session,
                    values={"heart_rate": 130},
                    by=by,
                    measured_at=T0 + minutes(20 + n) + offset,
                    now=T0 + minutes(26),
                )

        return chart

    with time_machine.travel(T0 + minutes(26), tick=False):
        run_at_once(device_posts, nurse_charts(nurse_a, seconds(20)), nurse_charts(physician_a, seconds(40)))

    assert VitalSigns.objects.filter(session=infusing_session, heart_rate=130).count() == 15
    assert Alert.objects.filter(session=infusing_session, kind="rule").count() == 1


def test_a_device_retrying_the_same_reading_at_once_stores_it_once(infusing_session, nurse_a):
    token = Token.objects.create(user=nurse_a)
    url = f"/api/v1/sessions/{infusing_session.pk}/vitals/"
    statuses = []

    def post():
        response = Client().post(
            url,
            {"heart_rate": 88},
            content_type="application/json",
            headers={"Authorization": f"Token {token.key}", "Idempotency-Key": "monitor-1:77"},
        )
        statuses.append(response.status_code)

    with time_machine.travel(T0 + minutes(20), tick=False):
        run_at_once(post, post, post)

    assert sorted(statuses) == [200, 200, 201]
    assert VitalSigns.objects.filter(session=infusing_session, client_key="monitor-1:77").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_a_snooze_racing_an_escalation_leaves_one_consistent_outcome(infusing_session, nurse_a, site_a, attempt):
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))
    alert = services.record_vitals(
        session=infusing_session, values={"systolic": 190, "diastolic": 95}, by=nurse_a, now=T0 + minutes(20)
    ).raised[0]
    refused = []

    def snooze():
        try:
            services.snooze_alert(alert=alert, by=nurse_a, minutes=10, reason="Recheck", now=T0 + minutes(24))
        except ValidationError as error:  # the escalation won: snoozing it is refused, not lost
            refused.append(error)

    run_at_once(snooze, lambda: services.escalate_alerts(now=T0 + minutes(24)))

    alert.refresh_from_db()
    snoozed, escalated = alert.snoozed_until is not None, alert.escalated_at is not None
    assert snoozed != escalated, "either the snooze or the escalation, never both"
    assert bool(refused) == escalated
    assert alert.history.filter(escalated_at__isnull=False).count() == (1 if escalated else 0)


def lock_now(model, pk):
    """Lock one row from another connection, failing at once (not waiting) if it is locked."""
    with transaction.atomic():
        model.objects.select_for_update(nowait=True).get(pk=pk)


def test_charting_on_a_session_leaves_its_site_and_patient_unlocked(infusing_session, nurse_a):
    """Only the session's row is held: locking the joined site row too would make every chair of the
    site wait for the one being charted."""
    refused = []

    def try_lock(model, pk):
        try:
            lock_now(model, pk)
        except DatabaseError:
            refused.append(model)

    with transaction.atomic():
        locked_session(infusing_session, nurse_a)
        run_at_once(
            lambda: try_lock(Site, infusing_session.site_id),
            lambda: try_lock(Patient, infusing_session.patient_id),
            lambda: try_lock(InfusionSession, infusing_session.pk),
        )

    assert set(refused) == {InfusionSession}


def test_the_board_raises_no_overdue_alert_for_a_session_being_charted(infusing_session, nurse_a):
    """The board read the session overdue, but a reading is being recorded this moment: the poll
    skips it rather than raise an alert that reading would never resolve."""
    overdue_at = T0 + minutes(26)  # the reading due at T0+20, 5 minutes' grace
    read_by_the_board = list(InfusionSession.objects.filter(pk=infusing_session.pk).with_last_reading_at())
    raised = []
    with transaction.atomic():
        locked_session(infusing_session, nurse_a)
        run_at_once(lambda: raised.extend(services.alert_overdue_sessions(read_by_the_board, now=overdue_at)))
    assert raised == []
    assert not Alert.objects.filter(kind=Alert.Kind.OVERDUE).exists()
