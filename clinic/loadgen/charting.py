"""Rows for one generated session: the protocol's reading schedule with the BP curve of
DESIGN.md (from `clinic.demo.vitals`), side effects, start/stop events, a PHQ-9, and the alerts
the two commonest default rules (systolic rise ≥ 40 over baseline, SpO2 < 92) would raise.

Rows are tuples in the column order of `COLUMNS`, ready for COPY; ids are allocated here so a
reading can name its session before either is written."""

import datetime
import json
import random
from decimal import Decimal

from clinic import units
from clinic.demo import vitals
from clinic.demo.history import ACKNOWLEDGEMENT_NOTES, ATTESTATION, CHECKLIST, phq9_items
from sessions.clinical import assessments

from .reference import SiteTeam

COLUMNS = {
    "infusions_infusionsession": (
        "id", "site_id", "patient_id", "protocol_id", "protocol_snapshot", "nurse_id", "supervising_physician_id",
        "weight_value", "weight_unit", "weight_kg", "dose_computed_mg", "dose_formula", "dose_given_mg",
        "lot_number", "chair", "course_number", "interaction_warnings", "arrived_at", "infusion_started_at",
        "infusion_ended_at", "discharged_at", "discharged_by_id", "discharge_checklist", "discharge_override_reason",
        "signed_at", "signed_by_id", "sign_attestation", "created_at", "updated_at",
    ),
    "infusions_vitalsigns": (
        "id", "site_id", "session_id", "measured_at", "recorded_at", "recorded_by_id", "phase", "is_late",
        "systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "temperature_value", "temperature_unit",
        "temperature_c", "sedation_moaas", "dissociation", "consciousness", "on_oxygen", "source", "note",
        "client_key", "entered_in_error", "error_reason", "updated_at",
    ),
    "infusions_alert": (
        "id", "site_id", "session_id", "kind", "rule_id", "rule_snapshot", "reading_id", "value", "severity",
        "message", "raised_at", "acknowledged_at", "acknowledged_by_id", "acknowledgement_note", "resolved_at",
        "resolved_reason", "updated_at", "snooze_reason",
    ),
    "infusions_sideeffect": (
        "id", "site_id", "session_id", "term", "other_term", "severity", "onset_at", "resolved_at", "action_taken",
        "note", "recorded_at", "recorded_by_id", "entered_in_error", "error_reason", "updated_at",
    ),
    "infusions_sessionevent": (
        "id", "site_id", "session_id", "kind", "occurred_at", "rate", "drug", "dose", "route", "note",
        "recorded_at", "recorded_by_id", "entered_in_error", "error_reason", "updated_at",
    ),
    "infusions_assessment": (
        "id", "site_id", "patient_id", "session_id", "instrument", "items", "total", "band", "safety_flag",
        "administered_at", "recorded_at", "recorded_by_id", "entered_in_error", "error_reason", "updated_at",
    ),
}  # fmt: skip

ENTRY_DELAY = datetime.timedelta(minutes=1)
CHECKLIST_JSON = json.dumps(CHECKLIST)
SIDE_EFFECTS = (("dissociation", 0.4, 10), ("dizziness", 0.25, 15), ("nausea", 0.2, 20), ("drowsiness", 0.15, 25))


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def schedule(snapshot: dict) -> list[int]:
    """Minutes after the drug started at which the protocol wants a reading, to the end of observation."""
    infusion, observed = snapshot["infusion_minutes"], snapshot["min_observation_minutes"]
    during = list(range(snapshot["infusion_interval_minutes"], infusion + 1, snapshot["infusion_interval_minutes"]))
    after = range(
        infusion + snapshot["observation_interval_minutes"],
        infusion + observed + 1,
        snapshot["observation_interval_minutes"],
    )
    return during + list(after)


