"""Forms parse what the nurse typed; the services decide whether it is clinically acceptable.

Range checks live in `validation.py` only, and their messages come back onto these forms'
fields, so a page and the API refuse the same values with the same words.
"""

import uuid

from django import forms
from django.utils.text import capfirst

from clinic import units
from clinic.models import Patient
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import Protocol, SessionEvent, SideEffect, VitalSigns
from sessions.models.limits import ENTERED_FIELDS
from sessions.pages.forms import local_datetime_field, number


class VitalsForm(forms.Form):
    measured_at = local_datetime_field(label="Measured at", required=False, help_text="Leave as now, or back-time.")
    systolic = number("Systolic", autofocus=True, placeholder="mmHg")
    diastolic = number("Diastolic", placeholder="mmHg")
    heart_rate = number("Heart rate", placeholder="/min")
    spo2 = number("SpO2", placeholder="%")
    respiratory_rate = number("Resp. rate", placeholder="/min")
    temperature_value = forms.CharField(
        label="Temp.", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5})
    )
    temperature_unit = forms.ChoiceField(label="Unit", choices=units.TEMPERATURE_UNITS)
    sedation_moaas = forms.TypedChoiceField(
        label="Sedation (MOAA/S)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "—"),
            (5, "5 alert"),
            (4, "4 lethargic"),
            (3, "3 loud voice"),
            (2, "2 shake"),
            (1, "1 pain"),
            (0, "0 none"),
        ],
    )
    dissociation = number("Dissociation (0–10)", min=0, max=10)
    pain = number("Pain (0–10)", min=0, max=10)
    consciousness = forms.ChoiceField(
        label="ACVPU", required=False, choices=[("", "—"), *VitalSigns.Consciousness.choices]
    )
    on_oxygen = forms.TypedChoiceField(
        label="Oxygen",
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
        choices=[("", "—"), ("no", "Room air"), ("yes", "Supplemental O₂")],
    )
    note = forms.CharField(label="Note", required=False, widget=forms.TextInput())
    client_key = forms.CharField(widget=forms.HiddenInput(), required=False, max_length=64)

    # Every value a reading holds but EtCO2, which comes from a capnograph rather than this form.
    MEASUREMENTS = tuple(name for name in ENTERED_FIELDS if name != "etco2")

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if site is not None and not self.is_bound:
            self.initial.setdefault("temperature_unit", site.temperature_unit)
        self.initial.setdefault("client_key", uuid.uuid4().hex)

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) for name in self.MEASUREMENTS}
        if not values["temperature_value"]:
            values.pop("temperature_unit")
        return values


WHOLE_READING = "reading"
ARTIFACT_CHOICES = [
    (WHOLE_READING, "Whole reading"),
    *((name, capfirst(VitalSigns._meta.get_field(name).verbose_name)) for name in VitalSigns.CHARTABLE_FIELDS),
]


class ArtifactForm(forms.Form):
    """Which values do not reflect the patient, and why; kept as charted, left out of rules and NEWS2."""

    artifact_values = forms.MultipleChoiceField(
        label="Artifact",
        choices=ARTIFACT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick values that do not reflect the patient (probe slipped, patient moving).",
    )
    artifact_reason = forms.CharField(label="Artifact reason", required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("artifact_reason", "").strip() and not cleaned.get("artifact_values"):
            self.add_error("artifact_values", "Tick the values that are artifacts, or the whole reading.")
        return cleaned

    def artifact_fields(self) -> list[str]:
        """The marked fields as the service takes them: none listed = the whole reading."""
        ticked = self.cleaned_data.get("artifact_values") or []
        return [] if WHOLE_READING in ticked else ticked


class VitalsEntryForm(VitalsForm, ArtifactForm):
    """The chart's entry form: a reading, optionally marked as an artifact as it is entered."""

    ARTIFACT_FIELDS = ("artifact_values", "artifact_reason")

    def reading_fields(self) -> list:
        return [field for field in self.visible_fields() if field.name not in self.ARTIFACT_FIELDS]

    def artifact_marking(self) -> list:
        """Rarely used, so the page keeps it folded below the values, unless it holds an answer."""
        return [self[name] for name in self.ARTIFACT_FIELDS]

    def marks_artifact(self) -> bool:
        return self.is_bound and any(self.data.get(name) or self[name].errors for name in self.ARTIFACT_FIELDS)


class CorrectionForm(VitalsForm):
    reason = forms.CharField(label="Why is the reading in error?", widget=forms.TextInput())
    field_order = ["reason"]


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["mrn", "given_name", "family_name", "date_of_birth", "allergies"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}), "allergies": forms.TextInput()}


class StartSessionForm(forms.Form):
    protocol = forms.ModelChoiceField(queryset=Protocol.objects.filter(active=True))
    weight_value = forms.DecimalField(label="Weight", max_digits=6, decimal_places=2)
    weight_unit = forms.ChoiceField(label="Unit", choices=units.WEIGHT_UNITS)
    dose_mg = forms.DecimalField(
        label="Fixed dose (mg)",
        help_text="Esketamine: 56 or 84 mg. Per-kg protocols compute it.",
        required=False,
        max_digits=7,
        decimal_places=2,
    )
    chair = forms.CharField(max_length=40)
    course_number = forms.IntegerField(label="Treatment number in the course", min_value=1)
    supervising_physician = forms.ModelChoiceField(queryset=None, required=False)
    lot_number = forms.CharField(max_length=40, required=False)

    def __init__(self, *args, physicians=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_physician"].queryset = physicians


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=SessionEvent.Kind.choices)
    occurred_at = local_datetime_field(required=False)
    rate = forms.CharField(required=False, max_length=40)
    drug = forms.CharField(required=False, max_length=80)
    dose = forms.CharField(required=False, max_length=40)
    route = forms.CharField(required=False, max_length=40)
    note = forms.CharField(required=False, widget=forms.TextInput())


class SideEffectForm(forms.Form):
    term = forms.ChoiceField(label="Side effect", choices=SideEffect.Term.choices)
    other_term = forms.CharField(label="If other, what", required=False, max_length=120)
    severity = forms.ChoiceField(choices=SideEffect.Severity.choices)
    onset_at = local_datetime_field(label="Onset", required=False)
    action_taken = forms.ChoiceField(label="Action", choices=SideEffect.Action.choices)
    note = forms.CharField(required=False, widget=forms.TextInput())


class DischargeForm(forms.Form):
    override_reason = forms.CharField(
        label="Physician override: reason", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item, label in DISCHARGE_CHECKLIST:
            self.fields[item] = forms.BooleanField(label=label, required=False)
        self.order_fields([item for item, _ in DISCHARGE_CHECKLIST] + ["override_reason"])

    def checklist(self) -> dict:
        return {item: self.cleaned_data.get(item, False) for item, _ in DISCHARGE_CHECKLIST}
