"""A session's course: start, infusion events, discharge, sign-off and addenda."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic import units
from clinic.access import Action, can, require
from clinic.interactions import interaction_warnings, responses_for
from clinic.models import PatientWeight
from sessions.clinical.discharge import DISCHARGE_CHECKLIST, vitals_near_baseline
from sessions.clinical.dosing import compute_dose
from sessions.clinical.validation import check_measured_at
from sessions.models import Addendum, InfusionSession, SessionClearance, SessionEvent, VitalSigns

from .alerting import evaluate_rules
from .guards import audited, ensure_chartable, ensure_not_signed, locked_session

_WEIGHT_KG_LIMITS = (Decimal("20"), Decimal("350"))


def _weight_kg(value, unit) -> tuple[Decimal, Decimal]:
    try:
        value = Decimal(str(value))
        kg = units.to_kg(value, unit)
    except (InvalidOperation, ValueError):
        raise ValidationError({"weight_value": "Weight must be a number with a unit of kg or lb."}) from None
    low, high = _WEIGHT_KG_LIMITS
    if not value.is_finite() or not low <= kg <= high:
        raise ValidationError({"weight_value": f"Weight must be between {low} and {high} kg (or the same in lb)."})
    return value, kg


def start_session(
    *,
    patient,
    protocol,
    by,
    weight_value,
    weight_unit: str,
    dose_mg=None,
    chair: str = "",
    course_number: int | None = None,
    supervising_physician=None,
    lot_number: str = "",
    arrived_at=None,
    now=None,
) -> InfusionSession:
    """Open a session: snapshot the protocol, compute the dose, list medication interactions."""
    now = now or timezone.now()
    require(by, Action.CHART, patient.site_id)
    if not protocol.active:
        raise ValidationError({"protocol": "This protocol is no longer in use."})
    if supervising_physician is not None and not can(supervising_physician, Action.SIGN, patient.site_id):
        raise ValidationError({"supervising_physician": "Choose a physician of this site."})
    weight_value, weight_kg = _weight_kg(weight_value, weight_unit)
    snapshot = protocol.snapshot()
    dose = compute_dose(snapshot, weight_kg, dose_mg)
    arrived_at = arrived_at or now
    check_measured_at(arrived_at, arrived_at=arrived_at, now=now)
    with transaction.atomic():
        # Lock the patient so two sessions started at once cannot take the same course number.
        patient = type(patient).objects.select_for_update(of=("self",)).select_related("site").get(pk=patient.pk)
        if course_number is None:
            course_number = patient.sessions.count() + 1
        medications = patient.medications.current().select_related("medication")
        warnings = interaction_warnings(medications, responses_for(patient.site_id))
        snapshot = _with_medication_intervals(snapshot, warnings)
        session = InfusionSession(
            site_id=patient.site_id,
            patient=patient,
            protocol=protocol,
            protocol_snapshot=snapshot,
            nurse=by,
            supervising_physician=supervising_physician,
            weight_value=weight_value,
            weight_unit=weight_unit,
            weight_kg=weight_kg,
            dose_computed_mg=dose.mg,
            dose_formula=dose.formula,
            lot_number=lot_number,
            chair=chair,
            course_number=course_number,
            interaction_warnings=warnings,
            arrived_at=arrived_at,
        )
        audited(session, by).save()
        audited(
            PatientWeight(
                site_id=patient.site_id,
                patient=patient,
                measured_at=arrived_at,
                value=weight_value,
                unit=weight_unit,
                recorded_by=by,
            ),
            by,
        ).save()
    return session


def _with_medication_intervals(snapshot: dict, warnings: list[dict]) -> dict:
    """A medicine class the site watches more closely (TCAs by default) shortens every phase's
    vitals interval; the session keeps the shortened interval and the reason in its snapshot."""
    shorter = [(w["interval_minutes"], w["label"]) for w in warnings if w.get("interval_minutes")]
    if not shorter:
        return snapshot
    minutes, label = min(shorter)
    snapshot = dict(snapshot)
    for key in ("infusion_interval_minutes", "observation_interval_minutes"):
        snapshot[key] = min(snapshot[key], minutes)
    snapshot["interval_reason"] = f"Every {minutes} min at most: the patient takes a {label} medicine."
    return snapshot


def clearance_pending(session) -> bool:
    """The patient takes a medicine whose class the site wants a physician to review first, and
    no physician has cleared this session yet."""
    needed = any(warning.get("clearance_required") for warning in session.interaction_warnings)
    return needed and not SessionClearance.objects.filter(session_id=session.pk).exists()


def clear_session(*, session, by, note: str, now=None) -> SessionClearance:
    """A physician records that the infusion may start despite the medication interaction."""
    now = now or timezone.now()
    if not note or not note.strip():
        raise ValidationError({"note": "Say what you reviewed and decided."})
    with transaction.atomic():
        session = locked_session(session, by, Action.SIGN)
        ensure_chartable(session)
        if not clearance_pending(session):
            raise ValidationError("This session does not need (or already has) a physician's clearance.")
        clearance = SessionClearance(
            site_id=session.site_id, session=session, cleared_by=by, cleared_at=now, note=note.strip()
        )
        audited(clearance, by).save()
    return clearance


def record_event(*, session, by, kind: str, occurred_at=None, note: str = "", now=None, **details) -> SessionEvent:
    """Add to the infusion timeline; start, single dose and stop also set the session's times."""
    now = now or timezone.now()
    occurred_at = occurred_at or now
    with transaction.atomic():
        session = locked_session(session, by)
        ensure_chartable(session)
        check_measured_at(occurred_at, arrived_at=session.arrived_at, now=now)
        times_before = (session.infusion_started_at, session.infusion_ended_at)
        _apply_event(session, kind, occurred_at, details)
        event = SessionEvent(
            site_id=session.site_id,
            session=session,
            kind=kind,
            occurred_at=occurred_at,
            note=note,
            recorded_at=now,
            recorded_by=by,
            **{key: str(details.get(key, "")).strip() for key in ("rate", "drug", "dose", "route")},
        )
        event.full_clean(exclude=["session", "site", "recorded_by"])
        audited(event, by).save()
        audited(session, by).save()
        if (session.infusion_started_at, session.infusion_ended_at) != times_before and _rephase_readings(session, by):
            evaluate_rules(session, now=now, by=by)
    return event


