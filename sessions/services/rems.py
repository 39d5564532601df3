"""Completing and submitting an esketamine session's REMS monitoring record (`sessions/rems.py`)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.access import Action, require
from sessions.clinical import rems
from sessions.models import RemsRecord

from .guards import audited


def charted_rems_items(session) -> rems.ChartedItems:
    """The form's items from the session's rows: four queries."""
    return rems.charted_items(
        session,
        readings=list(session.readings.all()),
        side_effects=list(session.side_effects.all()),
        events=list(session.events.all()),
        medications=list(session.patient.medications.current().select_related("medication")),
    )


def ensure_esketamine(session) -> None:
    if session.protocol_snapshot.get("drug") != "esketamine":
        raise ValidationError("Only esketamine sessions have a REMS monitoring record.")


def _locked_record(session, by) -> RemsRecord:
    require(by, Action.CHART, session.site_id)
    ensure_esketamine(session)
    record, _ = RemsRecord.objects.select_for_update().get_or_create(session=session, defaults={"site": session.site})
    return record


def save_rems_record(*, session, by, values: dict, complete: bool = False, now=None) -> RemsRecord:
    """Save what the nurse confirmed; completing refuses, listing every missing item, until none is.

    A completed record is what went to the REMS: it is never edited afterwards.
    """
    now = now or timezone.now()
    with transaction.atomic():
        record = _locked_record(session, by)
        if record.is_completed:
            raise ValidationError("This REMS record is completed and can no longer be changed.")
        for name in rems.NURSE_CONFIRMED:
            if name in values:
                setattr(record, name, values[name])
        if complete:
            items = charted_rems_items(session)
            missing = rems.missing_items(items, record)
            if missing:
                raise ValidationError([f"Missing: {item}." for item in missing])
            record.items = rems.describe(items, session.site.tzinfo)
            record.completed_at = now
            record.completed_by = by
        audited(record, by).save()
    return record


def submit_rems_record(*, session, by, submitted_on: date, now=None) -> RemsRecord:
    """Mark a completed record sent to the REMS on a site-local date (not before the dose, not in the future)."""
    now = now or timezone.now()
    tz = session.site.tzinfo
    with transaction.atomic():
        record = _locked_record(session, by)
        if not record.is_completed:
            raise ValidationError("Complete the record before marking it submitted.")
        if record.submitted_on is not None:
            raise ValidationError(f"Already marked submitted on {record.submitted_on:%d %b %Y}.")
        if submitted_on > now.astimezone(tz).date():
            raise ValidationError({"submitted_on": "The submission date cannot be in the future."})
        if submitted_on < session.infusion_started_at.astimezone(tz).date():
            raise ValidationError({"submitted_on": "The submission date cannot be before the session."})
        record.submitted_on = submitted_on
        record.submitted_by = by
        audited(record, by).save()
    return record
