"""The Spravato (esketamine) REMS patient monitoring form, filled from what was charted.

The form (Spravato REMS Patient Monitoring Form) asks, for every treatment session: which of five
medication classes the patient takes, the dose (56 or 84 mg) and the devices' lot numbers, blood
pressure before dosing, about 40 minutes after and before the end of monitoring (with times),
whether vital signs were acceptable before dosing and before the end, sedation, dissociation and
respiratory depression (yes/no, with the time), other adverse events, the total monitoring time
and the time the patient was ready to leave. It must reach the REMS within 7 days.

Everything the chart holds is derived here; the nurse confirms the rest (`RemsRecord`). Derived
readings: the last BP before the dose, the BP nearest dose + 40 min (30–60 min after the dose),
and the last BP at least 90 min after the dose. Sedation is a MOAA/S below 5 or a level of
consciousness below Alert; dissociation any dissociation score above 0; respiratory depression a
respiratory rate ≤ 8/min or SpO2 ≤ 91% (the values NEWS2 scores 3). Charted side effects of those
kinds count too. Monitoring minutes run from the dose to discharge (ready to leave).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clinic.models import DrugClass
from sessions.models import SessionEvent, SideEffect

SUBMISSION_DAYS = 7
DOSES_MG = (56, 84)
# The form's medication questions, each answered from the patient's list by its catalog class.
FORM_CLASSES = (
    (DrugClass.BENZODIAZEPINE, "Benzodiazepines"),
    (DrugClass.SLEEP_AID, "Non-benzodiazepine sleep medicines"),
    (DrugClass.STIMULANT, "Psychostimulants"),
    (DrugClass.MAOI, "Monoamine oxidase inhibitors (MAOIs)"),
    (DrugClass.OPIOID, "Opioids"),
)
# What the nurse confirms on `RemsRecord`; everything else comes from the chart.
NURSE_CONFIRMED = (
    "medications_confirmed",
    "medication_classes",
    "dose_mg",
    "device_lot_numbers",
    "vitals_acceptable_before_dosing",
    "vitals_acceptable_before_end",
    "other_adverse_events",
)
POST_DOSE_TARGET = timedelta(minutes=40)
POST_DOSE_WINDOW = (timedelta(minutes=30), timedelta(minutes=60))
END_OF_MONITORING_AFTER = timedelta(minutes=90)
RESPIRATORY_RATE_DEPRESSED = 8
SPO2_DEPRESSED = 91
SEDATION_TERMS = {SideEffect.Term.DROWSINESS}
DISSOCIATION_TERMS = {SideEffect.Term.DISSOCIATION, SideEffect.Term.HALLUCINATIONS}


@dataclass(frozen=True)
class BloodPressure:
    systolic: int
    diastolic: int
    measured_at: datetime

    def __str__(self):
        return f"{self.systolic}/{self.diastolic}"


@dataclass(frozen=True)
class Finding:
    """A yes/no item of the form: yes with the time it was first charted."""

    present: bool
    at: datetime | None = None


@dataclass(frozen=True)
class ChartedItems:
    dosed_at: datetime | None
    dose_mg: int | None  # the session's given dose when it is one of the form's doses
    lot_numbers: str
    medication_classes: list[str]  # form classes of the patient's current medications
    bp_before: BloodPressure | None
    bp_after_40: BloodPressure | None
    bp_end: BloodPressure | None
    sedation: Finding
    dissociation: Finding
    respiratory_depression: Finding
    other_adverse_events: list[str] = field(default_factory=list)
    ready_to_leave_at: datetime | None = None

    @property
    def monitoring_minutes(self) -> int | None:
        if self.dosed_at is None or self.ready_to_leave_at is None:
            return None
        return int((self.ready_to_leave_at - self.dosed_at).total_seconds() // 60)


def _bp(reading) -> BloodPressure:
    return BloodPressure(reading.systolic, reading.diastolic, reading.measured_at)


def _blood_pressures(readings, dosed_at):
    with_bp = [r for r in readings if r.systolic is not None and r.diastolic is not None]
    if dosed_at is None:
        return None, None, None
    before = [r for r in with_bp if r.measured_at <= dosed_at]
    low, high = POST_DOSE_WINDOW
    window = [r for r in with_bp if low <= r.measured_at - dosed_at <= high]
    after_40 = min(window, key=lambda r: abs(r.measured_at - dosed_at - POST_DOSE_TARGET), default=None)
    late = [r for r in with_bp if r.measured_at - dosed_at >= END_OF_MONITORING_AFTER]
    return (
        _bp(before[-1]) if before else None,
        _bp(after_40) if after_40 else None,
        _bp(late[-1]) if late else None,
    )


def _first(readings, side_effects, is_reading_sign, terms) -> Finding:
    times = [r.measured_at for r in readings if is_reading_sign(r)]
    times += [effect.onset_at for effect in side_effects if effect.term in terms]
    return Finding(True, min(times)) if times else Finding(False)


def _sedated(reading) -> bool:
    lowered = reading.consciousness not in ("", "A")
    return (reading.sedation_moaas is not None and reading.sedation_moaas < 5) or lowered


def _dissociated(reading) -> bool:
    return reading.dissociation is not None and reading.dissociation > 0


def _respiratory_depression(reading) -> bool:
    slow = reading.respiratory_rate is not None and reading.respiratory_rate <= RESPIRATORY_RATE_DEPRESSED
    low_spo2 = reading.spo2 is not None and reading.spo2 <= SPO2_DEPRESSED
    return slow or low_spo2


def charted_items(session, *, readings, side_effects, events, medications) -> ChartedItems:
    """The form's items from one session's rows (entered-in-error rows never count)."""
    readings = sorted((r for r in readings if not r.entered_in_error), key=lambda r: (r.measured_at, r.pk or 0))
    side_effects = [effect for effect in side_effects if not effect.entered_in_error]
    dosed_at = session.infusion_started_at
    before, after_40, end = _blood_pressures(readings, dosed_at)
    classes = {medication.medication.drug_class for medication in medications}
    dose = int(session.dose_given_mg) if session.dose_given_mg in DOSES_MG else None
    named = SEDATION_TERMS | DISSOCIATION_TERMS
    others = [
        f"{effect.label} ({effect.get_severity_display().lower()})"
        for effect in side_effects
        if effect.term not in named
    ]
    others += [
        f"Rescue medication: {event.drug} {event.dose} {event.route}".strip()
        for event in events
        if event.kind == SessionEvent.Kind.RESCUE_MEDICATION and not event.entered_in_error
    ]
    return ChartedItems(
        dosed_at=dosed_at,
        dose_mg=dose,
        lot_numbers=session.lot_number,
        medication_classes=[code for code, _ in FORM_CLASSES if code in classes],
        bp_before=before,
        bp_after_40=after_40,
        bp_end=end,
        sedation=_first(readings, side_effects, _sedated, SEDATION_TERMS),
        dissociation=_first(readings, side_effects, _dissociated, DISSOCIATION_TERMS),
        respiratory_depression=_first(readings, side_effects, _respiratory_depression, set()),
        other_adverse_events=others,
        ready_to_leave_at=session.discharged_at,
    )


def missing_items(items: ChartedItems, record) -> list[str]:
    """What still blocks completion, in the form's order; empty when the record may be completed."""
    missing = []
    if not record.medications_confirmed:
        missing.append("Medications taken (confirm the classes from the patient's list)")
    if items.dosed_at is None:
        missing.append("Dose time (chart the dose given)")
    if record.dose_mg not in DOSES_MG:
        missing.append("Dose (56 or 84 mg)")
    if not record.device_lot_numbers.strip():
        missing.append("Device lot numbers")
    for label, bp in (
        ("Blood pressure before dosing", items.bp_before),
        ("Blood pressure about 40 minutes after dosing", items.bp_after_40),
        ("Blood pressure before the end of monitoring", items.bp_end),
    ):
        if bp is None:
            missing.append(label)
    if record.vitals_acceptable_before_dosing is None:
        missing.append("Vital signs acceptable before dosing (yes/no)")
    if record.vitals_acceptable_before_end is None:
        missing.append("Vital signs acceptable before the end of monitoring (yes/no)")
    if items.ready_to_leave_at is None:
        missing.append("Time ready to leave (discharge the patient)")
    return missing


