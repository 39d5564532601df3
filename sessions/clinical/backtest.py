"""“Try this rule”: replay a draft alert rule over a period's stored readings, raising nothing.

Alert fatigue is the main reason clinicians distrust monitoring, so before a limit is saved the
editor shows what it would have done. The replay feeds each session's readings, one at a time in
clinical order, through the live engine (`sessions.clinical.alerts`: the same scope, medicine-class and
narrowest-rule choice, `assess` and `resolves`), so its counts equal what live evaluation raises
when readings are charted as they are measured. One query fetches the sessions, one the
readings (ordered by session and measured time), one the rules; the rest is Python.
"""

import datetime
import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils import timezone

from clinic.interactions import drug_classes_taken
from clinic.models import PatientMedication
from sessions.clinical import alerts as engine
from sessions.clinical import artifacts
from sessions.clinical.news2 import PARAMETERS as NEWS2_PARAMETERS
from sessions.models import Alert, AlertRule, InfusionSession, ReadingArtifact, RuleReference, VitalSigns

DEFAULT_DAYS = 90
EXAMPLES = 5


@dataclass
class Outcome:
    """What one version of a rule would have raised over the period."""

    alerts: int = 0
    session_ids: set[int] = field(default_factory=set)
    patient_ids: set[int] = field(default_factory=set)
    alerts_by_session: dict[int, int] = field(default_factory=dict)

    @property
    def sessions(self) -> int:
        return len(self.session_ids)

    @property
    def patients(self) -> int:
        return len(self.patient_ids)

    def add(self, session, raised: int) -> None:
        if raised:
            self.alerts += raised
            self.session_ids.add(session.pk)
            self.patient_ids.add(session.patient_id)
            self.alerts_by_session[session.pk] = raised


@dataclass
class Backtest:
    start: datetime.datetime
    end: datetime.datetime
    draft: Outcome
    current: Outcome | None
    recorded: int | None  # alerts the saved rule actually raised in the period
    sessions_checked: int
    readings_checked: int
    seconds: float
    examples: list = field(default_factory=list)


def default_period(now=None, days: int = DEFAULT_DAYS) -> tuple[datetime.datetime, datetime.datetime]:
    now = now or timezone.now()
    return now - datetime.timedelta(days=days), now


def replay(rule: AlertRule, readings: list, infusion_started_at) -> list:
    """The readings on which live evaluation would have raised an alert for `rule`, as if each
    reading had been charted in measured order (mirrors `services.alerting.evaluate_rules`).

    `assess` decides every verdict. It is skipped only where its answer cannot raise or resolve
    anything: no alert is open, the last verdict was not a breach, and the new reading either is
    not judged by the rule or is itself in range (then the rule is not breached either).
    """
    baseline = None
    if rule.reference != RuleReference.ABSOLUTE:
        baseline = engine.baseline_value(readings, rule.metric, infusion_started_at)
    raised, is_open, state = [], False, engine.NOT_EVALUABLE
    for count, reading in enumerate(readings, start=1):
        if not is_open and not state.breached and not _breaching(rule, reading, baseline, infusion_started_at):
            continue
        charted = readings[:count]
        state = engine.assess(rule, charted, infusion_started_at)
        if not is_open and engine.opens_episode(state, raised[-1].id if raised else None):
            raised.append(state.reading)
            is_open = True
        elif is_open and engine.resolves(rule, state, charted):
            is_open = False
    return raised


def _breaching(rule, reading, baseline, infusion_started_at) -> bool:
    """The rule judges this reading and it breaches. Once the infusion has started, the baseline
    (the last value before the start) is that of the whole session, as readings come in order."""
    if not engine.counts_for(rule, reading, infusion_started_at):
        return False
    return bool(engine.breaches(rule, engine.metric_value(reading, rule.metric), baseline))


def backtest_rule(draft: AlertRule, *, start, end, current: AlertRule | None = None) -> Backtest:
    """Replay `draft` (unsaved edits allowed) and, when editing, the saved `current` rule, over
    the sessions at the draft's scope that arrived in [start, end)."""
    began = time.perf_counter()
    draft = _as_active(draft)
    current = _as_active(current) if current is not None else None
    sessions = _sessions_in_scope(draft, current, start, end)
    site_rules = [rule for rule in AlertRule.objects.filter(site_id=draft.site_id, active=True) if rule.pk != draft.pk]
    classes_by_patient = _drug_classes_by_patient(draft, site_rules, sessions)
    readings = _readings(draft, current, start, end) if sessions else []
    draft_outcome, current_outcome = Outcome(), Outcome() if current is not None else None
    by_session = {session.pk: session for session in sessions}
    in_force = _InForce(site_rules, classes_by_patient)
    for session_id, session_readings in itertools.groupby(readings, key=lambda reading: reading.session_id):
        session = by_session[session_id]
        session_readings = list(session_readings)
        for rule, outcome in ((draft, draft_outcome), (current, current_outcome)):
            if rule is not None and in_force(rule, session):
                outcome.add(session, len(replay(rule, session_readings, session.infusion_started_at)))
    recorded = None
    if current is not None and current.pk:
        recorded = Alert.objects.filter(
            rule_id=current.pk, kind=Alert.Kind.RULE, session__arrived_at__gte=start, session__arrived_at__lt=end
        ).count()
    return Backtest(
        start=start,
        end=end,
        draft=draft_outcome,
        current=current_outcome,
        recorded=recorded,
        sessions_checked=len(sessions),
        readings_checked=len(readings),
        seconds=time.perf_counter() - began,
        examples=_examples(draft_outcome),
    )