def _rephase_readings(session, by) -> bool:
    """A back-timed start or stop moves readings already charted into another phase."""
    moved = False
    for reading in VitalSigns.objects.filter(session=session):
        phase = session.phase_at(reading.measured_at)
        if reading.phase != phase:
            reading.phase = phase
            audited(reading, by).save(update_fields=["phase"])
            moved = True
    return moved


def _apply_event(session, kind, occurred_at, details) -> None:
    kinds = SessionEvent.Kind
    started, ended = session.infusion_started_at, session.infusion_ended_at
    if kind in (kinds.STARTED, kinds.DOSE_GIVEN):
        if started is not None:
            raise ValidationError({"kind": "The infusion has already started."})
        if clearance_pending(session):
            raise ValidationError({"kind": "A physician must clear this session before the infusion starts."})
        session.infusion_started_at = occurred_at
        if kind == kinds.DOSE_GIVEN:
            session.infusion_ended_at = occurred_at
        if session.dose_given_mg is None:
            session.dose_given_mg = session.dose_computed_mg
    elif kind in (kinds.PAUSED, kinds.RESUMED, kinds.RATE_CHANGED, kinds.STOPPED):
        if started is None or ended is not None:
            raise ValidationError({"kind": "The infusion is not running."})
        if occurred_at < started:
            raise ValidationError({"occurred_at": "This cannot happen before the infusion started."})
        if kind == kinds.STOPPED:
            session.infusion_ended_at = occurred_at
        if kind == kinds.RATE_CHANGED and not str(details.get("rate", "")).strip():
            raise ValidationError({"rate": "Give the new rate."})
    elif kind == kinds.RESCUE_MEDICATION:
        missing = [key for key in ("drug", "dose", "route") if not str(details.get(key, "")).strip()]
        if missing:
            raise ValidationError({key: "Required for rescue medication." for key in missing})
    elif kind not in kinds.values:
        raise ValidationError({"kind": "Unknown event."})


