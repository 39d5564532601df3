from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from clinic.access import Action, require
from sessions.clinical import alerts as rules_engine
from sessions.clinical import news2, schedule
from sessions.models import Alert, InfusionSession, Metric, Phase, Severity, VitalSigns
from sessions.notifications import queue as notification_queue

from .guards import audited
from .snapshot import SessionSnapshot


def evaluate_rules(
    session: InfusionSession, *, now, by, snapshot: SessionSnapshot | None = None
) -> tuple[list[Alert], list[Alert]]:
    """Raise alerts for breached rules and resolve those back in range.

    Call with the session row locked: the readings it judges must not change underneath it.
    `snapshot`: the session's rows, if the caller has read them under that lock.
    """
    snapshot = snapshot or SessionSnapshot.read(session)
    readings = snapshot.judged()
    rule_alerts = [alert for alert in snapshot.alerts if alert.kind == Alert.Kind.RULE]
    open_alerts = {alert.rule_id: alert for alert in rule_alerts if alert.is_open}
    last_alerted_reading = {alert.rule_id: alert.reading_id for alert in rule_alerts}
    raised, resolved = [], []
    for rule in rules_engine.rules_for_session(session):
        state = rules_engine.assess(rule, readings, session.infusion_started_at)
        open_alert = open_alerts.get(rule.pk)
        if open_alert is None and rules_engine.opens_episode(state, last_alerted_reading.get(rule.pk)):
            raised.append(
                audited(
                    Alert(
                        site_id=session.site_id,
                        session=session,
                        kind=Alert.Kind.RULE,
                        rule=rule,
                        rule_snapshot=rule.snapshot(),
                        reading=state.reading,
                        value=state.value,
                        severity=rule.severity,
                        message=rules_engine.alert_message(rule, state)[:300],
                        raised_at=now,
                    ),
                    by,
                )
            )
            raised[-1].save()
        elif open_alert is not None and rules_engine.resolves(rule, state, readings):
            _resolve(open_alert, now, "Back in range" if state.in_range else "The rule's phase is over", by)
            resolved.append(open_alert)
    return raised, resolved


def resolve_rule_alerts_on_invalid_readings(session, *, now, by) -> list[Alert]:
    """An alert whose rule can no longer be judged (its readings were entered in error) resolves."""
    resolved = []
    for alert in session.alerts.open().filter(kind=Alert.Kind.RULE, reading__entered_in_error=True):
        _resolve(alert, now, "Its reading was marked entered in error", by)
        resolved.append(alert)
    return resolved


def resolve_rule_alerts_on_artifact(mark, *, now, by) -> list[Alert]:
    """An alert raised on values now marked as an artifact resolves, saying so; the rules are then
    judged again without them."""
    marked = set(mark.marked_fields)
    resolved = []
    for alert in mark.reading.alerts.open().filter(kind=Alert.Kind.RULE).select_related("rule"):
        metric = alert.rule.metric
        if metric in marked or (metric == Metric.NEWS2 and marked & set(news2.PARAMETERS)):
            _resolve(alert, now, "Its reading was marked as an artifact", by)
            resolved.append(alert)
    return resolved


def resolve_overdue_alerts(session, snapshot: SessionSnapshot, *, now, by) -> None:
    """Resolve the overdue alerts whose due time the latest reading has moved past. A reading
    back-timed to before a due time leaves its alert open: that due time is only raised once."""
    due = schedule.next_due(session, snapshot.latest_measured_at(), now)
    for alert in [alert for alert in snapshot.alerts if alert.kind == Alert.Kind.OVERDUE and alert.is_open]:
        if due is None or alert.due_at is None or due.due_at > alert.due_at:
            _resolve(alert, now, "A reading was recorded", by)


def _resolve(alert: Alert, now, reason: str, by) -> None:
    alert.resolved_at = now
    alert.resolved_reason = reason
    audited(alert, by).save(update_fields=["resolved_at", "resolved_reason"])


def acknowledge_alert(*, alert: Alert, by, note: str = "", now=None) -> Alert:
    """Record who took notice; acknowledging twice keeps the first acknowledgement."""
    now = now or timezone.now()
    require(by, Action.ACKNOWLEDGE, alert.site_id)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.acknowledged_at is None:
            alert.acknowledged_at = now
            alert.acknowledged_by = by
            alert.acknowledgement_note = note.strip()
            audited(alert, by).save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    return alert


def snooze_alert(*, alert: Alert, by, minutes: int, reason: str, now=None) -> Alert:
    """Silence an unacknowledged alert for a limited time, saying why. Only this alert (this rule,
    this side of its limit) is silenced: a snoozed "SBP high" still lets "SBP low" through. It
    neither shows in the banner nor escalates while snoozed, and comes back by itself if it is
    still open when the snooze ends; a reading back in range resolves it as usual."""
    now = now or timezone.now()
    require(by, Action.CHART, alert.site_id)
    longest = settings.ALERT_SNOOZE_MAX_MINUTES
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Say why the alert is snoozed."
    if not isinstance(minutes, int) or not 1 <= minutes <= longest:
        errors["minutes"] = f"Snooze for 1 to {longest} minutes."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.resolved_at is not None:
            raise ValidationError("This alert is already resolved.")
        if alert.acknowledged_at is not None:
            raise ValidationError("This alert is acknowledged; there is nothing to silence.")
        if alert.escalated_at is not None:
            raise ValidationError("This alert has been escalated; acknowledge it instead.")
        alert.snoozed_until = now + timedelta(minutes=minutes)
        alert.snoozed_at = now
        alert.snoozed_by = by
        alert.snooze_reason = reason.strip()[:200]
        audited(alert, by).save(update_fields=["snoozed_until", "snoozed_at", "snoozed_by", "snooze_reason"])
    return alert


