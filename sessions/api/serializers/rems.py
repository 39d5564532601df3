from rest_framework import serializers

from clinic.api.fields import staff_field
from sessions.clinical import rems
from sessions.models import RemsRecord


class RemsRecordSerializer(serializers.ModelSerializer):
    """An esketamine session's REMS monitoring record, read-only: the nurse completes it on its page.

    `items` holds the charted items as they were when the record was completed (empty for a draft).
    """

    medication_classes = serializers.ListField(
        child=serializers.ChoiceField(choices=rems.FORM_CLASSES),
        read_only=True,
        help_text="The form's medication classes the patient takes, as the nurse confirmed them.",
    )
    completed_by = staff_field()
    submitted_by = staff_field()

    class Meta:
        model = RemsRecord
        fields = (
            "id",
            "site",
            "session",
            *rems.NURSE_CONFIRMED,
            "items",
            "completed_at",
            "completed_by",
            "submitted_on",
            "submitted_by",
            "updated_at",
        )
        read_only_fields = fields
