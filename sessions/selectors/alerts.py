"""Open alerts as the physician's pages list them, the critical banner, and one alert's history."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clinic.access import Action, scope
from sessions.models import Alert, Severity

SEVERITY_RANK = Case(
    When(severity=Severity.CRITICAL, then=Value(0)),
    When(severity=Severity.WARNING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


BANNER_LIMIT = 3


def open_alerts_for(user):
    """Every open alert at the user's sites: unacknowledged first, then the most severe, then the newest."""
    return (
        scope(Alert.objects.open(), user)
        .select_related("session__patient", "site", "acknowledged_by", "snoozed_by", "reading")
        .prefetch_related("reading__artifacts")
        .annotate(
            severity_rank=SEVERITY_RANK,
            acknowledged_rank=Case(When(acknowledged_at__isnull=True, then=Value(0)), default=Value(1)),
        )
        .order_by("acknowledged_rank", "severity_rank", "-raised_at", "-id")
    )


@dataclass(frozen=True)
class CriticalBanner:
    alerts: list
    count: int


def critical_banner(user, now=None) -> CriticalBanner:
    """Unacknowledged critical or escalated alerts at the sites where the user may acknowledge,
    escalated first; snoozed ones stay out until their snooze ends. One or two queries."""
    unacknowledged = (
        scope(Alert.objects.open().unacknowledged().not_snoozed(now or timezone.now()), user, Action.ACKNOWLEDGE)
        .filter(Q(severity=Severity.CRITICAL) | Q(escalated_at__isnull=False))
        .select_related("session__patient")
        .order_by(F("escalated_at").asc(nulls_last=True), "-raised_at", "-id")
    )
    shown = list(unacknowledged[: BANNER_LIMIT + 1])
    count = len(shown) if len(shown) <= BANNER_LIMIT else unacknowledged.count()
    return CriticalBanner(shown[:BANNER_LIMIT], count)


def alert_for(user, pk) -> Alert:
    """One alert the user may see; another site's alert is a 404."""
    queryset = Alert.objects.select_related("session__patient", "site", "acknowledged_by", "reading", "rule")
    return get_object_or_404(scope(queryset, user), pk=pk)


@dataclass(frozen=True)
class AlertStep:
    what: str
    at: datetime
    by: object = None
    note: str = ""


def alert_history(alert: Alert) -> list[AlertStep]:
    """Raised, acknowledged, resolved: the alert's own record of its life, in order."""
    steps = [AlertStep("Raised", alert.raised_at, note=alert.message)]
    if alert.acknowledged_at:
        steps.append(
            AlertStep("Acknowledged", alert.acknowledged_at, alert.acknowledged_by, alert.acknowledgement_note)
        )
    if alert.snoozed_at:
        until = timezone.localtime(alert.snoozed_until).strftime("%H:%M")
        steps.append(AlertStep(f"Snoozed until {until}", alert.snoozed_at, alert.snoozed_by, alert.snooze_reason))
    if alert.escalated_at:
        steps.append(AlertStep("Escalated to the site's notification targets", alert.escalated_at))
    if alert.resolved_at:
        steps.append(AlertStep("Resolved", alert.resolved_at, note=alert.resolved_reason))
    return sorted(steps, key=lambda step: step.at)
