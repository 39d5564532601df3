from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinic import units
from clinic.audit import audit_trail
from clinic.models import Patient, Site

from .protocol import Protocol


class Phase(models.TextChoices):
    PRE_CHECK = "pre_check", "Pre-check"
    INFUSION = "infusion", "Infusion"
    OBSERVATION = "observation", "Observation"
    READY_FOR_DISCHARGE = "ready_for_discharge", "Ready for discharge"
    DISCHARGED = "discharged", "Discharged"
    SIGNED = "signed", "Signed"


class InfusionSessionQuerySet(models.QuerySet):
    def with_last_reading_at(self):
        """Annotate `last_reading_at` (latest valid measured time) in the same query."""
        readings = self.model._meta.get_field("readings").related_model  # VitalSigns, without a cycle
        latest = (
            readings.objects.valid()
            .filter(session=models.OuterRef("pk"))
            .order_by("-measured_at")
            .values("measured_at")
        )
        return self.annotate(last_reading_at=models.Subquery(latest[:1]))


class InfusionSession(models.Model):
    """One treatment; its phase is derived from its timestamps, never stored twice."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sessions")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="sessions")
    protocol_snapshot = models.JSONField()
    nurse = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervising_physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    weight_value = models.DecimalField(max_digits=6, decimal_places=2)
    weight_unit = models.CharField(max_length=4, choices=units.WEIGHT_UNITS)
    weight_kg = models.DecimalField(max_digits=9, decimal_places=5)
    dose_computed_mg = models.DecimalField(max_digits=7, decimal_places=2)
    dose_formula = models.CharField(max_length=120)
    dose_given_mg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    lot_number = models.CharField(max_length=40, blank=True)
    chair = models.CharField(max_length=40, blank=True)
    course_number = models.PositiveIntegerField(help_text="Which treatment of the patient's series this is.")
    interaction_warnings = models.JSONField(default=list, blank=True)
    arrived_at = models.DateTimeField()
    infusion_started_at = models.DateTimeField(null=True, blank=True)
    infusion_ended_at = models.DateTimeField(null=True, blank=True)
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    discharge_checklist = models.JSONField(default=dict, blank=True)
    discharge_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    discharge_override_reason = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sign_attestation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail()

    objects = InfusionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-arrived_at"]
        indexes = [
            models.Index(fields=["site", "-arrived_at"]),
            models.Index(fields=["site", "patient", "arrived_at"]),
            models.Index(fields=["site", "signed_at"]),
        ]

    def __str__(self):
        return f"{self.patient} — {self.protocol_snapshot.get('name', '')} #{self.course_number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def min_observation(self) -> timedelta:
        return timedelta(minutes=self.protocol_snapshot["min_observation_minutes"])

    def observation_complete_at(self) -> datetime | None:
        if self.infusion_ended_at is None:
            return None
        return self.infusion_ended_at + self.min_observation

    def phase_at(self, moment: datetime) -> str:
        """The clinical phase at `moment` (used for readings, which may be back-timed)."""
        if self.infusion_started_at is None or moment < self.infusion_started_at:
            return Phase.PRE_CHECK
        if self.infusion_ended_at is None or moment < self.infusion_ended_at:
            return Phase.INFUSION
        return Phase.OBSERVATION

    def phase(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.signed_at:
            return Phase.SIGNED
        if self.discharged_at:
            return Phase.DISCHARGED
        complete_at = self.observation_complete_at()
        if complete_at is not None and now >= complete_at:
            return Phase.READY_FOR_DISCHARGE
        return self.phase_at(now)

    def get_phase_display(self) -> str:
        return Phase(self.phase()).label
