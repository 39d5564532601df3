"""The notification queue: one huey task per delivery attempt, retried with a doubling delay, so a
slow or failing receiver only delays itself. Services call `announce_escalation` and
`send_test_notification` after commit; `delivery` makes each attempt."""

from django.conf import settings
from huey.contrib.djhuey import db_task

from sessions.models import Alert, NotificationTarget
from sessions.notifications import delivery


@db_task()
def deliver_notification(target_id: int, alert_id: int | None, event: str, attempt: int = 1):
    target = NotificationTarget.objects.select_related("site").filter(pk=target_id, active=True).first()
    if target is None:
        return  # disabled since the attempt was queued
    alert = Alert.objects.select_related("session__patient").filter(pk=alert_id).first() if alert_id else None
    attempt_log = delivery.deliver(target, alert=alert, event=event, attempt=attempt)
    if not attempt_log.succeeded and target.active and attempt < settings.NOTIFY_MAX_ATTEMPTS:
        deliver_notification.schedule(
            args=(target_id, alert_id, event, attempt + 1), delay=delivery.backoff_seconds(attempt)
        )


def announce_escalation(alert: Alert) -> None:
    """Queue one delivery per active target of the alert's site (call after commit)."""
    for target_id in NotificationTarget.objects.filter(site_id=alert.site_id, active=True).values_list("pk", flat=True):
        deliver_notification(target_id, alert.pk, "escalated")


def send_test_notification(target: NotificationTarget) -> None:
    deliver_notification(target.pk, None, "test")