def submission_deadline(dosed_at: datetime, tz) -> date:
    """The last day (the site's local calendar) on which the REMS still counts it as on time."""
    return dosed_at.astimezone(tz).date() + timedelta(days=SUBMISSION_DAYS)


def days_left(dosed_at: datetime, tz, now: datetime) -> int:
    """Negative once overdue; counted in the site's dates, not UTC's."""
    return (submission_deadline(dosed_at, tz) - now.astimezone(tz).date()).days


def _time(moment: datetime | None, tz) -> str | None:
    return moment.astimezone(tz).strftime("%H:%M") if moment else None


def describe(items: ChartedItems, tz) -> dict:
    """The items as the form prints them, in the site's local times: what a completed record keeps."""
    pressures = (
        ("Before dosing", items.bp_before),
        ("About 40 minutes after dosing", items.bp_after_40),
        ("Before the end of monitoring", items.bp_end),
    )
    findings = (
        ("Sedation", items.sedation),
        ("Dissociation", items.dissociation),
        ("Respiratory depression", items.respiratory_depression),
    )
    return {
        "date": items.dosed_at.astimezone(tz).date().isoformat() if items.dosed_at else None,
        "dosed_time": _time(items.dosed_at, tz),
        "dose_mg": items.dose_mg,
        "lot_numbers": items.lot_numbers,
        "medication_classes": items.medication_classes,
        "blood_pressures": [
            {"label": label, "value": str(bp) if bp else None, "time": _time(bp and bp.measured_at, tz)}
            for label, bp in pressures
        ],
        "findings": [
            {"label": label, "present": finding.present, "time": _time(finding.at, tz)} for label, finding in findings
        ],
        "other_adverse_events": items.other_adverse_events,
        "monitoring_minutes": items.monitoring_minutes,
        "ready_to_leave_time": _time(items.ready_to_leave_at, tz),
    }
