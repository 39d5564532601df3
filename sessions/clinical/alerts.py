"""Alert-rule evaluation: which rules apply to a session, and whether its readings breach them.

Pure logic over rules and readings; `services` does the writing. Rule kinds: absolute
threshold, change from the session's baseline (the last reading before the infusion
started) in units or percent, sustained over N consecutive readings, limited to phases, and
optionally only for patients taking a medicine of a class (MAOI, TCA...). The backtest replays
stored readings through these same functions, so its counts equal live evaluation's.
"""

from dataclasses import dataclass
from decimal import Decimal
from operator import ge, gt, le, lt

from django.db.models import Q

from clinic.interactions import drug_classes_taken
from sessions.clinical import news2
from sessions.models import AlertRule, Comparator, Metric, RuleReference

_COMPARE = {Comparator.GT: gt, Comparator.GTE: ge, Comparator.LT: lt, Comparator.LTE: le}


def rules_for_session(session) -> list[AlertRule]:
    candidates = list(
        AlertRule.objects.filter(
            Q(protocol__isnull=True) | Q(protocol_id=session.protocol_id),
            Q(patient__isnull=True) | Q(patient_id=session.patient_id),
            site_id=session.site_id,
            active=True,
        ).order_by("metric", "name", "id")  # the model's order without its join to the one site's row
    )
    drug_classes = set()
    if any(rule.medication_class for rule in candidates):
        medications = session.patient.medications.select_related("medication")
        drug_classes = drug_classes_taken(medications, session_day(session))
    return applicable_rules(candidates, session, drug_classes)


def session_day(session):
    """The clinic's calendar day of the session, which decides which medicines were being taken."""
    return session.arrived_at.astimezone(session.site.tzinfo).date()


def applicable_rules(rules, session, drug_classes: set[str]) -> list[AlertRule]:
    """The site's rules that judge `session`: its scope, its patient's medicine classes, narrowest wins."""
    return narrowest(
        rule
        for rule in rules
        if rule.active
        and rule.protocol_id in (None, session.protocol_id)
        and rule.patient_id in (None, session.patient_id)
        and (not rule.medication_class or rule.medication_class in drug_classes)
    )


def narrowest(rules) -> list[AlertRule]:
    """Drop a rule when a narrower one for the same metric, reference and direction covers all
    of its phases: a patient's own SBP limit replaces the protocol's, which replaces the site's.

    A narrower rule limited to fewer phases than the broader one (the esketamine pre-dose BP
    prompt against the site's SBP > 180) leaves the broader rule in force everywhere.
    """
    rules = list(rules)
    return [rule for rule in rules if not any(_replaces(other, rule) for other in rules)]


def _replaces(narrower: AlertRule, broader: AlertRule) -> bool:
    if narrower.override_key != broader.override_key or narrower.scope_level <= broader.scope_level:
        return False
    if not narrower.phases:
        return True
    return bool(broader.phases) and set(broader.phases) <= set(narrower.phases)


def metric_value(reading, metric: str) -> Decimal | None:
    """The reading's value for `metric`, remembered on the reading: a stored reading's values
    never change (a correction is a new reading), and judging a session re-reads each one for
    every later reading, which the backtest does for a year of sessions at once."""
    remembered = vars(reading).setdefault("_metric_values", {})
    if metric not in remembered:
        remembered[metric] = _metric_value(reading, metric)
    return remembered[metric]


def _metric_value(reading, metric: str) -> Decimal | None:
    if metric == Metric.NEWS2:
        scored = news2.score_reading(reading)
        # A reading with none of NEWS2's parameters has no score; it must not count as 0.
        return Decimal(scored.score) if scored.parameter_scores else None
    value = getattr(reading, metric)
    return None if value is None else Decimal(value)


def baseline_value(readings, metric: str, infusion_started_at) -> Decimal | None:
    """The last valid value measured before the infusion started; None if there is none."""
    if infusion_started_at is None:
        return None
    before = [r for r in readings if r.measured_at < infusion_started_at and metric_value(r, metric) is not None]
    return metric_value(before[-1], metric) if before else None


def compared_quantity(rule: AlertRule, value: Decimal, baseline: Decimal | None) -> Decimal | None:
    """What the threshold is compared with: the value, or its change from baseline."""
    if rule.reference == RuleReference.ABSOLUTE:
        return value
    if baseline is None:
        return None
    change = value - baseline
    if rule.reference == RuleReference.BASELINE_UNITS:
        return change
    return None if baseline == 0 else change * 100 / baseline


def breaches(rule: AlertRule, value: Decimal, baseline: Decimal | None) -> bool | None:
    quantity = compared_quantity(rule, value, baseline)
    if quantity is None:
        return None
    return _COMPARE[rule.comparator](quantity, rule.threshold)


@dataclass(frozen=True)
class RuleState:
    """A rule's verdict on a session's readings so far."""

    breached: bool
    in_range: bool
    reading: object = None
    value: Decimal | None = None
    baseline: Decimal | None = None


NOT_EVALUABLE = RuleState(breached=False, in_range=False)


def counts_for(rule: AlertRule, reading, infusion_started_at) -> bool:
    """Whether `rule` judges this reading: it carries the metric, falls in the rule's phases and,
    for a change from baseline, was measured once the infusion had started."""
    if metric_value(reading, rule.metric) is None or (rule.phases and reading.phase not in rule.phases):
        return False
    return rule.reference == RuleReference.ABSOLUTE or (
        infusion_started_at is not None and reading.measured_at >= infusion_started_at
    )


def assess(rule: AlertRule, readings, infusion_started_at) -> RuleState:
    """Judge `readings` (valid, in measured order) against `rule`.

    Breached when the latest N readings that carry the metric, within the rule's phases,
    all breach. In range when the latest such reading does not breach: that resolves an
    open alert. Neither when it cannot be judged (e.g. no baseline yet).
    """
    baseline = None
    if rule.reference != RuleReference.ABSOLUTE:
        baseline = baseline_value(readings, rule.metric, infusion_started_at)
        if baseline is None:
            return NOT_EVALUABLE
    relevant = [r for r in readings if counts_for(rule, r, infusion_started_at)]
    if not relevant:
        return NOT_EVALUABLE
    window = relevant[-rule.sustained_readings :]
    verdicts = [breaches(rule, metric_value(r, rule.metric), baseline) for r in window]
    latest = window[-1]
    return RuleState(
        breached=len(window) == rule.sustained_readings and all(verdicts),
        in_range=not verdicts[-1],
        reading=latest,
        value=metric_value(latest, rule.metric),
        baseline=baseline,
    )


def opens_episode(state: RuleState, last_alerted_reading_id) -> bool:
    """A breach raises an alert only when it is a new episode: an alert is never raised twice on
    the same reading. Without this a rule limited to pre-check, resolved when its phase ends,
    would be raised again on its last pre-check reading by every later reading."""
    return state.breached and state.reading.id != last_alerted_reading_id


def resolves(rule: AlertRule, state: RuleState, readings) -> bool:
    """An open alert resolves when the latest reading is back in range, or when the rule's phases
    are over (a pre-dose prompt stops being open once the session is past pre-check)."""
    return state.in_range or (bool(rule.phases) and bool(readings) and readings[-1].phase not in rule.phases)


def alert_message(rule: AlertRule, state: RuleState) -> str:
    value = f"{state.value.normalize():f}"
    text = f"{Metric(rule.metric).label} {value}"
    if state.baseline is not None:
        change = state.value - state.baseline
        text += f" ({change.normalize():+f} from baseline {state.baseline.normalize():f})"
    detail = rule.message or rule.summary()
    return f"{text}: {detail}"
