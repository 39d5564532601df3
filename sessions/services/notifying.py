"""Changes to a site's notification targets, checked and audited like rule changes."""

from django.db import transaction

from clinic.access import Action, require
from sessions.models import NotificationTarget
from sessions.notifications import queue as notification_queue

from .guards import audited


def save_notification_target(*, target: NotificationTarget, by) -> NotificationTarget:
    """Create or edit a target. Re-enabling it (or fixing its address) clears the failure count."""
    require(by, Action.CONFIGURE_RULES, target.site_id)
    target.full_clean()
    if target.pk is None:
        target.created_by = by
    if target.active:
        target.consecutive_failures, target.disabled_reason = 0, ""
    with transaction.atomic():
        audited(target, by).save()
    return target


def send_test_notification(*, target: NotificationTarget, by) -> None:
    """Queue one test delivery; its outcome appears in the target's delivery log."""
    require(by, Action.CONFIGURE_RULES, target.site_id)
    notification_queue.send_test_notification(target)
