"""Sites, patients and the medication catalog. Thin: scoping, filters and writes are shared mixins."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from rest_framework import viewsets

from clinic.access import Action, scope, site_ids_for
from clinic.models import Medication, Patient, PatientMedication, Site

from .filters import PatientFilterSet
from .mixins import CheckedWriteViewSet, GroupWideViewSetMixin
from .serializers import MedicationSerializer, PatientMedicationSerializer, PatientSerializer, SiteSerializer


class SiteViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Site.objects.all()
    serializer_class = SiteSerializer
    ordering_fields = ("id", "name")
    ordering = ("id",)

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=site_ids_for(self.request.user))


class MedicationViewSet(GroupWideViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Medication.objects.all()
    serializer_class = MedicationSerializer
    filterset_fields = ("drug_class", "active")
    ordering_fields = ("id", "name")
    ordering = ("id",)


class PatientViewSet(CheckedWriteViewSet):
    queryset = Patient.objects.prefetch_related(
        Prefetch("medications", queryset=PatientMedication.objects.select_related("medication").order_by("id"))
    )
    serializer_class = PatientSerializer
    filterset_class = PatientFilterSet
    ordering_fields = ("id", "updated_at")
    ordering = ("-id",)
    write_action = Action.CHART


class PatientMedicationViewSet(CheckedWriteViewSet):
    """The medicines a patient takes. Stop one by setting `stopped_on`; rows are never deleted."""

    queryset = PatientMedication.objects.select_related("medication")
    serializer_class = PatientMedicationSerializer
    ordering_fields = ("id",)
    ordering = ("id",)
    write_action = Action.CHART

    def get_patient(self) -> Patient:
        return get_object_or_404(scope(Patient.objects.all(), self.request.user), pk=self.kwargs["patient_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no patient
            return super().get_queryset().none()
        return super().get_queryset().filter(patient=self.get_patient())

    def perform_create(self, serializer):
        patient = self.get_patient()
        serializer.save(patient=patient, site_id=patient.site_id)
