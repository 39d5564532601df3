"""Sessions: what a nurse gives to open one, and how one reads back."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clinic import units
from clinic.access import site_ids_for
from clinic.api.fields import AwareDateTimeField, ScopedRelatedField, staff_field
from clinic.api.mixins import StrictInputMixin
from clinic.models import Patient, StaffMembership
from sessions.models import InfusionSession, Phase, Protocol


class ColleagueField(serializers.SlugRelatedField):
    """A staff member by username, looked up only among the caller's colleagues."""

    def get_queryset(self):
        sites = site_ids_for(self.context["request"].user)
        colleagues = StaffMembership.objects.filter(site_id__in=sites, active=True).values("user_id")
        return super().get_queryset().filter(pk__in=colleagues)


class SessionSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField(help_text="Derived from the session's timestamps, now.")
    nurse = staff_field()
    supervising_physician = staff_field()
    discharged_by = staff_field()
    signed_by = staff_field()
    discharge_override_by = staff_field()
    weight_value = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, help_text="As entered.")
    weight_unit = serializers.ChoiceField(choices=units.WEIGHT_UNITS, read_only=True, help_text="kg or lb.")
    weight_kg = serializers.DecimalField(max_digits=9, decimal_places=5, read_only=True, help_text="Weight in kg.")
    dose_computed_mg = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, help_text="mg.")
    dose_given_mg = serializers.DecimalField(
        max_digits=7, decimal_places=2, read_only=True, allow_null=True, help_text="mg."
    )

    class Meta:
        model = InfusionSession
        fields = (
            "id",
            "site",
            "patient",
            "protocol",
            "protocol_snapshot",
            "phase",
            "course_number",
            "chair",
            "nurse",
            "supervising_physician",
            "weight_value",
            "weight_unit",
            "weight_kg",
            "dose_computed_mg",
            "dose_formula",
            "dose_given_mg",
            "lot_number",
            "interaction_warnings",
            "arrived_at",
            "infusion_started_at",
            "infusion_ended_at",
            "discharged_at",
            "discharged_by",
            "discharge_override_by",
            "discharge_override_reason",
            "signed_at",
            "signed_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Phase.choices))
    def get_phase(self, session) -> str:
        return session.phase()


class StartSessionSerializer(StrictInputMixin, serializers.Serializer):
    """What a nurse gives to open a session; `start_session` computes the dose and snapshots the protocol."""

    patient = ScopedRelatedField(queryset=Patient.objects.all())
    protocol = serializers.PrimaryKeyRelatedField(queryset=Protocol.objects.all())
    weight_value = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Weight in `weight_unit`.")
    weight_unit = serializers.ChoiceField(choices=units.WEIGHT_UNITS, help_text="kg or lb.")
    dose_mg = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="mg; for fixed-dose protocols, one of the allowed doses. Default: computed from the protocol.",
    )
    chair = serializers.CharField(max_length=40, required=False, allow_blank=True)
    course_number = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True, help_text="Default: the next in the series."
    )
    supervising_physician = ColleagueField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Username of a physician of the patient's site.",
    )
    lot_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    arrived_at = AwareDateTimeField(required=False, help_text="Default: now.")


class ProtocolSerializer(serializers.ModelSerializer):
    class Meta:
        model = Protocol
        fields = (
            "id",
            "name",
            "drug",
            "route",
            *Protocol.DOSE_FIELDS,
            *Protocol.MONITORING_FIELDS,
            "version",
            "active",
        )
        read_only_fields = fields
        extra_kwargs = {
            "dose_mg_per_kg": {"help_text": "mg per kg of body weight, for per-kg protocols."},
            "fixed_doses_mg": {"help_text": "Allowed fixed doses in mg, e.g. [56, 84]."},
            "max_dose_mg": {"help_text": "Dose cap in mg."},
            "infusion_minutes": {"help_text": "Planned infusion length in minutes; 0 for a single dose."},
            "infusion_interval_minutes": {"help_text": "Minutes between readings during the infusion."},
            "observation_interval_minutes": {"help_text": "Minutes between readings after the infusion."},
            "min_observation_minutes": {"help_text": "Minimum observation after the infusion, in minutes."},
            "overdue_grace_minutes": {"help_text": "Minutes past due before a reading counts as overdue."},
        }
