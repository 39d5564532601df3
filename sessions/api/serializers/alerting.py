"""Alerts and the rules that raise them."""

from rest_framework import serializers

from clinic.api.fields import ScopedRelatedField, staff_field
from clinic.api.mixins import CheckedModelSerializer, StrictInputMixin
from clinic.models import Patient, Site
from sessions import services
from sessions.models import Alert, AlertRule, Phase, Protocol


class AlertSerializer(serializers.ModelSerializer):
    patient = serializers.IntegerField(source="session.patient_id", read_only=True)
    acknowledged_by = staff_field()
    snoozed_by = staff_field()
    value = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="The reading's value of the rule's metric (rule_snapshot.metric), in its unit: mmHg, /min, %, "
        "°C, or NEWS2 points.",
    )
    is_open = serializers.BooleanField(read_only=True, help_text="Not resolved yet.")

    class Meta:
        model = Alert
        fields = (
            "id",
            "site",
            "session",
            "patient",
            "kind",
            "rule",
            "rule_snapshot",
            "reading",
            "value",
            "severity",
            "message",
            "raised_at",
            "due_at",
            "is_open",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledgement_note",
            "resolved_at",
            "resolved_reason",
            "snoozed_until",
            "snoozed_by",
            "snooze_reason",
            "escalated_at",
            "updated_at",
        )
        read_only_fields = fields


class AcknowledgeSerializer(StrictInputMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AlertRuleSerializer(CheckedModelSerializer):
    """A limit physicians set. Saved through `save_alert_rule`, which runs `AlertRule.clean()`."""

    site = ScopedRelatedField(queryset=Site.objects.all(), help_text="Set at creation; read-only afterwards.")
    patient = ScopedRelatedField(
        queryset=Patient.objects.all(), required=False, allow_null=True, help_text="Only for this patient."
    )
    protocol = serializers.PrimaryKeyRelatedField(
        queryset=Protocol.objects.all(), required=False, allow_null=True, help_text="Only for this protocol."
    )
    threshold = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        help_text="In the metric's unit (mmHg, /min, %, °C, MOAA/S or 0–10 points, NEWS2 points), or a change "
        "from baseline in those units or in percent, as `reference` says.",
    )
    sustained_readings = serializers.IntegerField(
        min_value=1, max_value=20, required=False, help_text="Consecutive breaching readings needed."
    )
    phases = serializers.ListField(
        child=serializers.ChoiceField(choices=Phase.choices),
        required=False,
        max_length=len(Phase.choices),
        help_text="Phases where the rule applies; empty = all.",
    )
    created_by = staff_field()
    description = serializers.CharField(source="describe", read_only=True, help_text="The rule in plain words.")

    class Meta:
        model = AlertRule
        fields = (
            "id",
            "site",
            *AlertRule.SCOPE_FIELDS,
            *AlertRule.LIMIT_FIELDS,
            "active",
            "description",
            "created_by",
            "updated_at",
        )
        read_only_fields = ("updated_at",)
        create_only_fields = ("site",)

    def save_checked(self, rule):
        return services.save_alert_rule(rule=rule, by=self.context["request"].user)
