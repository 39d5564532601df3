"""Escalated alerts reach the site's webhook and e-mail targets through the huey queue, signed,
retried with a doubling delay, logged attempt by attempt, against a real receiver on 127.0.0.1."""

import datetime
import hashlib
import hmac
import json
import signal
import time
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from sessions import services
from sessions.models import NotificationDelivery, NotificationTarget
from sessions.notifications import delivery as notifications
from sessions.notifications import queue
from tests import factories
from tests.conftest import T0, minutes
from tests.sessions.receivers import Receiver


@pytest.fixture
def breach(infusing_session, nurse_a, site_a):
    """A critical SBP alert raised at T0+20 on session A, not yet escalated."""
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("160"))
    moment = T0 + minutes(20)
    values = {"systolic": 170, "diastolic": 90}
    return services.record_vitals(
        session=infusing_session, values=values, by=nurse_a, measured_at=moment, now=moment
    ).raised[0]


def webhook(site, url):
    return NotificationTarget.objects.create(site=site, name="Pager gateway", kind="webhook", url=url)


def escalate(capture):
    with capture(execute=True):
        return services.escalate_alerts(now=T0 + minutes(25))


def run_scheduled_retries():
    """Run the retries huey holds in its schedule, as the consumer would once each is due."""
    far_future = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(days=1)
    while due := HUEY.read_schedule(far_future):
        for task in due:
            HUEY.execute(task)


def test_the_webhook_gets_a_signed_minimal_body(breach, site_a, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        target = webhook(site_a, receiver.url)
        escalate(django_capture_on_commit_callbacks)
    [(headers, body)] = receiver.requests
    timestamp = headers["X-Signature-Timestamp"]
    expected = hmac.new(target.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Signature-256"] == f"sha256={expected}"
    sent = json.loads(body)
    assert sent["alert"]["id"] == breach.pk and sent["alert"]["severity"] == "critical"
    assert sent["session"]["patient_mrn"] == breach.session.patient.mrn
    assert breach.session.patient.family_name not in body.decode()
    delivery = NotificationDelivery.objects.get()
    assert (delivery.attempt, delivery.succeeded, delivery.status_code, delivery.alert) == (1, True, 200, breach)


def test_a_failing_receiver_is_retried_with_backoff_until_it_recovers(
    breach, site_a, django_capture_on_commit_callbacks
):
    with Receiver(statuses=[500, 503]) as receiver:
        target = webhook(site_a, receiver.url)
        escalate(django_capture_on_commit_callbacks)
        [retry] = HUEY.scheduled()
        assert retry.args[3] == 2
        run_scheduled_retries()
    log = list(target.deliveries.order_by("attempt").values_list("attempt", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 503, False), (3, 200, True)]
    target.refresh_from_db()
    assert (target.active, target.consecutive_failures) == (True, 0)
    assert [notifications.backoff_seconds(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]


def test_a_receiver_failing_again_and_again_disables_its_target(
    breach, site_a, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_DISABLE_AFTER_FAILURES = 3
    with Receiver(statuses=[500] * 10) as receiver:
        target = webhook(site_a, receiver.url)
        escalate(django_capture_on_commit_callbacks)
        run_scheduled_retries()
    target.refresh_from_db()
    assert not target.active
    assert target.disabled_reason == "Disabled after 3 failed attempts in a row."
    assert target.deliveries.count() == 3


def test_a_hanging_receiver_is_cut_off_by_the_timeout_and_logged(
    breach, site_a, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_TIMEOUT_SECONDS = 1
    settings.NOTIFY_MAX_ATTEMPTS = 1
    with Receiver(hang_seconds=3) as receiver:
        webhook(site_a, receiver.url)
        escalate(django_capture_on_commit_callbacks)
    delivery = NotificationDelivery.objects.get()
    assert not delivery.succeeded and delivery.status_code is None
    assert "timed out" in delivery.error
    assert delivery.duration_ms >= 1000


def test_an_email_target_gets_the_escalation(breach, site_a, django_capture_on_commit_callbacks):
    NotificationTarget.objects.create(site=site_a, name="Charge nurse", kind="email", email="charge@example.org")
    escalate(django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["charge@example.org"]
    assert message.subject.startswith("[riverside] Escalated: Systolic BP 170")
    assert NotificationDelivery.objects.get().succeeded


def test_another_sites_targets_are_not_told(breach, site_b, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        webhook(site_b, receiver.url)
        escalate(django_capture_on_commit_callbacks)
    assert receiver.requests == []


def test_nothing_is_sent_before_the_escalation_commits(breach, site_a, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        webhook(site_a, receiver.url)
        with django_capture_on_commit_callbacks(execute=False) as pending:
            services.escalate_alerts(now=T0 + minutes(25))
        assert receiver.requests == [] and len(pending) == 1


@pytest.fixture
def worker():
    """A real huey consumer (two worker threads) on an in-process queue, as `manage.py run_huey` runs it."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    HUEY.immediate = False
    HUEY.storage = MemoryStorage(HUEY.name)
    consumer = HUEY.create_consumer(workers=2, worker_type="thread", periodic=False, scheduler_interval=1)
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)
    HUEY.immediate = True
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker threads need their own connections")
def test_the_worker_delivers_a_queued_test_notification(site_a, worker, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 1
    with Receiver(statuses=[502]) as receiver:
        target = webhook(site_a, receiver.url)
        queue.send_test_notification(target)
        deadline = time.monotonic() + 30
        while not target.deliveries.filter(succeeded=True).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    assert list(target.deliveries.order_by("attempt").values_list("attempt", "status_code")) == [(1, 502), (2, 200)]
    assert json.loads(receiver.requests[0][1])["event"] == "test"
