"""Reads for the physician's review pages, scoped and shaped so each page costs a fixed number
of queries whatever the number of rows (counts are subqueries, related rows are prefetched)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clinic.access import Action, scope
from clinic.models import Patient
from sessions import artifacts, course_plan, quality, selectors
from sessions.discharge import DISCHARGE_CHECKLIST
from sessions.models import Alert, Assessment, CoursePlan, InfusionSession, Severity, SideEffect, VitalSigns
from sessions.trend_chart import chart_for_session

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


def _count(rows):
    """A per-session count as a subquery: no join, so other counts on the same row stay right."""
    counted = rows.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def sessions_for_review(user):
    return (
        scope(InfusionSession.objects.all(), user)
        .select_related("patient", "site", "nurse", "signed_by", "supervising_physician")
        .annotate(
            alert_count=_count(Alert.objects.all()),
            open_alert_count=_count(Alert.objects.open()),
            side_effect_count=_count(SideEffect.objects.filter(entered_in_error=False)),
        )
        .order_by("-arrived_at", "-id")
    )


def review_details(session) -> dict:
    """Everything recorded on one session, in a fixed number of queries."""
    return {
        **selectors.chart_details(session),
        "assessments": list(session.assessments.select_related("recorded_by").order_by("administered_at", "id")),
        "addenda": list(session.addenda.select_related("author").order_by("created_at", "id")),
    }


def record_details(session, *, now) -> dict:
    """What the review page and the printed record show: every row, NEWS2 per reading, the trend chart."""
    details = review_details(session)
    return {
        **details,
        "rows": selectors.scored_rows(details["readings"]),
        "chart": chart_for_session(session, now=now, readings=details["readings"], events=details["events"]),
        "checklist": [(label, bool(session.discharge_checklist.get(item))) for item, label in DISCHARGE_CHECKLIST],
    }


def patient_for(user, pk) -> Patient:
    return get_object_or_404(scope(Patient.objects.select_related("site"), user), pk=pk)


def course_sessions(patient) -> list[InfusionSession]:
    """The patient's sessions in order, each with its readings (`judged_readings`: artifact values
    left out of the statistics), side effects and alerts (five queries)."""
    sessions = list(
        patient.sessions.filter(site_id=patient.site_id)
        .select_related("site")
        .order_by("arrived_at", "id")
        .prefetch_related(
            Prefetch(
                "readings",
                queryset=VitalSigns.objects.valid().order_by("measured_at", "id").prefetch_related("artifacts"),
                to_attr="valid_readings",
            ),
            Prefetch(
                "side_effects", queryset=SideEffect.objects.filter(entered_in_error=False), to_attr="valid_side_effects"
            ),
            Prefetch("alerts", queryset=Alert.objects.order_by("raised_at", "id"), to_attr="alert_list"),
        )
    )
    for session in sessions:
        marks = artifacts.marks_by_reading(
            mark for reading in session.valid_readings for mark in reading.artifacts.all()
        )
        session.judged_readings = artifacts.judged(session.valid_readings, marks)
    return sessions


def course_plans(patient) -> list[CoursePlan]:
    return list(
        patient.course_plans.filter(site_id=patient.site_id).select_related("protocol", "site", "set_by", "ended_by")
    )


def active_course_plan(patient) -> CoursePlan:
    plans = patient.course_plans.filter(site_id=patient.site_id, status=CoursePlan.Status.ACTIVE)
    return get_object_or_404(plans.select_related("site"))


def dosed_times(patient) -> list[datetime]:
    """When each of the patient's treatments was given (the dose or the infusion's start)."""
    sessions = patient.sessions.filter(site_id=patient.site_id, infusion_started_at__isnull=False)
    return list(sessions.values_list("infusion_started_at", flat=True))


def next_treatment_due(patient, *, now) -> date | None:
    """The next treatment the patient's active plan asks for (the discharge instructions' next appointment)."""
    plan = patient.course_plans.filter(status=CoursePlan.Status.ACTIVE).select_related("site").first()
    return course_plan.plan_progress(plan, dosed_times(patient), now).next_due if plan else None


def course_assessments(patient) -> list[Assessment]:
    return list(
        patient.assessments.filter(site_id=patient.site_id, entered_in_error=False)
        .select_related("session")
        .order_by("administered_at", "id")
    )


def quality_report(user, *, sites, date_from, date_to) -> quality.QualityReport:
    """The period's sessions at `sites` (arrival dates in the current timezone, inclusive): four queries."""
    sessions = scope(InfusionSession.objects.all(), user).filter(
        site__in=sites, arrived_at__date__gte=date_from, arrived_at__date__lte=date_to
    )
    site_rows = {"site__in": sites, "session__in": sessions}
    counts = sessions.aggregate(total=Count("pk"), overrides=Count("pk", filter=Q(discharge_override_by__isnull=False)))
    readings = (
        VitalSigns.objects.valid()
        .filter(**site_rows)
        .aggregate(total=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
    )
    alerts = [
        quality.AlertRow(
            rule=row["rule_snapshot"].get("name") or (quality.OVERDUE_RULE if row["kind"] == "overdue" else "Other"),
            severity=row["severity"],
            kind=row["kind"],
            raised_at=row["raised_at"],
            acknowledged_at=row["acknowledged_at"],
        )
        for row in Alert.objects.filter(**site_rows).values(
            "rule_snapshot", "kind", "severity", "raised_at", "acknowledged_at"
        )
    ]
    terms = dict(SideEffect.Term.choices)
    side_effects = [
        (session_id, other_term if term == SideEffect.Term.OTHER and other_term else terms.get(term, term))
        for session_id, term, other_term in SideEffect.objects.filter(entered_in_error=False, **site_rows).values_list(
            "session_id", "term", "other_term"
        )
    ]
    return quality.build_report(
        sessions=counts["total"],
        overrides=counts["overrides"],
        alerts=alerts,
        readings=readings["total"],
        late_readings=readings["late"],
        side_effects=side_effects,
    )
