"""Sites, patients and their medicines as the API shows them."""

from rest_framework import serializers

from clinic.models import Medication, Patient, PatientMedication, Site

from .fields import ScopedRelatedField
from .mixins import CheckedModelSerializer


class SiteSerializer(serializers.ModelSerializer):
    weight_unit = serializers.CharField(read_only=True, help_text="Unit the site charts weight in: kg or lb.")
    temperature_unit = serializers.CharField(read_only=True, help_text="Unit the site charts temperature in: C or F.")

    class Meta:
        model = Site
        fields = ("id", "name", "code", "timezone", "unit_system", "weight_unit", "temperature_unit", "active")


class MedicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Medication
        fields = ("id", "name", "drug_class", "interaction_note", "active")


class PatientMedicationSerializer(CheckedModelSerializer):
    """A medicine the patient takes; its site is always the patient's."""

    name = serializers.CharField(source="medication.name", read_only=True)
    drug_class = serializers.CharField(source="medication.drug_class", read_only=True)
    medication = serializers.PrimaryKeyRelatedField(queryset=Medication.objects.filter(active=True))

    class Meta:
        model = PatientMedication
        fields = ("id", "medication", "name", "drug_class", "dose", "started_on", "stopped_on", "note")
        create_only_fields = ("medication",)


class PatientSerializer(CheckedModelSerializer):
    site = ScopedRelatedField(queryset=Site.objects.all(), help_text="Set at creation; read-only afterwards.")
    medications = PatientMedicationSerializer(many=True, read_only=True, help_text="Current and past medicines.")

    class Meta:
        model = Patient
        fields = (
            "id",
            "site",
            "mrn",
            "given_name",
            "family_name",
            "date_of_birth",
            "allergies",
            "notes",
            "active",
            "medications",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("created_at", "updated_at")
        create_only_fields = ("site",)
