"""Delivering an escalated alert to a site's targets: the JSON body, its signature, one attempt
and its log. The queue (`queue.py`) decides when attempts run; this module only makes them.

The body carries the minimum a receiver needs to act: which alert, session, site and chair, the
patient's MRN (never the name or date of birth), the rule, value and severity, and when. It is
signed with HMAC-SHA256 over "<timestamp>.<body>" with the target's own secret, so a receiver can
check both who sent it and that it is not an old call replayed (reject timestamps too far off).
"""

import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from sessions.models import Alert, NotificationDelivery, NotificationTarget

SIGNATURE_HEADER = "X-Signature-256"
TIMESTAMP_HEADER = "X-Signature-Timestamp"


def payload(target: NotificationTarget, alert: Alert | None, event: str) -> dict:
    body = {"event": event, "site": {"id": target.site_id, "code": target.site.code}}
    if alert is None:
        return body | {"alert": None, "message": "Test notification: this target is reachable."}
    session = alert.session
    return body | {
        "alert": {
            "id": alert.pk,
            "kind": alert.kind,
            "severity": alert.severity,
            "message": alert.message,
            "rule": alert.rule_snapshot.get("name", ""),
            "value": None if alert.value is None else str(alert.value),
            "raised_at": alert.raised_at.isoformat(),
            "escalated_at": alert.escalated_at.isoformat() if alert.escalated_at else None,
        },
        "session": {"id": session.pk, "chair": session.chair, "patient_mrn": session.patient.mrn},
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff_seconds(attempt: int) -> int:
    """Wait before the attempt after `attempt`: doubling from NOTIFY_RETRY_BASE_SECONDS."""
    return settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempt - 1)


def deliver(target: NotificationTarget, *, alert: Alert | None, event: str, attempt: int) -> NotificationDelivery:
    """Make one attempt and log it. Repeated failures disable the target so a dead receiver stops
    filling the queue; a success resets the count. Never raises for the receiver's faults."""
    started = time.monotonic()
    body = payload(target, alert, event)
    if target.kind == NotificationTarget.Kind.WEBHOOK:
        status_code, error = _post(target, body)
    else:
        status_code, error = None, _email(target, body)
    duration_ms = int((time.monotonic() - started) * 1000)
    return _log(target, alert, event, attempt, status_code, error, duration_ms)


def _post(target, body: dict) -> tuple[int | None, str]:
    data = json.dumps(body, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        target.url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "infusion-log-notifier",
            SIGNATURE_HEADER: signature(target.secret, timestamp, data),
            TIMESTAMP_HEADER: timestamp,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as refused:
        return refused.code, f"HTTP {refused.code}"
    except (urllib.error.URLError, OSError) as failure:  # refused, unreachable, timed out
        return None, str(getattr(failure, "reason", failure))[:300]


def _email(target, body: dict) -> str:
    alert = body["alert"]
    subject = f"[{body['site']['code']}] " + (f"Escalated: {alert['message']}" if alert else "Test notification")
    try:
        send_mail(subject[:200], json.dumps(body, indent=2), None, [target.email])
    except (smtplib.SMTPException, OSError) as failure:
        return str(failure)[:300]
    return ""


def _log(target, alert, event, attempt, status_code, error, duration_ms) -> NotificationDelivery:
    succeeded = not error and (status_code is None or 200 <= status_code < 300)
    with transaction.atomic():
        locked = NotificationTarget.objects.select_for_update().get(pk=target.pk)
        delivery = NotificationDelivery.objects.create(
            site_id=locked.site_id,
            target=locked,
            alert=alert,
            event=event,
            attempt=attempt,
            succeeded=succeeded,
            status_code=status_code,
            error=error or ("" if succeeded else f"HTTP {status_code}"),
            duration_ms=duration_ms,
            attempted_at=timezone.now(),
        )
        locked.consecutive_failures = 0 if succeeded else locked.consecutive_failures + 1
        fields = ["consecutive_failures", "updated_at"]
        if locked.consecutive_failures >= settings.NOTIFY_DISABLE_AFTER_FAILURES and locked.active:
            locked.active = False
            locked.disabled_reason = f"Disabled after {locked.consecutive_failures} failed attempts in a row."
            fields += ["active", "disabled_reason"]
        locked.save(update_fields=fields)
    target.active, target.consecutive_failures = locked.active, locked.consecutive_failures
    return delivery
