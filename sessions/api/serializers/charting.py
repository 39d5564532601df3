"""Readings and what else is charted on a session, as the API shows and accepts them.

Input serializers check shapes and types only. Whether a value is clinically possible is
decided by the services (`sessions.clinical.validation`), whose field-keyed messages reach the client
unchanged, so a page and the API refuse the same values with the same words.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clinic import units
from clinic.api.fields import AwareDateTimeField, ScopedRelatedField, staff_field
from clinic.api.mixins import StrictInputMixin
from clinic.models import Patient
from sessions.clinical import assessments, news2
from sessions.models import Assessment, InfusionSession, ReadingArtifact, SessionEvent, SideEffect, VitalSigns
from sessions.models.limits import ENTERED_FIELDS, INTEGER_LIMITS
from sessions.selectors import news2_for_readings

from .alerting import AlertSerializer

SESSION_READ_ONLY = ("id", "site", "session", "recorded_at", "recorded_by", "updated_at")
ENTERED_IN_ERROR = ("entered_in_error", "error_reason", "error_marked_by", "error_marked_at")


class VitalSignField(serializers.IntegerField):
    """A whole-number vital sign. Its plausible range is documented here and enforced by the service."""

    def __init__(self, name: str, **kwargs):
        low, high, label, unit = INTEGER_LIMITS[name]
        unit_text = f" in {unit}" if unit else ""
        kwargs.setdefault("help_text", f"{label}{unit_text}; accepted range {low}–{high}.")
        super().__init__(required=False, allow_null=True, **kwargs)
        # Schema only: no validators, so the service's message is the one the client reads.
        self.min_value, self.max_value = low, high


class CarriedValueSerializer(serializers.Serializer):
    parameter = serializers.ChoiceField(choices=news2.PARAMETERS)
    value = serializers.JSONField(help_text="The value used, in the parameter's canonical unit (°C for temperature).")
    measured_at = serializers.DateTimeField(help_text="When the earlier reading that supplied it was measured.")


class News2Serializer(serializers.Serializer):
    """NEWS2 of one reading; a partial score names what is missing and can only understate risk.
    A parameter the reading lacks may come from the session's reading of the last
    NEWS2_CARRY_FORWARD_MINUTES (30 by default): `carried_forward` names each one and when."""

    score = serializers.IntegerField(help_text="Sum of the scored parameters.")
    risk = serializers.ChoiceField(choices=[news2.LOW, news2.LOW_MEDIUM, news2.MEDIUM, news2.HIGH])
    partial = serializers.BooleanField(help_text="True when a parameter is missing.")
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Parameters neither the reading nor a recent one has."
    )
    carried_forward = CarriedValueSerializer(many=True, help_text="Parameters taken from an earlier reading.")

    def to_representation(self, instance):
        if isinstance(instance, news2.News2):
            return instance.as_dict()
        scored = self.context.get("news2_by_reading", {}).get(instance.pk)
        return (scored or news2_for_readings([instance])[instance.pk]).as_dict()


class ReadingListSerializer(serializers.ListSerializer):
    """Scores a page of readings with one query for the values they carry forward."""

    def to_representation(self, data):
        readings = list(data.all() if hasattr(data, "all") else data)
        self.context["news2_by_reading"] = news2_for_readings(readings)
        return super().to_representation(readings)


class ArtifactSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Values of a reading marked as not reflecting the patient; they stay as charted and are left
    out of alert rules and NEWS2."""

    values = serializers.ListField(
        source="fields",
        child=serializers.ChoiceField(choices=VitalSigns.CHARTABLE_FIELDS),
        required=False,
        help_text="The values marked (field names); empty or absent = the whole reading.",
    )
    marked_by = staff_field()

    class Meta:
        model = ReadingArtifact
        fields = ("id", "values", "reason", "marked_by", "marked_at")
        read_only_fields = ("id", "marked_by", "marked_at")


class ReadingSerializer(StrictInputMixin, serializers.ModelSerializer):
    """One vital-signs reading, stored exactly as entered; `temperature_c` is the exact conversion."""

    patient = serializers.IntegerField(source="session.patient_id", read_only=True)
    measured_at = AwareDateTimeField(required=False, help_text="Clinical time; may be back-timed. Default: now.")
    recorded_by = staff_field()
    error_marked_by = staff_field()
    temperature_value = serializers.DecimalField(
        max_digits=6,
        decimal_places=None,
        required=False,
        allow_null=True,
        help_text="Temperature as entered, in `temperature_unit`; one decimal place; 25.0–45.0 °C or 77.0–113.0 °F.",
    )
    temperature_unit = serializers.ChoiceField(
        choices=units.TEMPERATURE_UNITS,
        required=False,
        allow_blank=True,
        help_text="C or F; default: the site's unit.",
    )
    temperature_c = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True, help_text="Temperature in °C (canonical)."
    )
    consciousness = serializers.ChoiceField(
        choices=VitalSigns.Consciousness.choices, required=False, allow_blank=True, help_text="ACVPU."
    )
    on_oxygen = serializers.BooleanField(required=False, allow_null=True, help_text="On supplemental oxygen.")
    client_id = serializers.CharField(
        source="client_key",
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="Idempotency key (or send the Idempotency-Key header): a retry returns the stored reading.",
    )
    corrected_by = serializers.SerializerMethodField(help_text="The reading that replaced this one, if any.")
    news2 = News2Serializer(source="*", read_only=True)
    artifacts = ArtifactSerializer(many=True, read_only=True, help_text="Values marked as artifacts.")

    class Meta:
        model = VitalSigns
        fields = (
            "id",
            "site",
            "session",
            "patient",
            "measured_at",
            "recorded_at",
            "recorded_by",
            "phase",
            "is_late",
            *ENTERED_FIELDS,
            "temperature_c",
            "source",
            "note",
            "client_id",
            "news2",
            "artifacts",
            *ENTERED_IN_ERROR,
            "corrects",
            "corrected_by",
            "updated_at",
        )
        read_only_fields = (*SESSION_READ_ONLY, "phase", "is_late", *ENTERED_IN_ERROR, "corrects")
        list_serializer_class = ReadingListSerializer

    def get_fields(self):
        fields = super().get_fields()
        for name in INTEGER_LIMITS:
            fields[name] = VitalSignField(name)
        return fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_corrected_by(self, reading):
        replacement = getattr(reading, "corrected_by", None)
        return replacement.pk if replacement else None


