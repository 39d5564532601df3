"""Where escalated alerts are sent, and the log of every attempt to send them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from clinic.audit import audit_trail
from clinic.models import Site

from .alerting import Alert


def new_secret() -> str:
    return secrets.token_hex(32)


class NotificationTarget(models.Model):
    """A webhook or an e-mail address of a site. A webhook's body is signed with its own secret so
    the receiver can tell our calls from forgeries; the secret is shown once, when the target is made."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", "Webhook"
        EMAIL = "email", "E-mail"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="notification_targets")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail(excluded_fields=["secret"])

    class Meta:
        ordering = ["site", "name"]
        indexes = [models.Index(fields=["site", "active"])]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        return self.url if self.kind == self.Kind.WEBHOOK else self.email

    def clean(self):
        if self.kind == self.Kind.WEBHOOK and not self.url:
            raise ValidationError({"url": "A webhook needs a URL."})
        if self.kind == self.Kind.EMAIL and not self.email:
            raise ValidationError({"email": "An e-mail target needs an address."})


class NotificationDelivery(models.Model):
    """One attempt to deliver one notification: kept whether it worked or not."""

    class Event(models.TextChoices):
        ESCALATED = "escalated", "Alert escalated"
        TEST = "test", "Test notification"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(NotificationTarget, on_delete=models.PROTECT, related_name="deliveries")
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries")
    event = models.CharField(max_length=10, choices=Event.choices)
    attempt = models.PositiveSmallIntegerField()
    succeeded = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField()
    attempted_at = models.DateTimeField()

    class Meta:
        ordering = ["-attempted_at", "-id"]
        indexes = [models.Index(fields=["site", "target", "-attempted_at"])]

    def __str__(self):
        outcome = "delivered" if self.succeeded else f"failed ({self.error})"
        return f"{self.get_event_display()} to {self.target}, attempt {self.attempt}: {outcome}"