class Rows:
    """Allocates ids and collects rows per table until the caller copies them out."""

    def __init__(self, rng: random.Random, first_ids: dict[str, int]):
        self.rng = rng
        self.next_id = dict(first_ids)
        self.tables: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self._snapshots: dict[object, str] = {}  # protocol or rule → its snapshot as JSON, made once

    def _snapshot(self, owner) -> str:
        if owner not in self._snapshots:
            self._snapshots[owner] = json.dumps(owner.snapshot(), default=str)
        return self._snapshots[owner]

    def take(self) -> dict[str, list[tuple]]:
        tables, self.tables = self.tables, {table: [] for table in COLUMNS}
        return tables

    def _add(self, table: str, *values) -> int:
        row_id = self.next_id[table]
        self.next_id[table] = row_id + 1
        self.tables[table].append((row_id, *values))
        return row_id

    def session(self, team: SiteTeam, protocol, patient_id: int, course: int, arrived, chair: str, now) -> None:
        """One session from arrival to `now`: complete and signed when `now` is past its end."""
        rng, site = self.rng, team.site
        snapshot = json.loads(self._snapshot(protocol))
        single_dose = snapshot["infusion_minutes"] == 0
        weight_kg = Decimal(team.weight_kg[patient_id])
        dose = Decimal(56 if course < 3 else 84) if single_dose else weight_kg * Decimal(snapshot["dose_mg_per_kg"])
        weight_value = weight_kg if site.weight_unit == units.KG else (weight_kg / units.to_kg(Decimal(1), units.LB))
        formula = f"fixed {dose} mg" if single_dose else f"{snapshot['dose_mg_per_kg']} mg/kg × {weight_kg} kg"
        base = vitals.baseline(rng, team.usual_bp[patient_id])
        curve = vitals.response(rng, (8, 44), single_dose=single_dose)
        started = arrived + minutes(rng.randint(10, 16))
        offsets = schedule(snapshot)
        ended = started + minutes(snapshot["infusion_minutes"])
        last = started + minutes(offsets[-1])
        complete = last + minutes(12) <= now
        discharged = last + minutes(rng.randint(4, 12)) if complete else None
        signed = discharged + minutes(rng.randint(30, 300)) if complete else None
        session_id = self._add(
            "infusions_infusionsession", site.pk, patient_id, protocol.pk, self._snapshot(protocol), team.nurse_id,
            team.physician_id, f"{weight_value:.2f}", site.weight_unit, weight_kg, dose, formula, dose,
            f"{'ESK' if single_dose else 'KET'}-{arrived:%y%m}-{rng.randint(10, 99)}", chair, course, "[]", arrived,
            started if started <= now else None, (ended if ended <= now else None), discharged,
            team.nurse_id if complete else None, CHECKLIST_JSON if complete else "{}", "", signed,
            team.physician_id if complete else None, ATTESTATION if complete else "", arrived, signed or now,
        )  # fmt: skip
        self._phq9(team, patient_id, session_id, course, arrived + minutes(3))
        self._reading(
            team, session_id, arrived + minutes(6), "pre_check", vitals.pre_dose(rng, base, site.temperature_unit), now
        )
        if started > now:
            return
        kind = ("dose_given", "Esketamine", f"{dose} mg", "intranasal") if single_dose else ("started", "", "", "")
        self._event(team, session_id, started, kind)
        if not single_dose and ended <= now:
            self._event(team, session_id, ended, ("stopped", "", "", ""))
        open_alerts = {}
        for offset in offsets:
            at = started + minutes(offset)
            if at > now:
                break
            values = vitals.during(rng, base, curve, offset, settled=offset == offsets[-1])
            reading_id = self._reading(team, session_id, at, "infusion" if at < ended else "observation", values, now)
            self._breaches(team, session_id, reading_id, at, values, base, open_alerts)
        for rule, (reading_id, at, value) in open_alerts.items():
            self._alert(team, session_id, rule, reading_id, at, value, discharged)
        if complete:
            self._side_effects(team, session_id, started, last)

    def _reading(self, team, session_id, at, phase, values, now) -> int:
        temperature = values.get("temperature_value")
        celsius = units.to_celsius(temperature, values["temperature_unit"]) if temperature is not None else None
        recorded = min(at + ENTRY_DELAY, now)
        return self._add(
            "infusions_vitalsigns", team.site.pk, session_id, at, recorded, team.nurse_id, phase, False,
            values["systolic"], values["diastolic"], values["heart_rate"], values["spo2"], values["respiratory_rate"],
            temperature, values.get("temperature_unit", ""), celsius, values["sedation_moaas"], values["dissociation"],
            values["consciousness"], values["on_oxygen"], "manual", "", "", False, "", recorded,
        )  # fmt: skip

    @staticmethod
    def _breaches(team, session_id, reading_id, at, values, base, open_alerts) -> None:
        """First breach of each rule opens its alert (one open alert per rule, as the engine keeps)."""
        rise = values["systolic"] - base.systolic
        if rise >= team.rise_rule.threshold and team.rise_rule not in open_alerts:
            open_alerts[team.rise_rule] = (reading_id, at, rise)
        if values["spo2"] < team.spo2_rule.threshold and team.spo2_rule not in open_alerts:
            open_alerts[team.spo2_rule] = (reading_id, at, values["spo2"])

    def _alert(self, team, session_id, rule, reading_id, at, value, discharged) -> None:
        """Past sessions' alerts were acknowledged within minutes and resolved at discharge; today's stay open."""
        rng = self.rng
        acknowledged = at + minutes(rng.randint(2, 12)) if discharged else None
        self._add(
            "infusions_alert", team.site.pk, session_id, "rule", rule.pk, self._snapshot(rule),
            reading_id, value, rule.severity, rule.message, at, acknowledged,
            team.physician_id if discharged else None, rng.choice(ACKNOWLEDGEMENT_NOTES) if discharged else "",
            discharged, "Session discharged" if discharged else "", discharged or at, "",
        )  # fmt: skip

    def _event(self, team, session_id, at, kind) -> None:
        name, drug, dose, route = kind
        rate = "0.5 mg/kg over 40 min" if name == "started" else ""
        self._add(
            "infusions_sessionevent", team.site.pk, session_id, name, at, rate, drug, dose, route, "", at,
            team.nurse_id, False, "", at,
        )  # fmt: skip

    def _side_effects(self, team, session_id, started, last) -> None:
        rng = self.rng
        for term, chance, onset_minutes in SIDE_EFFECTS:
            if rng.random() >= chance:
                continue
            onset = started + minutes(onset_minutes + rng.randint(0, 8))
            resolved = min(onset + minutes(rng.randint(15, 50)), last)
            severity = rng.choice(("mild", "mild", "mild", "moderate"))
            self._add(
                "infusions_sideeffect", team.site.pk, session_id, term, "", severity, onset, resolved, "none", "",
                resolved + ENTRY_DELAY, team.nurse_id, False, "", resolved + ENTRY_DELAY,
            )  # fmt: skip

    def _phq9(self, team, patient_id, session_id, course, at) -> None:
        """Scores fall over the first dozen sessions of a patient's series, then hold."""
        rng = self.rng
        total = max(0, min(24, round(18 * (1 - 0.6 * min(course, 12) / 12)) + rng.randint(-2, 2)))
        items = phq9_items(rng, total, 1 if course < 3 and rng.random() < 0.05 else 0)
        scored = assessments.score("phq9", items)
        self._add(
            "infusions_assessment", team.site.pk, patient_id, session_id, "phq9", json.dumps(items), scored.total,
            scored.band, scored.safety_flag, at, at + ENTRY_DELAY, team.nurse_id, False, "", at + ENTRY_DELAY,
        )  # fmt: skip