def _escalation_due(now) -> Q:
    """Critical rule alerts wait ALERT_ESCALATION_MINUTES, overdue readings OVERDUE_ESCALATION_MINUTES,
    counted from when the alert was raised or, if it was snoozed, from when it came back."""
    waits = (
        (Q(kind=Alert.Kind.RULE, severity=Severity.CRITICAL), settings.ALERT_ESCALATION_MINUTES),
        (Q(kind=Alert.Kind.OVERDUE), settings.OVERDUE_ESCALATION_MINUTES),
    )
    due = Q(pk__in=[])
    for kind, wait in waits:
        cutoff = now - timedelta(minutes=wait)
        due |= kind & Q(raised_at__lte=cutoff) & (Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=cutoff))
    return due


def escalate_alerts(*, now=None) -> list[Alert]:
    """Mark escalated every open alert left unacknowledged too long, and notify the site's targets
    once it is committed. Judged on timestamps and re-checked under the row lock, so a late or
    repeated periodic check, an acknowledgement or a snooze arriving at the same moment, all leave
    each alert escalated at most once and never after it was acknowledged or snoozed."""
    now = now or timezone.now()
    candidates = Alert.objects.open().unacknowledged().filter(escalated_at__isnull=True).filter(_escalation_due(now))
    escalated = []
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            alert = candidates.select_for_update().filter(pk=pk).first()
            if alert is None:
                continue  # acknowledged, snoozed, resolved or escalated since the list was read
            alert.escalated_at = now
            alert.save(update_fields=["escalated_at"])
            transaction.on_commit(lambda alert=alert: notification_queue.announce_escalation(alert))
        escalated.append(alert)
    return escalated


_ACTIVE_PHASES = {Phase.PRE_CHECK, Phase.INFUSION, Phase.OBSERVATION}


def alert_overdue_readings(*, now=None, sessions=None) -> list[Alert]:
    """Raise one overdue alert per missed due time for sessions still being charted."""
    now = now or timezone.now()
    sessions = sessions if sessions is not None else InfusionSession.objects.all()
    open_sessions = sessions.filter(discharged_at__isnull=True, signed_at__isnull=True).with_last_reading_at()
    return alert_overdue_sessions(open_sessions, now=now)


def alert_overdue_sessions(sessions, *, now) -> list[Alert]:
    """`alert_overdue_readings` for sessions already read with their `last_reading_at`, such as the
    board's rows, so its poll reads them once; discharged and signed ones are passed over."""
    overdue = []
    for session in sessions:
        if session.phase(now) not in _ACTIVE_PHASES:
            continue
        due = schedule.next_due(session, session.last_reading_at, now)
        if due is not None and due.is_overdue(now):
            overdue.append((session, due))
    alerted = _already_alerted(overdue)
    raised = []
    for session, due in overdue:
        if (session.pk, due.due_at) not in alerted and (alert := _raise_overdue(session, due, now)):
            raised.append(alert)
    return raised


def _raise_overdue(session, due, now) -> Alert | None:
    """Insert the alert under the session's row lock, if it is still charted and no reading came
    since `session` was read. A session being charted this moment is locked and skipped (its
    reading settles the due time); one charted, discharged or signed since is judged again on
    the next check. The latest reading is read after the lock is held, so it sees every reading
    committed before."""
    try:
        with transaction.atomic():
            locked = InfusionSession.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
            current = locked.filter(pk=session.pk).first()
            if current is None or current.phase(now) not in _ACTIVE_PHASES:
                return None
            latest = VitalSigns.objects.valid().filter(session=session).aggregate(latest=Max("measured_at"))["latest"]
            if latest != session.last_reading_at:
                return None
            minutes = int(due.overdue_by(now).total_seconds() // 60)
            return Alert.objects.create(
                site_id=session.site_id,
                session=session,
                kind=Alert.Kind.OVERDUE,
                severity="warning",
                message=f"Reading overdue: {minutes} min past its due time",
                raised_at=now,
                due_at=due.due_at,
            )
    except IntegrityError:
        return None  # raised meanwhile by another poll


def _already_alerted(overdue: list) -> set:
    """(session id, due time) pairs that have their overdue alert. Every poll of the board asks,
    so one query answers for all its chairs (the unique constraint still settles a race)."""
    if not overdue:
        return set()
    return set(
        Alert.objects.filter(
            kind=Alert.Kind.OVERDUE,
            session__in=[session for session, _ in overdue],
            due_at__in={due.due_at for _, due in overdue},
        ).values_list("session_id", "due_at")
    )