def discharge(*, session, by, checklist: dict, override_reason: str = "", now=None) -> InfusionSession:
    """Discharge when every checklist item holds and observation time has passed.

    A physician may override an unmet time or vitals check with a reason, here or beforehand
    with `authorize_early_discharge`; the nurse-confirmed items (escort, no-driving
    instruction...) can never be overridden.
    """
    now = now or timezone.now()
    override_reason = override_reason.strip()
    with transaction.atomic():
        session = locked_session(session, by)
        ensure_chartable(session)
        if session.infusion_ended_at is None:
            raise ValidationError("The infusion has not ended yet.")
        unconfirmed = [item for item, _ in DISCHARGE_CHECKLIST if not checklist.get(item)]
        if unconfirmed:
            raise ValidationError({item: "Confirm this before discharge." for item in unconfirmed})
        overridable = []
        if now < session.observation_complete_at():
            overridable.append("The minimum observation time has not passed.")
        if not vitals_near_baseline(session):
            overridable.append("The latest vitals are not within 20% of baseline.")
        if overridable and override_reason:
            _record_override(session, by, override_reason)
        elif overridable and session.discharge_override_by_id is None:
            raise ValidationError([*overridable, "A physician may override with a reason."])
        session.discharge_checklist = {item: True for item, _ in DISCHARGE_CHECKLIST}
        session.discharged_at = now
        session.discharged_by = by
        audited(session, by).save()
    return session


def authorize_early_discharge(*, session, by, reason: str, now=None) -> InfusionSession:
    """A physician records, with a reason, that this patient may leave before the usual checks pass."""
    if not reason or not reason.strip():
        raise ValidationError({"override_reason": "Give the reason for the override."})
    with transaction.atomic():
        session = locked_session(session, by, Action.OVERRIDE_DISCHARGE)
        ensure_chartable(session)
        _record_override(session, by, reason)
        audited(session, by).save()
    return session


def _record_override(session, by, reason: str) -> None:
    require(by, Action.OVERRIDE_DISCHARGE, session.site_id)
    session.discharge_override_by = by
    session.discharge_override_reason = reason.strip()


def sign_session(*, session, by, attestation: str, now=None) -> InfusionSession:
    now = now or timezone.now()
    if not attestation or not attestation.strip():
        raise ValidationError({"attestation": "Sign-off needs an attestation."})
    with transaction.atomic():
        session = locked_session(session, by, Action.SIGN)
        ensure_not_signed(session)
        if session.discharged_at is None:
            raise ValidationError("Only a discharged session can be signed.")
        session.signed_at = now
        session.signed_by = by
        session.sign_attestation = attestation.strip()
        audited(session, by).save()
    return session


def add_addendum(*, session, by, text: str, reason: str, now=None) -> Addendum:
    """After sign-off the record is fixed; what comes later is an addendum with its reason."""
    now = now or timezone.now()
    errors = {}
    if not text or not text.strip():
        errors["text"] = "Write the addendum."
    if not reason or not reason.strip():
        errors["reason"] = "Say why it is added after sign-off."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = locked_session(session, by)
        if not session.is_signed:
            raise ValidationError("The session is not signed yet; chart on it directly.")
        addendum = Addendum(
            site_id=session.site_id,
            session=session,
            text=text.strip(),
            reason=reason.strip(),
            author=by,
            created_at=now,
        )
        audited(addendum, by).save()
    return addendum
