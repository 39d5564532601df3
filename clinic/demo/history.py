"""Weeks of completed sessions, and today's, charted through the session services.

Every write goes through `sessions.services` with explicit clinical times, so validation,
phases, alert rules, discharge checks and sign-off run exactly as they do for real charting.
The nurse charts, the physician supervises, acknowledges alerts and signs.
"""

import dataclasses
import datetime
import random
from dataclasses import dataclass

from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import Alert, InfusionSession, SessionEvent, SideEffect
from sessions.services.lifecycle import clearance_pending

from . import catalog, vitals

ENTRY_DELAY = datetime.timedelta(minutes=1)  # readings are typed in a minute after they are taken
CHECKLIST = {item: True for item, _ in DISCHARGE_CHECKLIST}
IV_OFFSETS = (10, 20, 30, 40, 55, 70, 85, 100)  # minutes after the infusion started; stopped at 40
SINGLE_DOSE_OFFSETS = (20, 40, 60, 80, 100, 120)  # minutes after the esketamine dose
ACKNOWLEDGEMENT_NOTES = (
    "Seen at the chair; patient comfortable. Recheck as per protocol.",
    "Reviewed with the nurse; continue and recheck in 5 min.",
    "Expected transient rise; no action needed.",
    "Probe repositioned; deep breaths; settled.",
)
CLEARANCE_NOTE = "MAOI reviewed: pre-dose BP acceptable, proceed with close BP monitoring."
ATTESTATION = "I reviewed this session's chart, vitals, alerts and side effects; care was appropriate."


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@dataclass(frozen=True)
class Team:
    nurse: object
    physician: object


@dataclass
class Tally:
    sessions: int = 0
    readings: int = 0
    side_effects: int = 0
    assessments: int = 0
    acknowledged: int = 0


def course_dates(last_before: datetime.date, count: int, weekdays: tuple[int, int]) -> list[datetime.date]:
    """`count` treatment days on `weekdays` (twice weekly), the last one before `last_before`."""
    dates, day = [], last_before - datetime.timedelta(days=1)
    while len(dates) < count:
        if day.weekday() in weekdays:
            dates.append(day)
        day -= datetime.timedelta(days=1)
    return sorted(dates)


def phq9_items(rng: random.Random, total: int, self_harm: int) -> list[int]:
    """Nine item scores adding up to `total`, item 9 (self-harm thoughts) set to `self_harm`."""
    items = [0] * 9
    items[8] = min(self_harm, total, 3)
    remaining = min(total - items[8], 24)
    while remaining:
        position = rng.randrange(8)
        if items[position] < 3:
            items[position] += 1
            remaining -= 1
    return items


