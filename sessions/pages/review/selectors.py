"""Reads for the physician's review pages, scoped and shaped so each page costs a fixed number
of queries whatever the number of rows (counts are subqueries, related rows are prefetched)."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from clinic.access import scope
from sessions.clinical import quality
from sessions.models import Alert, InfusionSession, SideEffect, VitalSigns


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
