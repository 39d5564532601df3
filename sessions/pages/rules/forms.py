"""Forms for alert configuration: rules, the backtest period, medicine-class responses, grace.

They parse; `AlertRule.clean()` and the services in `services/rules.py` decide what is
acceptable, and their messages land next to the matching fields.
"""

import datetime

from django import forms
from django.utils import timezone

from clinic.models import DrugClass, MedicationClassResponse, Patient
from sessions.clinical.backtest import DEFAULT_DAYS
from sessions.models import AlertRule, Phase, Protocol

READING_PHASES = [(phase, Phase(phase).label) for phase in (Phase.PRE_CHECK, Phase.INFUSION, Phase.OBSERVATION)]
MEDICATION_CLASSES = [(value, label) for value, label in DrugClass.choices if value not in ("ssri", "other")]


class RuleFieldsForm(forms.ModelForm):
    """The rule's own fields, shared by the rule editor and the Django admin; `AlertRule.clean()`
    judges them. A phase an older rule was saved with stays selectable, so editing never drops it."""

    phases = forms.MultipleChoiceField(
        choices=READING_PHASES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every phase.",
    )

    class Meta:
        model = AlertRule
        fields = [*AlertRule.LIMIT_FIELDS, *AlertRule.SCOPE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = [phase for phase in (self.instance.phases or []) if phase in Phase.values]
        known = {value for value, _ in self.fields["phases"].choices}
        self.fields["phases"].choices += [(phase, Phase(phase).label) for phase in stored if phase not in known]


class AlertRuleForm(RuleFieldsForm):
    class Meta(RuleFieldsForm.Meta):
        labels = {
            "reference": "Compared with",
            "comparator": "Alert when the value is",
            "sustained_readings": "Consecutive readings",
            "protocol": "Only for protocol",
            "patient": "Only for patient",
            "patient_reason": "Why this patient needs their own limit",
            "medication_class": "Only for patients taking",
            "message": "Instruction shown with the alert",
        }
        help_texts = {
            "threshold": "For a change from baseline, a fall is negative (e.g. ≤ −20 %).",
            "sustained_readings": "How many readings in a row must breach before it alerts.",
        }
        widgets = {"patient_reason": forms.Textarea(attrs={"rows": 2})}

    # The editor shows the fields in three groups, in the order a physician thinks about a limit.
    GROUPS = (
        ("What it watches", ("name", "metric", "reference", "comparator", "threshold", "sustained_readings", "phases")),
        ("What the nurse sees", ("severity", "message")),
        ("Who it applies to", ("protocol", "patient", "patient_reason", "medication_class")),
    )

    def groups(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["protocol"].queryset = Protocol.objects.filter(active=True)
        self.fields["protocol"].empty_label = "Every protocol"
        self.fields["patient"].queryset = Patient.objects.filter(site=site, active=True)
        self.fields["patient"].empty_label = "Every patient"
        self.fields["medication_class"].choices = [("", "Any medicines"), *MEDICATION_CLASSES]
        self.fields["sustained_readings"].widget.attrs.update(min=1, max=10)
        self.fields["comparator"].choices = [
            ("gt", "> above"),
            ("gte", "≥ at or above"),
            ("lt", "< below"),
            ("lte", "≤ at or below"),
        ]
        self.fields["patient_reason"].help_text = "Required for a patient's own limit; shown on their sessions."
        self.fields["medication_class"].help_text = "Applies in addition to the other rules, only to these patients."


class BacktestPeriodForm(forms.Form):
    """The period to replay; by default the last 90 days."""

    start = forms.DateField(label="Replay from", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Replay to", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["start"] = data.get("start") or today - datetime.timedelta(days=DEFAULT_DAYS)
        data["end"] = data.get("end") or today
        if data["start"] > data["end"]:
            self.add_error("start", "The period must start before it ends.")
        elif (data["end"] - data["start"]).days > 366:
            self.add_error("start", "Try at most one year at a time.")
        return data

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Local midnight at the start, to local midnight after the end day, in the active timezone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.cleaned_data["start"], datetime.time(), zone)
        end = datetime.datetime.combine(self.cleaned_data["end"] + datetime.timedelta(days=1), datetime.time(), zone)
        return start, end


class MedicationResponseForm(forms.ModelForm):
    class Meta:
        model = MedicationClassResponse
        fields = ["banner_text", "severity", "interval_minutes", "clearance_required", "active"]
        labels = {"banner_text": "Banner", "interval_minutes": "Vitals at least every (min)"}
        widgets = {"banner_text": forms.Textarea(attrs={"rows": 2})}


class ProtocolGraceForm(forms.Form):
    """Minutes of grace per phase before a missed reading raises an overdue alert."""

    pre_check = forms.IntegerField(label="Pre-check", min_value=0, max_value=60)
    infusion = forms.IntegerField(label="Infusion", min_value=0, max_value=60)
    observation = forms.IntegerField(label="Observation", min_value=0, max_value=60)

    def __init__(self, *args, protocol, **kwargs):
        grace = protocol.overdue_grace_by_phase or {}
        initial = {phase: grace.get(phase, protocol.overdue_grace_minutes) for phase in Protocol.GRACE_PHASES}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["infusion"].help_text = f"Readings due every {protocol.infusion_interval_minutes} min."
        self.fields["observation"].help_text = f"Readings due every {protocol.observation_interval_minutes} min."
