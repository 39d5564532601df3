"""Protocols: how a treatment is given and monitored (configured here, versioned)."""

from django import forms
from django.contrib import admin

from clinic.admin_scoping import ClinicAdmin, ClinicModelForm
from sessions.models import (
    Protocol,
    VitalSigns,
)


class ProtocolForm(ClinicModelForm):
    required_fields = forms.MultipleChoiceField(
        choices=[(name, name.replace("_", " ")) for name in VitalSigns.CHARTABLE_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vital fields every reading must include.",
    )

    class Meta:
        model = Protocol
        fields = "__all__"


@admin.register(Protocol)
class ProtocolAdmin(ClinicAdmin):
    group_wide = True
    form = ProtocolForm
    list_display = (
        "name",
        "drug",
        "route",
        "dose",
        "infusion_minutes",
        "infusion_interval_minutes",
        "observation_interval_minutes",
        "min_observation_minutes",
        "version",
        "active",
    )
    list_filter = ("drug", "route", "dose_rule", "active")
    search_fields = ("name",)
    readonly_fields = ("version",)
    fieldsets = (
        (None, {"fields": ("name", "drug", "route", "active", "version")}),
        ("Dose", {"fields": Protocol.DOSE_FIELDS}),
        ("Monitoring", {"fields": Protocol.MONITORING_FIELDS}),
    )

    @admin.display(description="Dose")
    def dose(self, obj):
        if obj.dose_rule == Protocol.DoseRule.PER_KG:
            text = f"{obj.dose_mg_per_kg} mg/kg" if obj.dose_mg_per_kg is not None else "— mg/kg"
        else:
            text = " or ".join(f"{dose} mg" for dose in obj.fixed_doses_mg) or "—"
        return f"{text} (max {obj.max_dose_mg} mg)" if obj.max_dose_mg is not None else text
