"""The nurse's side of the REMS monitoring record, and the date it went to the REMS."""

from django import forms

from sessions.clinical import rems
from sessions.models import RemsRecord


class YesNoSelect(forms.NullBooleanSelect):
    """Yes / No, or not answered yet: a saved answer shows again as chosen, so a re-save keeps it."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "— not answered —"), ("true", "Yes"), ("false", "No")]


class RemsRecordForm(forms.ModelForm):
    medications_confirmed = forms.BooleanField(
        required=False, label="I checked these classes against the patient's current medication list"
    )
    medication_classes = forms.MultipleChoiceField(
        choices=rems.FORM_CLASSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Medications taken",
        help_text="Pre-ticked from the medication list; tick none if the patient takes none of these.",
    )
    dose_mg = forms.TypedChoiceField(
        choices=[("", "—"), *((dose, f"{dose} mg") for dose in rems.DOSES_MG)],
        coerce=int,
        empty_value=None,
        required=False,
        label="Dose",
    )
    vitals_acceptable_before_dosing = forms.NullBooleanField(
        required=False,
        label="Vital signs acceptable before dosing",
        widget=YesNoSelect(),
    )
    vitals_acceptable_before_end = forms.NullBooleanField(
        required=False,
        label="Vital signs acceptable before the end of monitoring",
        widget=YesNoSelect(),
    )

    class Meta:
        model = RemsRecord
        fields = list(rems.NURSE_CONFIRMED)
        labels = {"device_lot_numbers": "Device lot numbers", "other_adverse_events": "Other adverse events"}
        widgets = {"other_adverse_events": forms.Textarea(attrs={"rows": 2})}


class RemsSubmitForm(forms.Form):
    submitted_on = forms.DateField(label="Submitted on", widget=forms.DateInput(attrs={"type": "date"}))
