"""The audit trail: django-simple-history keeps who, when and the row before and after each
save; this adds where the change came from (a page, an API call, the admin, or a command).

Every clinical model declares `history = audit_trail()`; the request that caused a save is the
one simple-history's HistoryRequestMiddleware keeps for the current thread.
"""

from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class ChangeOrigin(models.TextChoices):
    PAGE = "page", "Page"
    API = "api", "API"
    ADMIN = "admin", "Admin"
    SYSTEM = "system", "Command or job"


class ChangeOriginFields(models.Model):
    """Extra columns of every historical table."""

    change_origin = models.CharField(max_length=6, choices=ChangeOrigin.choices, default=ChangeOrigin.SYSTEM)
    change_request = models.CharField(max_length=300, blank=True, help_text="Method and path of the request.")

    class Meta:
        abstract = True


def audit_trail(**options) -> HistoricalRecords:
    return HistoricalRecords(bases=[ChangeOriginFields], **options)


def origin_of(path: str) -> str:
    if path.startswith("/api/"):
        return ChangeOrigin.API
    if path.startswith("/admin/"):
        return ChangeOrigin.ADMIN
    return ChangeOrigin.PAGE


@receiver(pre_create_historical_record)
def record_change_origin(sender, history_instance, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None or not hasattr(history_instance, "change_origin"):
        return
    history_instance.change_origin = origin_of(request.path)
    history_instance.change_request = f"{request.method} {request.get_full_path()}"[:300]
