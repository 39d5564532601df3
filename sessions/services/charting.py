from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.access import Action, require
from sessions.clinical import assessments, news2
from sessions.clinical.validation import check_measured_at, clean_measurements
from sessions.models import Alert, Assessment, InfusionSession, ReadingArtifact, SideEffect, VitalSigns

from .alerting import (
    evaluate_rules,
    resolve_overdue_alerts,
    resolve_rule_alerts_on_artifact,
    resolve_rule_alerts_on_invalid_readings,
)
from .guards import audited, ensure_chartable, ensure_not_signed, locked_session
from .snapshot import SessionSnapshot


@dataclass
class RecordedReading:
    reading: VitalSigns
    news2: news2.News2
    raised: list[Alert] = field(default_factory=list)
    resolved: list[Alert] = field(default_factory=list)
    replayed: bool = False  # True when a retry with the same client key returned the stored reading


def record_vitals(
    *,
    session: InfusionSession,
    values: dict,
    by,
    measured_at=None,
    source: str = VitalSigns.Source.MANUAL,
    note: str = "",
    client_key: str = "",
    artifact_reason: str = "",
    artifact_fields=(),
    now=None,
) -> RecordedReading:
    """Validate and store one reading, then judge the alert rules, all in one transaction.

    The session row is locked first, so two devices or nurses charting at once are judged
    one after the other and a sustained breach is neither missed nor raised twice. A retry
    carrying the `client_key` of a stored reading (double click, network blink, device resend)
    returns that reading and stores nothing. An `artifact_reason` marks the new reading (or its
    `artifact_fields`) as an artifact before the rules judge it.
    """
    now = now or timezone.now()
    client_key = (client_key or "").strip()
    if len(client_key) > 64:
        raise ValidationError({"client_key": "A client key has at most 64 characters."})
    with transaction.atomic():
        session = locked_session(session, by)
        snapshot = SessionSnapshot.read(session)
        stored = snapshot.stored(client_key) if client_key else None
        if stored is not None:
            return RecordedReading(stored, snapshot.news2_of(stored), list(stored.alerts.all()), replayed=True)
        ensure_chartable(session)
        return _store_reading(
            session,
            snapshot,
            values,
            by=by,
            measured_at=measured_at or now,
            source=source,
            note=note,
            now=now,
            client_key=client_key,
            artifact=(artifact_reason, artifact_fields),
        )


def _store_reading(
    session, snapshot, values, *, by, measured_at, source, note, now, corrects=None, client_key="", artifact=("", ())
) -> RecordedReading:
    measurements = clean_measurements(
        values,
        default_temperature_unit=session.site.temperature_unit,
        required=session.protocol_snapshot.get("required_fields", []),
    )
    check_measured_at(measured_at, arrived_at=session.arrived_at, now=now)
    if source not in VitalSigns.Source.values:
        raise ValidationError({"source": "Source must be manual or device."})
    reading = VitalSigns(
        site_id=session.site_id,
        session=session,
        measured_at=measured_at,
        recorded_at=now,
        recorded_by=by,
        phase=session.phase_at(measured_at),
        is_late=now - measured_at > timedelta(minutes=settings.LATE_ENTRY_MINUTES),
        source=source,
        note=note,
        client_key=client_key,
        corrects=corrects,
        **measurements,
    )
    audited(reading, by).save()
    reason, fields = artifact
    snapshot.add(reading, _artifact(reading, fields, reason, by, now) if reason.strip() or fields else None)
    resolve_overdue_alerts(session, snapshot, now=now, by=by)
    raised, resolved = evaluate_rules(session, now=now, by=by, snapshot=snapshot)
    return RecordedReading(reading, snapshot.news2_of(reading), raised, resolved)


def mark_artifact(*, reading: VitalSigns, reason: str, by, fields=(), now=None) -> ReadingArtifact:
    """Mark a reading, or some of its values, as an artifact (probe slipped, patient moving): the
    values stay as charted, and rules and NEWS2 are judged again without them."""
    now = now or timezone.now()
    with transaction.atomic():
        session = locked_session(reading.session, by)
        ensure_chartable(session)
        reading = VitalSigns.objects.get(pk=reading.pk)
        mark = _artifact(reading, fields, reason, by, now)
        resolve_rule_alerts_on_artifact(mark, now=now, by=by)
        evaluate_rules(session, now=now, by=by)
    return mark


def _artifact(reading, fields, reason, by, now) -> ReadingArtifact:
    """Check and store one marking (the caller holds the session lock)."""
    fields = list(dict.fromkeys(fields or ()))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Say why the values do not reflect the patient."
    unknown = [name for name in fields if name not in VitalSigns.CHARTABLE_FIELDS]
    if unknown:
        errors["fields"] = f"Not a charted value: {', '.join(unknown)}."
    elif [name for name in fields if getattr(reading, name) in (None, "")]:
        errors["fields"] = "Only values the reading has can be marked."
    if reading.entered_in_error:
        errors["reading"] = "This reading is entered in error; it is already left out."
    if errors:
        raise ValidationError(errors)
    mark = ReadingArtifact(
        site_id=reading.site_id,
        reading=reading,
        fields=fields,
        reason=reason.strip()[:200],
        marked_by=by,
        marked_at=now,
    )
    mark.save()
    return mark


