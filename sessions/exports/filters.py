"""Query parameters shared by every export: site, patient, from, to, status, updated_since.

One FilterSet per kind of row, differing only in where the row keeps its patient, session and
clinical time, so `?from=…&status=signed` means the same thing in every CSV and FHIR export.
The querysets handed in are already scoped to the user's sites; the site and patient choices
are scoped too, so naming another site's patient is refused like a patient that does not exist.
"""

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from clinic.access import scope, sites_for
from clinic.models import Patient
from sessions.models import InfusionSession, Phase

# "+00:00" in a query string arrives as " 00:00" when the client forgot to encode the plus.
_UNENCODED_OFFSET = re.compile(r" (\d\d:?\d\d)$")


class MomentField(forms.Field):
    """An ISO 8601 date or date-time; one without an offset is read as UTC."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date (2026-11-16) or date-time with offset (2026-11-16T14:00:00Z)."
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _UNENCODED_OFFSET.sub(r"+\1", str(value).strip())
        try:
            day = parse_date(text)
            moment = None if day else parse_datetime(text)
        except ValueError:
            day = moment = None
        if day is not None:
            return day
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment


class MomentFilter(django_filters.Filter):
    field_class = MomentField


def lower_bound(value: datetime.date) -> datetime.datetime:
    """The first instant `value` covers (a date starts at midnight UTC)."""
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time.min, tzinfo=datetime.UTC)


def upper_bound(value: datetime.date) -> tuple[datetime.datetime, str]:
    """The bound and lookup for `to`: a date includes its whole day, a date-time is inclusive."""
    if isinstance(value, datetime.datetime):
        return value, "lte"
    return lower_bound(value + datetime.timedelta(days=1)), "lt"


class ExportForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end:
            bound, lookup = upper_bound(end)
            if lower_bound(start) > bound or (lookup == "lt" and lower_bound(start) == bound):
                self.add_error("to", "`to` must not be before `from`.")
        return cleaned


def phase_q(phase: str, *, now: datetime.datetime, prefix: str = "") -> Q:
    """Sessions in `phase` at `now`, reached through `prefix` ("" or "session__").

    Mirrors InfusionSession.phase(), which is derived from timestamps and never stored. Only
    "ready for discharge" needs the protocol snapshot's minimum observation time, so it is one
    condition per distinct minimum (a handful of protocols), not a per-row computation.
    """

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    charting = q(signed_at__isnull=True, discharged_at__isnull=True)
    ended = charting & q(infusion_ended_at__isnull=False)
    if phase == Phase.SIGNED:
        return q(signed_at__isnull=False)
    if phase == Phase.DISCHARGED:
        return q(signed_at__isnull=True, discharged_at__isnull=False)
    if phase == Phase.PRE_CHECK:
        return charting & q(infusion_started_at__isnull=True)
    if phase == Phase.INFUSION:
        return charting & q(infusion_started_at__isnull=False, infusion_ended_at__isnull=True)
    minimums = (
        InfusionSession.objects.order_by()
        .values_list("protocol_snapshot__min_observation_minutes", flat=True)
        .distinct()
    )
    complete = Q(pk__in=[])
    for minutes in minimums:
        complete |= q(
            protocol_snapshot__min_observation_minutes=minutes,
            infusion_ended_at__lte=now - datetime.timedelta(minutes=minutes),
        )
    if phase == Phase.READY_FOR_DISCHARGE:
        return ended & complete
    return ended & ~complete


def _user_sites(request):
    return sites_for(request.user)


def _user_patients(request):
    return scope(Patient.objects.all(), request.user)


class ExportFilter(django_filters.FilterSet):
    """Rows of a session or of its chart. Subclasses say where the row keeps what."""

    patient_path = "patient"
    session_prefix = ""
    time_path = "arrived_at"

    site = django_filters.ModelChoiceFilter(queryset=_user_sites, help_text="Site id.")
    patient = django_filters.ModelChoiceFilter(
        queryset=_user_patients, method="filter_patient", help_text="Patient id."
    )
    to = MomentFilter(method="filter_to", help_text="Clinical time up to (a date includes its whole day).")
    status = django_filters.ChoiceFilter(
        choices=Phase.choices, method="filter_status", help_text="The session's phase now."
    )
    updated_since = MomentFilter(method="filter_updated_since", help_text="Rows changed at or after, for sync.")

    class Meta:
        form = ExportForm

    @classmethod
    def get_filters(cls):
        # "from" is a Python keyword, so it cannot be declared as a class attribute.
        filters = super().get_filters()
        start = MomentFilter(field_name="from", method="filter_from", help_text="Clinical time from (inclusive).")
        names = list(filters)
        names.insert(names.index("to"), "from")
        return {name: start if name == "from" else filters[name] for name in names}

    def filter_queryset(self, queryset):
        # Conditions on the session and clinical time are gathered and applied together, so a
        # subclass can apply them through a subquery and still mean "one session matching all".
        self.conditions = Q()
        queryset = super().filter_queryset(queryset)
        return self.restrict(queryset, self.conditions) if self.conditions else queryset

    def restrict(self, queryset, conditions: Q):
        return queryset.filter(conditions)

    def filter_patient(self, queryset, name, value):
        return queryset.filter(**{self.patient_path: value})

    def filter_from(self, queryset, name, value):
        self.conditions &= Q(**{f"{self.time_path}__gte": lower_bound(value)})
        return queryset

    def filter_to(self, queryset, name, value):
        bound, lookup = upper_bound(value)
        self.conditions &= Q(**{f"{self.time_path}__{lookup}": bound})
        return queryset

    def filter_status(self, queryset, name, value):
        self.conditions &= phase_q(value, now=timezone.now(), prefix=self.session_prefix)
        return queryset

    def filter_updated_since(self, queryset, name, value):
        # Inclusive: an incremental sync may see a row twice, but never misses one.
        return queryset.filter(updated_at__gte=lower_bound(value))


class SessionFilter(ExportFilter):
    """Sessions, by arrival."""


class DoseFilter(ExportFilter):
    """Sessions as the drug given, by infusion (or single dose) start."""

    time_path = "infusion_started_at"


class ChartFilter(ExportFilter):
    patient_path = "session__patient"
    session_prefix = "session__"


class ReadingFilter(ChartFilter):
    time_path = "measured_at"


class SideEffectFilter(ChartFilter):
    time_path = "onset_at"


class SessionEventFilter(ChartFilter):
    time_path = "occurred_at"


class AlertFilter(ChartFilter):
    time_path = "raised_at"

    ALERT_STATES = {
        "open": Q(resolved_at__isnull=True),
        "unacknowledged": Q(resolved_at__isnull=True, acknowledged_at__isnull=True),
        "acknowledged": Q(acknowledged_at__isnull=False),
        "resolved": Q(resolved_at__isnull=False),
    }

    alert_status = django_filters.ChoiceFilter(
        choices=[(state, state) for state in ALERT_STATES],
        method="filter_alert_status",
        help_text="The alert's own state.",
    )

    def filter_alert_status(self, queryset, name, value):
        return queryset.filter(self.ALERT_STATES[value])


class PatientFilter(ExportFilter):
    """Patients; from, to and status select patients with a session that matches them all."""

    patient_path = "pk"

    def restrict(self, queryset, conditions: Q):
        return queryset.filter(pk__in=InfusionSession.objects.filter(conditions).values("patient_id"))
