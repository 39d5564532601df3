"""Filters for sessions and what is charted on them; shared by the nested and the flat collections."""

import django_filters
from django.db.models import Q

from clinic.api.filters import IdFilter, SyncFilterSet, status_filter, time_range
from sessions.models import (
    Alert,
    AlertRule,
    Assessment,
    InfusionSession,
    RemsRecord,
    SessionEvent,
    SideEffect,
    VitalSigns,
)

PATIENT_HELP = "Only this patient's rows (a patient id)."
SESSION_HELP = "Only this session's rows (a session id)."
PROTOCOL_HELP = "Only this protocol's rows (a protocol id)."


class SessionFilterSet(SyncFilterSet):
    patient = IdFilter(field_name="patient_id", help_text=PATIENT_HELP)
    protocol = IdFilter(field_name="protocol_id", help_text=PROTOCOL_HELP)
    arrived_after, arrived_before = time_range("arrived_at", "arrived")
    status = status_filter(
        {
            "open": ("Open: not discharged yet", Q(discharged_at__isnull=True, signed_at__isnull=True)),
            "discharged": ("Discharged, awaiting sign-off", Q(discharged_at__isnull=False, signed_at__isnull=True)),
            "signed": ("Signed", Q(signed_at__isnull=False)),
        },
        help_text="open (being charted), discharged (awaiting sign-off) or signed.",
    )

    class Meta:
        model = InfusionSession
        fields = ("site", "patient", "protocol", "arrived_after", "arrived_before", "status", "updated_since")


class SessionRowsFilterSet(SyncFilterSet):
    """Rows that belong to a session: by session and by its patient."""

    session = IdFilter(field_name="session_id", help_text=SESSION_HELP)
    patient = IdFilter(field_name="session__patient_id", help_text=PATIENT_HELP)


class ChartedFilterSet(SessionRowsFilterSet):
    """Rows charted on a session, which may be entered in error."""

    entered_in_error = django_filters.BooleanFilter(help_text="false = only valid rows.")


class ReadingFilterSet(ChartedFilterSet):
    measured_after, measured_before = time_range("measured_at", "measured")

    class Meta:
        model = VitalSigns
        fields = ("site", "session", "patient", "measured_after", "measured_before", "entered_in_error", "phase")


class SideEffectFilterSet(ChartedFilterSet):
    onset_after, onset_before = time_range("onset_at", "onset")

    class Meta:
        model = SideEffect
        fields = ("site", "session", "patient", "onset_after", "onset_before", "term", "severity")


class SessionEventFilterSet(ChartedFilterSet):
    occurred_after, occurred_before = time_range("occurred_at", "occurred")

    class Meta:
        model = SessionEvent
        fields = ("site", "session", "patient", "occurred_after", "occurred_before", "kind")


class AssessmentFilterSet(ChartedFilterSet):
    patient = IdFilter(field_name="patient_id", help_text=PATIENT_HELP)
    administered_after, administered_before = time_range("administered_at", "administered")

    class Meta:
        model = Assessment
        fields = ("site", "session", "patient", "administered_after", "administered_before", "instrument")


class RemsRecordFilterSet(SessionRowsFilterSet):
    submitted = django_filters.BooleanFilter(
        field_name="submitted_on", lookup_expr="isnull", exclude=True, help_text="false = not yet sent to the REMS."
    )

    class Meta:
        model = RemsRecord
        fields = ("site", "session", "patient", "submitted")


class AlertFilterSet(SessionRowsFilterSet):
    raised_after, raised_before = time_range("raised_at", "raised")
    status = status_filter(
        {
            "open": ("Not resolved", Q(resolved_at__isnull=True)),
            "unacknowledged": (
                "Not resolved and not acknowledged",
                Q(resolved_at__isnull=True, acknowledged_at__isnull=True),
            ),
            "resolved": ("Resolved", Q(resolved_at__isnull=False)),
        },
        help_text="open, unacknowledged (open and nobody acknowledged it) or resolved.",
    )

    class Meta:
        model = Alert
        fields = ("site", "session", "patient", "raised_after", "raised_before", "status", "severity", "kind")


class AlertRuleFilterSet(SyncFilterSet):
    protocol = IdFilter(field_name="protocol_id", help_text=PROTOCOL_HELP)
    patient = IdFilter(field_name="patient_id", help_text="Only this patient's own rules.")
    applies_to_patient = IdFilter(
        method="filter_patient", help_text="Rules that can apply to this patient: site-wide, protocol and their own."
    )

    class Meta:
        model = AlertRule
        fields = ("site", "protocol", "patient", "metric", "severity", "active", "updated_since")

    def filter_patient(self, queryset, name, value):
        return queryset.filter(Q(patient__isnull=True) | Q(patient_id=value))
