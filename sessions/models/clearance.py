from django.conf import settings
from django.db import models

from clinic.audit import audit_trail
from clinic.models import Site

from .infusion import InfusionSession


class SessionClearance(models.Model):
    """A physician's go-ahead for a session whose patient takes a medicine the site wants
    reviewed first (MAOIs by default); until it exists the infusion cannot be started."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    session = models.OneToOneField(InfusionSession, on_delete=models.PROTECT, related_name="clearance")
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cleared_at = models.DateTimeField()
    note = models.TextField(help_text="What the physician reviewed and decided.")
    history = audit_trail()

    class Meta:
        indexes = [models.Index(fields=["site", "cleared_at"])]

    def __str__(self):
        return f"Cleared by {self.cleared_by} at {self.cleared_at:%Y-%m-%d %H:%M}"