def _as_active(rule: AlertRule) -> AlertRule:
    """Judge a disabled rule as if it were in force: the question is what it would raise."""
    if rule.active:
        return rule
    copy = AlertRule(**{f.attname: getattr(rule, f.attname) for f in AlertRule._meta.concrete_fields})
    copy.active = True
    return copy


def _scope_filter(rules) -> dict:
    """Narrow the sessions fetched to the rules' common protocol and patient, when they share one."""
    rules = [rule for rule in rules if rule is not None]
    narrowing = {}
    for field_name in ("protocol_id", "patient_id"):
        values = {getattr(rule, field_name) for rule in rules}
        if len(values) == 1 and None not in values:
            narrowing[field_name] = values.pop()
    return narrowing


def _sessions_in_scope(draft, current, start, end) -> list[InfusionSession]:
    sessions = InfusionSession.objects.filter(
        site_id=draft.site_id, arrived_at__gte=start, arrived_at__lt=end, **_scope_filter([draft, current])
    ).only("id", "site_id", "patient_id", "protocol_id", "arrived_at", "infusion_started_at")
    sessions = list(sessions)
    for session in sessions:
        session.site = draft.site  # one site for all; spares a query per session for its timezone
    return sessions


def _readings(draft, current, start, end) -> list[SimpleNamespace]:
    """The valid readings of the same sessions as `_sessions_in_scope`, with only the fields the
    rules read, in the order the replay needs. Plain rows rather than model instances: a year
    is tens of thousands of readings, and the engine only reads their attributes."""
    metrics = {draft.metric} | ({current.metric} if current is not None else set())
    fields = {"id", "session_id", "measured_at", "phase"}
    for metric in metrics:
        fields |= set(NEWS2_PARAMETERS) if metric == "news2" else {metric}
    scope = {f"session__{key}": value for key, value in _scope_filter([draft, current]).items()}
    rows = (
        VitalSigns.objects.valid()
        .filter(site_id=draft.site_id, session__arrived_at__gte=start, session__arrived_at__lt=end, **scope)
        .order_by("session_id", "measured_at", "id")
        .values(*fields)
    )
    marks = artifacts.marks_by_reading(
        ReadingArtifact.objects.filter(
            site_id=draft.site_id, reading__session__arrived_at__gte=start, reading__session__arrived_at__lt=end
        )
    )
    return artifacts.judged([SimpleNamespace(**row) for row in rows], marks)


class _InForce:
    """Whether a rule is among those that judge a session, by the engine's own choice
    (`applicable_rules`), remembered per protocol, patient (when some rule is per patient) and
    medicine classes: a year has thousands of sessions but few distinct answers."""

    def __init__(self, site_rules, classes_by_patient):
        self.site_rules = site_rules
        self.classes_by_patient = classes_by_patient
        self.answers = {}

    def __call__(self, rule, session) -> bool:
        rules = [*self.site_rules, rule]
        drug_classes = self.classes_by_patient(session)
        per_patient = any(candidate.patient_id for candidate in rules)
        key = (id(rule), session.protocol_id, session.patient_id if per_patient else None, frozenset(drug_classes))
        if key not in self.answers:
            chosen = engine.applicable_rules(rules, session, drug_classes)
            self.answers[key] = any(candidate is rule for candidate in chosen)
        return self.answers[key]


def _drug_classes_by_patient(draft, site_rules, sessions):
    """A function session → the medicine classes its patient took that day; one query, and only
    when some rule depends on a class."""
    if not draft.medication_class and not any(rule.medication_class for rule in site_rules):
        return lambda session: set()
    medications = defaultdict(list)
    patient_ids = {session.patient_id for session in sessions}
    for item in PatientMedication.objects.filter(site_id=draft.site_id, patient_id__in=patient_ids).select_related(
        "medication"
    ):
        medications[item.patient_id].append(item)
    return lambda session: drug_classes_taken(medications[session.patient_id], engine.session_day(session))


def _examples(outcome: Outcome) -> list[tuple[InfusionSession, int]]:
    """A few sessions that would have alerted, most alerts first, for the clinician to open."""
    busiest = sorted(outcome.alerts_by_session.items(), key=lambda item: (-item[1], item[0]))[:EXAMPLES]
    sessions = InfusionSession.objects.select_related("patient").in_bulk([pk for pk, _ in busiest])
    return [(sessions[pk], count) for pk, count in busiest]