def correct_reading(*, reading: VitalSigns, reason: str, by, values: dict | None = None, now=None):
    """Mark a reading entered in error and, if corrected values are given, store them as a new
    reading at the same clinical time. The old reading stays, visibly struck out."""
    now = now or timezone.now()
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say why the reading is in error."})
    with transaction.atomic():
        session = locked_session(reading.session, by)
        ensure_chartable(session)
        reading = VitalSigns.objects.select_for_update().get(pk=reading.pk)
        if reading.entered_in_error:
            raise ValidationError("This reading is already marked entered in error.")
        reading.entered_in_error = True
        reading.error_reason = reason.strip()
        reading.error_marked_by = by
        reading.error_marked_at = now
        audited(reading, by).save(
            update_fields=["entered_in_error", "error_reason", "error_marked_by", "error_marked_at"]
        )
        resolved = resolve_rule_alerts_on_invalid_readings(session, now=now, by=by)
        snapshot = SessionSnapshot.read(session)
        if values is None:
            raised, back_in_range = evaluate_rules(session, now=now, by=by, snapshot=snapshot)
            return RecordedReading(reading, snapshot.news2_of(reading), raised, resolved + back_in_range)
        recorded = _store_reading(
            session,
            snapshot,
            values,
            by=by,
            measured_at=reading.measured_at,
            source=reading.source,
            note=reading.note,
            now=now,
            corrects=reading,
        )
        recorded.resolved = resolved + recorded.resolved
        return recorded


def record_side_effect(
    *,
    session: InfusionSession,
    by,
    term: str,
    severity: str,
    onset_at=None,
    other_term: str = "",
    resolved_at=None,
    action_taken: str = SideEffect.Action.NONE,
    note: str = "",
    now=None,
) -> SideEffect:
    now = now or timezone.now()
    with transaction.atomic():
        session = locked_session(session, by)
        ensure_chartable(session)
        side_effect = SideEffect(
            site_id=session.site_id,
            session=session,
            term=term,
            other_term=other_term.strip(),
            severity=severity,
            onset_at=onset_at or now,
            resolved_at=resolved_at,
            action_taken=action_taken,
            note=note,
            recorded_at=now,
            recorded_by=by,
        )
        side_effect.full_clean(exclude=["session", "site", "recorded_by"])
        _check_side_effect(side_effect, session, now)
        audited(side_effect, by).save()
    return side_effect


def _check_side_effect(side_effect, session, now):
    if side_effect.term == SideEffect.Term.OTHER and not side_effect.other_term:
        raise ValidationError({"other_term": "Describe the side effect when choosing 'Other'."})
    check_measured_at(side_effect.onset_at, arrived_at=session.arrived_at, now=now)
    if side_effect.resolved_at and side_effect.resolved_at < side_effect.onset_at:
        raise ValidationError({"resolved_at": "A side effect cannot resolve before its onset."})


def resolve_side_effect(*, side_effect: SideEffect, by, resolved_at=None, now=None) -> SideEffect:
    """The quick "resolved" action: stamp when a side effect ended (now, or back-timed)."""
    now = now or timezone.now()
    resolved_at = resolved_at or now
    with transaction.atomic():
        session = locked_session(side_effect.session, by)
        ensure_chartable(session)
        side_effect = SideEffect.objects.select_for_update().get(pk=side_effect.pk)
        if side_effect.resolved_at is not None:
            raise ValidationError("This side effect is already marked resolved.")
        if resolved_at < side_effect.onset_at or resolved_at > now:
            raise ValidationError({"resolved_at": "Resolution must be between the onset and now."})
        side_effect.resolved_at = resolved_at
        audited(side_effect, by).save(update_fields=["resolved_at", "updated_at"])
    return side_effect


def record_assessment(
    *, patient, by, instrument: str, items: list, session: InfusionSession | None = None, administered_at=None, now=None
) -> Assessment:
    now = now or timezone.now()
    require(by, Action.CHART, patient.site_id)
    if instrument not in assessments.INSTRUMENTS:
        raise ValidationError({"instrument": "Unknown questionnaire."})
    scored = assessments.score(instrument, items)
    administered_at = administered_at or now
    if administered_at > now + timedelta(seconds=settings.CLOCK_SKEW_SECONDS):
        raise ValidationError({"administered_at": "An assessment cannot be administered in the future."})
    with transaction.atomic():
        if session is not None:
            if session.patient_id != patient.pk:
                raise ValidationError({"session": "The session belongs to another patient."})
            session = locked_session(session, by)
            ensure_not_signed(session)
        assessment = Assessment(
            site_id=patient.site_id,
            patient=patient,
            session=session,
            instrument=instrument,
            items=list(items),
            total=scored.total,
            band=scored.band,
            safety_flag=scored.safety_flag,
            administered_at=administered_at,
            recorded_at=now,
            recorded_by=by,
        )
        audited(assessment, by).save()
    return assessment
