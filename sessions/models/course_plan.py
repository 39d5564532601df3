from django.conf import settings
from django.db import models

from clinic.audit import audit_trail
from clinic.models import Patient, Site

from .protocol import Protocol


class CoursePlan(models.Model):
    """A physician's planned course for one patient: an induction series (N treatments over a
    window of days), then maintenance at an interval; it ends with a recorded outcome.
    Progress is computed from the sessions given (`sessions/course_plan.py`), never stored."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    class Outcome(models.TextChoices):
        REMISSION = "remission", "Remission"
        RESPONSE = "response", "Response"
        NO_RESPONSE = "no_response", "No response"
        STOPPED = "stopped", "Stopped early"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="course_plans")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="+")
    induction_treatments = models.PositiveSmallIntegerField(help_text="Treatments in the induction series, e.g. 6.")
    induction_days = models.PositiveSmallIntegerField(help_text="Days the induction series is spread over, e.g. 18.")
    maintenance_interval_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days between maintenance treatments; empty when none is planned."
    )
    started_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_scores = models.JSONField(default=dict, blank=True, help_text="The PHQ-9 course when the plan ended.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = audit_trail()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["site", "patient", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"], condition=models.Q(status="active"), name="one_active_course_plan_per_patient"
            ),
        ]

    def __str__(self):
        return f"{self.patient}: {self.induction_treatments} over {self.induction_days} days"
