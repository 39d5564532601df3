"""What the physician's review pages parse: the session list's filters and the small action forms.

The choices every form offers come from the user's own sites, so a filter can never name (or
reveal) another site's nurse or site.
"""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from clinic.access import Action, site_ids_for, sites_for
from clinic.models import Role
from sessions.models import Alert, CoursePlan, InfusionSession, NotificationTarget, Protocol, SideEffect

DEFAULT_ATTESTATION = (
    "I have reviewed this session's chart, vital signs, alerts, side effects and discharge; "
    "the care given was appropriate."
)


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


def staff_name(user) -> str:
    return user.get_full_name() or user.username


class SessionReviewFilter(django_filters.FilterSet):
    IN_PROGRESS, AWAITING_SIGN_OFF, SIGNED = "in_progress", "awaiting_sign_off", "signed"

    arrived_from = django_filters.DateFilter(
        field_name="arrived_at", lookup_expr="date__gte", label="From", widget=_date_input()
    )
    arrived_to = django_filters.DateFilter(
        field_name="arrived_at", lookup_expr="date__lte", label="To", widget=_date_input()
    )
    site = django_filters.ModelChoiceFilter(queryset=None, empty_label="All my sites")
    nurse = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any nurse")
    protocol = django_filters.ModelChoiceFilter(queryset=Protocol.objects.all(), empty_label="Any protocol")
    status = django_filters.ChoiceFilter(
        choices=[(IN_PROGRESS, "In progress"), (AWAITING_SIGN_OFF, "Awaiting sign-off"), (SIGNED, "Signed")],
        method="filter_status",
        label="Status",
        empty_label="Any status",
    )
    has_alerts = django_filters.BooleanFilter(method="filter_has_alerts", label="Alerts")
    has_side_effects = django_filters.BooleanFilter(method="filter_has_side_effects", label="Side effects")
    mine = django_filters.BooleanFilter(method="filter_mine", label="Awaiting my sign-off", widget=forms.HiddenInput)

    class Meta:
        model = InfusionSession
        fields = ("arrived_from", "arrived_to", "site", "nurse", "protocol", "status", "has_alerts", "has_side_effects")

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["site"].queryset = sites_for(user)
        self.filters["nurse"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__site_id__in=site_ids_for(user),
                memberships__role=Role.NURSE,
                memberships__active=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.form.fields["nurse"].label_from_instance = staff_name
        for name in ("has_alerts", "has_side_effects"):
            self.form.fields[name].widget.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def filter_status(self, queryset, name, value):
        if value == self.IN_PROGRESS:
            return queryset.filter(discharged_at__isnull=True, signed_at__isnull=True)
        if value == self.AWAITING_SIGN_OFF:
            return queryset.filter(discharged_at__isnull=False, signed_at__isnull=True)
        return queryset.filter(signed_at__isnull=False)

    def filter_has_alerts(self, queryset, name, value):
        raised = Exists(Alert.objects.filter(session=OuterRef("pk")))
        return queryset.filter(raised if value else ~raised)

    def filter_has_side_effects(self, queryset, name, value):
        reported = SideEffect.objects.filter(session=OuterRef("pk"), entered_in_error=False)
        return queryset.filter(Exists(reported) if value else ~Exists(reported))

    def filter_mine(self, queryset, name, value):
        return awaiting_sign_off_by(queryset, self.user) if value else queryset


def awaiting_sign_off_by(queryset, user):
    """Discharged, unsigned sessions this physician may sign: theirs, or with no supervisor named."""
    return queryset.filter(
        Q(supervising_physician=user) | Q(supervising_physician__isnull=True),
        site_id__in=site_ids_for(user, Action.SIGN),
        discharged_at__isnull=False,
        signed_at__isnull=True,
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"placeholder": "e.g. seen at the chair, recheck in 5 min"}),
    )


class SignForm(forms.Form):
    attestation = forms.CharField(
        label="Attestation", initial=DEFAULT_ATTESTATION, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(label="I attest to the above and sign this session.", required=True)


class AddendumForm(forms.Form):
    text = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Why it is added after sign-off", max_length=500)


class QualityReportForm(forms.Form):
    """A period (dates at the clinic, inclusive) and the sites to count; every site by default."""

    date_from = forms.DateField(label="From", widget=_date_input())
    date_to = forms.DateField(label="To", widget=_date_input())
    sites = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data, *, user, today: datetime.date):
        data = data.copy()
        data.setdefault("date_from", (today - datetime.timedelta(days=90)).isoformat())
        data.setdefault("date_to", today.isoformat())
        super().__init__(data)
        self.fields["sites"].queryset = sites_for(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The end of the period must not be before its start.")
        return cleaned


class CoursePlanForm(forms.Form):
    """A planned course; the service checks the numbers make a schedule."""

    protocol = forms.ModelChoiceField(queryset=Protocol.objects.filter(active=True))
    induction_treatments = forms.IntegerField(
        label="Induction treatments", min_value=1, help_text="e.g. 6 IV infusions, or 8 esketamine doses."
    )
    induction_days = forms.IntegerField(
        label="Over (days)", min_value=1, help_text="e.g. 18 for six over two to three weeks; 28 for esketamine."
    )
    maintenance_interval_days = forms.IntegerField(
        label="Then maintenance every (days)", min_value=1, required=False, help_text="Empty: no maintenance planned."
    )
    started_on = forms.DateField(label="Starts on", widget=_date_input())


class EndCoursePlanForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "—"), *CoursePlan.Outcome.choices])
    ended_on = forms.DateField(label="Ended on", widget=_date_input())
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SnoozeForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, read when the form is made so tests and deployments can change it.
        self.fields["minutes"] = forms.IntegerField(
            label="Snooze for (min)", min_value=1, max_value=settings.ALERT_SNOOZE_MAX_MINUTES, initial=5
        )


class NotificationTargetForm(forms.ModelForm):
    # A receiver named without a scheme is reached over HTTPS (Django 6's default, said now).
    url = forms.URLField(label="Webhook URL", required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_for(user, Action.CONFIGURE_RULES)
        if self.instance.pk:
            self.fields["site"].disabled = True

    class Meta:
        model = NotificationTarget
        fields = ["site", "name", "kind", "url", "email", "active"]
        labels = {"email": "E-mail address"}
