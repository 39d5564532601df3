"""One session's whole record as the chart, the review page and the printed documents show it."""

from django.shortcuts import get_object_or_404

from clinic.access import scope
from sessions.charts.trend import chart_for_session
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import InfusionSession
from sessions.selectors.readings import charted_readings, scored_rows


def session_for(user, pk, action=None) -> InfusionSession:
    """One session the user may see; another site's session is a 404, never a 403. With the staff
    its pages name (nurse, supervising physician, who discharged, authorised or signed)."""
    staff = ("nurse", "supervising_physician", "discharged_by", "discharge_override_by", "signed_by")
    queryset = scope(InfusionSession.objects.select_related("patient", "site", "protocol", *staff), user)
    return get_object_or_404(queryset, pk=pk)


def chart_details(session) -> dict:
    alerts = list(session.alerts.select_related("acknowledged_by", "reading").order_by("-raised_at", "-id"))
    return {
        "readings": charted_readings(session, alerts),
        "alerts": alerts,
        "events": list(session.events.select_related("recorded_by").order_by("occurred_at", "id")),
        "side_effects": list(session.side_effects.select_related("recorded_by").order_by("onset_at", "id")),
    }


def review_details(session) -> dict:
    """Everything recorded on one session, in a fixed number of queries."""
    return {
        **chart_details(session),
        "assessments": list(session.assessments.select_related("recorded_by").order_by("administered_at", "id")),
        "addenda": list(session.addenda.select_related("author").order_by("created_at", "id")),
    }


def record_details(session, *, now) -> dict:
    """What the review page and the printed record show: every row, NEWS2 per reading, the trend chart."""
    details = review_details(session)
    return {
        **details,
        "rows": scored_rows(details["readings"]),
        "chart": chart_for_session(session, now=now, readings=details["readings"], events=details["events"]),
        "checklist": [(label, bool(session.discharge_checklist.get(item))) for item, label in DISCHARGE_CHECKLIST],
    }