def vital_values(validated_data: dict) -> dict:
    """The measurements of a validated reading, as `record_vitals` and `correct_reading` take them."""
    return {name: validated_data[name] for name in ENTERED_FIELDS if name in validated_data}


class RecordedReadingSerializer(serializers.Serializer):
    """What charting a reading did: the stored reading, its NEWS2, and the alerts it raised."""

    reading = ReadingSerializer()
    news2 = News2Serializer()
    alerts = AlertSerializer(source="raised", many=True, help_text="Alerts this reading raised.")
    resolved_alerts = AlertSerializer(source="resolved", many=True, help_text="Alerts this reading resolved.")
    replayed = serializers.BooleanField(help_text="True when a retry with the same key returned the stored reading.")

    def to_representation(self, instance):
        self.context["news2_by_reading"] = {instance.reading.pk: instance.news2}  # scored by the service already
        return super().to_representation(instance)


class CorrectionSerializer(ReadingSerializer):
    """Marks a reading entered in error; vital values given here are stored as its replacement."""

    reason = serializers.CharField(max_length=2000, help_text="Why the reading is in error.")

    class Meta(ReadingSerializer.Meta):
        fields = ("reason", *ENTERED_FIELDS)
        read_only_fields = ()


class CorrectionResultSerializer(serializers.Serializer):
    entered_in_error = ReadingSerializer(help_text="The reading now marked entered in error.")
    reading = ReadingSerializer(allow_null=True, help_text="The replacement reading, if values were given.")
    news2 = News2Serializer(allow_null=True, help_text="NEWS2 of the replacement reading.")
    alerts = AlertSerializer(many=True, help_text="Alerts the replacement raised.")
    resolved_alerts = AlertSerializer(many=True, help_text="Alerts resolved by the correction.")


class SideEffectSerializer(StrictInputMixin, serializers.ModelSerializer):
    onset_at = AwareDateTimeField(required=False, help_text="Default: now.")
    resolved_at = AwareDateTimeField(required=False, allow_null=True)
    recorded_by = staff_field()
    error_marked_by = staff_field()
    label = serializers.CharField(read_only=True, help_text="The catalog term, or the free text for 'other'.")

    class Meta:
        model = SideEffect
        fields = (
            *SESSION_READ_ONLY,
            "term",
            "other_term",
            "label",
            "severity",
            "onset_at",
            "resolved_at",
            "action_taken",
            "note",
            *ENTERED_IN_ERROR,
        )
        read_only_fields = (*SESSION_READ_ONLY, *ENTERED_IN_ERROR)


class SessionEventSerializer(StrictInputMixin, serializers.ModelSerializer):
    occurred_at = AwareDateTimeField(required=False, help_text="Default: now.")
    recorded_by = staff_field()
    error_marked_by = staff_field()

    class Meta:
        model = SessionEvent
        fields = (
            *SESSION_READ_ONLY,
            "kind",
            "occurred_at",
            "rate",
            "drug",
            "dose",
            "route",
            "note",
            *ENTERED_IN_ERROR,
        )
        read_only_fields = (*SESSION_READ_ONLY, *ENTERED_IN_ERROR)


class AssessmentSerializer(StrictInputMixin, serializers.ModelSerializer):
    """A scored questionnaire; `record_assessment` computes total, band and the PHQ-9 safety flag."""

    patient = ScopedRelatedField(queryset=Patient.objects.all())
    session = ScopedRelatedField(
        queryset=InfusionSession.objects.all(), required=False, allow_null=True, help_text="The session, if any."
    )
    instrument = serializers.ChoiceField(choices=Assessment.Instrument.choices)
    items = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=max(spec.items for spec in assessments.INSTRUMENTS.values()),
        help_text="Item scores in order: PHQ-9 nine items 0–3, GAD-7 seven items 0–3, MADRS ten items 0–6.",
    )
    administered_at = AwareDateTimeField(required=False, help_text="Default: now.")
    recorded_by = staff_field()
    error_marked_by = staff_field()

    class Meta:
        model = Assessment
        fields = (
            "id",
            "site",
            "patient",
            "session",
            "instrument",
            "items",
            "total",
            "band",
            "safety_flag",
            "administered_at",
            "recorded_at",
            "recorded_by",
            *ENTERED_IN_ERROR,
            "updated_at",
        )
        read_only_fields = (
            "id",
            "site",
            "total",
            "band",
            "safety_flag",
            "recorded_at",
            "updated_at",
            *ENTERED_IN_ERROR,
        )
