from django.conf import settings
from django.db import models

from clinic.audit import audit_trail
from clinic.models import Site

from .infusion import InfusionSession


class RemsRecord(models.Model):
    """What the nurse confirms on an esketamine session's REMS monitoring form (`sessions/rems.py`
    derives the rest from the chart). Once completed, `items` freezes what was submitted, so a later
    correction of the chart never rewrites a record the REMS already has."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(InfusionSession, on_delete=models.PROTECT, related_name="rems_record")
    medications_confirmed = models.BooleanField(
        default=False, help_text="The nurse checked the classes against the patient's medication list."
    )
    medication_classes = models.JSONField(default=list, blank=True)
    dose_mg = models.PositiveSmallIntegerField(null=True, blank=True, choices=[(56, "56 mg"), (84, "84 mg")])
    device_lot_numbers = models.CharField(max_length=200, blank=True)
    vitals_acceptable_before_dosing = models.BooleanField(null=True, blank=True)
    vitals_acceptable_before_end = models.BooleanField(null=True, blank=True)
    other_adverse_events = models.TextField(blank=True, help_text="Anything the chart does not already list.")
    items = models.JSONField(default=dict, blank=True, help_text="The charted items as completed.")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    submitted_on = models.DateField(null=True, blank=True, help_text="The site-local date it was sent to the REMS.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail()

    class Meta:
        verbose_name = "REMS monitoring record"
        indexes = [models.Index(fields=["site", "submitted_on"])]

    def __str__(self):
        return f"REMS record for {self.session}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None
