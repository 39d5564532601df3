"""Work that runs outside the request, on the huey queue (see README, "Background worker").

Charting never waits for these: escalation runs in the periodic check, and each notification
attempt is its own task, retried with a doubling delay, so a slow receiver only delays itself.
"""

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sessions import notifications, services
from sessions.models import Alert, NotificationTarget


@db_periodic_task(crontab(minute="*"))
def check_alerts():
    """Raise overdue-reading alerts and escalate the ones left unacknowledged. Safe to run late or
    twice: both decide from timestamps and skip what is already done."""
    services.alert_overdue_readings()
    services.escalate_alerts()


@db_task()
def deliver_notification(target_id: int, alert_id: int | None, event: str, attempt: int = 1):
    target = NotificationTarget.objects.select_related("site").filter(pk=target_id, active=True).first()
    if target is None:
        return  # disabled since the attempt was queued
    alert = Alert.objects.select_related("session__patient").filter(pk=alert_id).first() if alert_id else None
    delivery = notifications.deliver(target, alert=alert, event=event, attempt=attempt)
    if not delivery.succeeded and target.active and attempt < settings.NOTIFY_MAX_ATTEMPTS:
        deliver_notification.schedule(
            args=(target_id, alert_id, event, attempt + 1), delay=notifications.backoff_seconds(attempt)
        )


def announce_escalation(alert: Alert) -> None:
    """Queue one delivery per active target of the alert's site (call after commit)."""
    for target_id in NotificationTarget.objects.filter(site_id=alert.site_id, active=True).values_list("pk", flat=True):
        deliver_notification(target_id, alert.pk, "escalated")


def send_test_notification(target: NotificationTarget) -> None:
    deliver_notification(target.pk, None, "test")