class DemoHistory:
    def __init__(self, *, rng: random.Random, teams: dict[str, Team], protocols: dict, now: datetime.datetime):
        self.rng = rng
        self.teams = teams
        self.protocols = protocols
        self.now = now
        self.tally = Tally()

    # --- the course of one patient -----------------------------------------------------------

    def course(self, spec: catalog.DemoPatient, patient, position: int) -> None:
        """`spec.sessions` completed sessions, twice weekly, ending before today at the site."""
        site = patient.site
        today = self.now.astimezone(site.tzinfo).date()
        weekdays = ((0, 3), (1, 4))[position % 2]
        chair = f"Chair {position % 4 + 1}" if site.code == catalog.RIVERSIDE else f"Room {'ABCD'[position % 4]}"
        slot = datetime.time(8, 30)
        for course_index, day in enumerate(course_dates(today, spec.sessions, weekdays)):
            local = datetime.datetime.combine(day, slot, tzinfo=site.tzinfo)
            arrival = (local + minutes(150 * (position // 4) + self.rng.randint(0, 15))).astimezone(datetime.UTC)
            self.completed_session(spec, patient, arrival, course_index, chair)

    def completed_session(self, spec, patient, arrival, course_index: int, chair: str) -> InfusionSession:
        team = self.teams[patient.site.code]
        session = self._start(spec, patient, arrival, course_index, chair)
        single_dose = session.protocol_snapshot["infusion_minutes"] == 0
        base = vitals.baseline(self.rng, spec.baseline_bp)
        curve = vitals.response(self.rng, spec.bp_rise, single_dose=single_dose)
        at = arrival + minutes(6)
        self._vitals(session, at, vitals.pre_dose(self.rng, base, patient.site.temperature_unit))
        if single_dose and (base.systolic > 140 or base.diastolic > 90):
            # The pre-dose prompt fired: rest, then recheck before weighing whether to dose.
            base = dataclasses.replace(
                base,
                systolic=min(base.systolic - self.rng.randint(5, 9), 138),
                diastolic=min(base.diastolic - self.rng.randint(3, 6), 88),
            )
            at += minutes(6)
            recheck = vitals.during(self.rng, base, curve, 0)
            self._vitals(session, at, {**recheck, "sedation_moaas": 5, "dissociation": 0})
        started = at + minutes(self.rng.randint(4, 8))
        offsets = SINGLE_DOSE_OFFSETS if single_dose else IV_OFFSETS
        self._begin(session, started, single_dose)
        for offset in offsets:
            if not single_dose and offset == session.protocol_snapshot["infusion_minutes"]:
                self._event(session, started + minutes(offset), SessionEvent.Kind.STOPPED)
            values = vitals.during(self.rng, base, curve, offset, settled=offset == offsets[-1])
            self._vitals(session, started + minutes(offset), values)
        last_reading = started + minutes(offsets[-1])
        self._side_effects(session, started, last_reading, curve, single_dose)
        discharged = last_reading + minutes(self.rng.randint(4, 12))
        services.discharge(session=session, by=team.nurse, checklist=CHECKLIST, now=discharged)
        self._acknowledge(session, team.physician)
        signed = min(discharged + minutes(self.rng.randint(30, 300)), self.now - minutes(1))
        services.sign_session(session=session, by=team.physician, attestation=ATTESTATION, now=signed)
        return session

    # --- today's chairs ----------------------------------------------------------------------

    def in_infusion_now(self, spec, patient, course_index: int) -> InfusionSession:
        """Arrived 35 min ago, baseline taken, infusion running for 25 min, two readings since."""
        session = self._start(spec, patient, self.now - minutes(35), course_index, "Chair 2")
        base = vitals.baseline(self.rng, spec.baseline_bp)
        curve = vitals.response(self.rng, spec.bp_rise, single_dose=False)
        self._vitals(session, self.now - minutes(30), vitals.pre_dose(self.rng, base, patient.site.temperature_unit))
        started = self.now - minutes(25)
        self._begin(session, started, single_dose=False)
        for offset in (10, 20):
            self._vitals(session, started + minutes(offset), vitals.during(self.rng, base, curve, offset))
        session.refresh_from_db()
        return session

    def in_pre_check_now(self, spec, patient, course_index: int) -> InfusionSession:
        """Arrived 12 min ago for esketamine; the pre-dose BP is above 140/90, so the prompt shows."""
        session = self._start(spec, patient, self.now - minutes(12), course_index, "Room A")
        base = vitals.baseline(self.rng, spec.baseline_bp)
        reading = vitals.pre_dose(self.rng, base, patient.site.temperature_unit)
        reading.update(systolic=max(base.systolic, 146), diastolic=max(base.diastolic, 92))
        self._vitals(session, self.now - minutes(6), reading)
        session.refresh_from_db()
        return session

    # --- steps -------------------------------------------------------------------------------

    def _start(self, spec, patient, arrival, course_index: int, chair: str) -> InfusionSession:
        team = self.teams[patient.site.code]
        protocol = self.protocols[spec.protocol]
        single_dose = protocol.infusion_minutes == 0
        weight = spec.weight + self.rng.randint(-8, 8) * spec.weight / 1000
        session = services.start_session(
            patient=patient,
            protocol=protocol,
            by=team.nurse,
            weight_value=round(weight, 1),
            weight_unit=patient.site.weight_unit,
            dose_mg=(56 if course_index < 2 else 84) if single_dose else None,
            chair=chair,
            supervising_physician=team.physician,
            lot_number=f"{'ESK' if single_dose else 'KET'}-{arrival:%y%m}-{self.rng.randint(10, 99)}",
            arrived_at=arrival,
            now=arrival,
        )
        self.tally.sessions += 1
        self._phq9(spec, patient, session, course_index, arrival + minutes(3))
        return session

    def _phq9(self, spec, patient, session, course_index: int, at) -> None:
        """Scores fall across the course by `phq9_drop`; self-harm thoughts fade by mid-course."""
        span = max(spec.sessions - 1, 1)
        progress = min(course_index / span, 1.2)
        total = round(spec.phq9_start * (1 - spec.phq9_drop * progress)) + self.rng.randint(-1, 1)
        self_harm = spec.self_harm_item if course_index < spec.sessions // 2 else 0
        items = phq9_items(self.rng, max(0, min(total, 24)), self_harm)
        services.record_assessment(
            patient=patient,
            session=session,
            by=self.teams[patient.site.code].nurse,
            instrument="phq9",
            items=items,
            administered_at=at,
            now=at + ENTRY_DELAY,
        )
        self.tally.assessments += 1

    def _vitals(self, session, at, values) -> None:
        nurse = self.teams[session.site.code].nurse
        services.record_vitals(session=session, values=values, by=nurse, measured_at=at, now=at + ENTRY_DELAY)
        self.tally.readings += 1

    def _event(self, session, at, kind, **details) -> None:
        nurse = self.teams[session.site.code].nurse
        services.record_event(session=session, by=nurse, kind=kind, occurred_at=at, now=at, **details)

    def _begin(self, session, at, single_dose: bool) -> None:
        if clearance_pending(session):  # an MAOI patient: the physician reviews before the infusion
            physician = self.teams[session.site.code].physician
            services.clear_session(session=session, by=physician, note=CLEARANCE_NOTE, now=at - minutes(1))
        if single_dose:
            dose = f"{session.dose_computed_mg.normalize():f} mg"
            self._event(session, at, SessionEvent.Kind.DOSE_GIVEN, drug="Esketamine", dose=dose, route="intranasal")
        else:
            self._event(session, at, SessionEvent.Kind.STARTED, rate="0.5 mg/kg over 40 min")

    def _side_effects(self, session, started, last_reading, curve: vitals.Response, single_dose: bool) -> None:
        """Charted once they have resolved, with onset and resolution back-timed."""
        rng = self.rng
        terms = SideEffect.Term
        candidates = [
            (terms.DISSOCIATION, 0.5 if single_dose else 0.4, 10),
            (terms.DIZZINESS, 0.3 if single_dose else 0.2, 15),
            (terms.NAUSEA, 0.25 if single_dose else 0.2, 20),
            (terms.DROWSINESS, 0.15, 25),
            (terms.HEADACHE, 0.08, 45),
        ]
        if curve.systolic_rise >= 38:
            candidates.append((terms.ELEVATED_BP, 1.0, curve.peak_minutes - 5))
        for term, chance, onset_minutes in candidates:
            if rng.random() >= chance:
                continue
            onset = started + minutes(onset_minutes + rng.randint(0, 8))
            resolved = min(onset + minutes(rng.randint(15, 50)), last_reading)
            severity = rng.choice((SideEffect.Severity.MILD,) * 3 + (SideEffect.Severity.MODERATE,))
            action, note = SideEffect.Action.NONE, ""
            if term == terms.NAUSEA and severity == SideEffect.Severity.MODERATE:
                action, note = SideEffect.Action.MEDICATION, "Ondansetron given; settled."
                self._event(
                    session,
                    onset + minutes(5),
                    SessionEvent.Kind.RESCUE_MEDICATION,
                    drug="Ondansetron",
                    dose="4 mg",
                    route="IV" if not single_dose else "oral (ODT)",
                )
            elif term == terms.ELEVATED_BP:
                note = "Transient rise around the peak; settled without treatment."
            services.record_side_effect(
                session=session,
                by=self.teams[session.site.code].nurse,
                term=term,
                severity=severity,
                onset_at=onset,
                resolved_at=resolved,
                action_taken=action,
                note=note,
                now=resolved + ENTRY_DELAY,
            )
            self.tally.side_effects += 1

    def _acknowledge(self, session, physician) -> None:
        """The physician acknowledges most alerts within a few minutes; a few are left for review."""
        for alert in Alert.objects.filter(session=session).order_by("raised_at", "id"):
            if self.rng.random() < 0.85:
                services.acknowledge_alert(
                    alert=alert,
                    by=physician,
                    note=self.rng.choice(ACKNOWLEDGEMENT_NOTES),
                    now=alert.raised_at + minutes(self.rng.randint(2, 12)),
                )
                self.tally.acknowledged += 1
