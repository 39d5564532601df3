from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from clinic.audit import audit_trail
from clinic.models import DrugClass, Patient, Site

from .charting import VitalSigns
from .infusion import InfusionSession, Phase
from .protocol import Protocol


class Metric(models.TextChoices):
    SYSTOLIC = "systolic", "Systolic BP"
    DIASTOLIC = "diastolic", "Diastolic BP"
    HEART_RATE = "heart_rate", "Heart rate"
    SPO2 = "spo2", "SpO2"
    RESPIRATORY_RATE = "respiratory_rate", "Respiratory rate"
    TEMPERATURE = "temperature_c", "Temperature (°C)"
    ETCO2 = "etco2", "EtCO2"
    SEDATION = "sedation_moaas", "Sedation (MOAA/S)"
    DISSOCIATION = "dissociation", "Dissociation"
    PAIN = "pain", "Pain"
    NEWS2 = "news2", "NEWS2 score"


class Comparator(models.TextChoices):
    GT = "gt", ">"
    GTE = "gte", "≥"
    LT = "lt", "<"
    LTE = "lte", "≤"


class RuleReference(models.TextChoices):
    ABSOLUTE = "absolute", "Absolute value"
    BASELINE_UNITS = "baseline_units", "Change from baseline (units)"
    BASELINE_PERCENT = "baseline_percent", "Change from baseline (%)"


class Severity(models.TextChoices):
    INFO = "info", "Info"
    WARNING = "warning", "Warning"
    CRITICAL = "critical", "Critical"


class AlertRule(models.Model):
    """A limit a physician sets. Scope narrows from site to protocol to one patient;
    a narrower rule for the same metric, reference and direction replaces broader ones."""

    # What a clinician sets on a rule: the admin, the API and the rule editor offer these and no
    # more, and `clean()` below is the one place that judges them.
    LIMIT_FIELDS = (
        "name",
        "metric",
        "reference",
        "comparator",
        "threshold",
        "sustained_readings",
        "phases",
        "severity",
        "message",
    )
    SCOPE_FIELDS = ("protocol", "patient", "patient_reason", "medication_class")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="alert_rules")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="alert_rules")
    patient_reason = models.TextField(blank=True, help_text="Why this patient needs their own limit.")
    medication_class = models.CharField(
        max_length=20,
        choices=DrugClass.choices,
        blank=True,
        help_text="If set, the rule applies only to sessions of patients taking a medicine of this class.",
    )
    name = models.CharField(max_length=120)
    metric = models.CharField(max_length=20, choices=Metric.choices)
    reference = models.CharField(max_length=20, choices=RuleReference.choices, default=RuleReference.ABSOLUTE)
    comparator = models.CharField(max_length=3, choices=Comparator.choices)
    threshold = models.DecimalField(max_digits=7, decimal_places=2)
    sustained_readings = models.PositiveSmallIntegerField(default=1)
    phases = models.JSONField(default=list, blank=True, help_text="Phases where it applies; empty = all.")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail()

    class Meta:
        ordering = ["site", "metric", "name"]
        indexes = [models.Index(fields=["site", "active"])]

    def __str__(self):
        return self.name

    @property
    def scope_level(self) -> int:
        """0 = site, 1 = protocol, 2 = patient; the highest level present wins."""
        if self.patient_id:
            return 2
        return 1 if self.protocol_id else 0

    @property
    def direction(self) -> str:
        return "high" if self.comparator in (Comparator.GT, Comparator.GTE) else "low"

    @property
    def override_key(self) -> tuple[str, str, str]:
        is_baseline = self.reference != RuleReference.ABSOLUTE
        return (self.metric, "baseline" if is_baseline else "absolute", self.direction)

    def clean(self):
        errors = {}
        if self.patient_id and not self.patient_reason.strip():
            errors["patient_reason"] = "A patient-level rule needs a reason."
        if self.patient_id and self.site_id and self.patient.site_id != self.site_id:
            errors["patient"] = "The patient must belong to the rule's site."
        if self.sustained_readings is not None and self.sustained_readings < 1:
            errors["sustained_readings"] = "At least one reading must breach."
        if self.reference != RuleReference.ABSOLUTE and self.metric == Metric.NEWS2:
            errors["reference"] = "NEWS2 has no baseline; use an absolute threshold."
        if self.reference == RuleReference.BASELINE_PERCENT and self.metric in SCORE_METRICS:
            errors["reference"] = (
                f"{Metric(self.metric).label} is a score without a meaningful percent change from baseline; "
                "use a change in points or an absolute limit."
            )
        unknown = set(self.phases or []) - set(Phase.values)
        if unknown:
            errors["phases"] = f"Unknown phases: {', '.join(sorted(unknown))}."
        if not errors:
            errors.update(self._conflicting_limits())
        if errors:
            raise ValidationError(errors)

    def _conflicting_limits(self) -> dict:
        """A lower limit above an upper limit for the same metric at the same scope would alert on
        every reading: refuse it, naming the rule it contradicts."""
        if not (self.site_id and self.active and self.metric and self.comparator and self.threshold is not None):
            return {}
        siblings = AlertRule.objects.filter(
            site_id=self.site_id,
            protocol_id=self.protocol_id,
            patient_id=self.patient_id,
            medication_class=self.medication_class,
            metric=self.metric,
            reference=self.reference,
            active=True,
        ).exclude(pk=self.pk)
        for other in siblings:
            if other.direction == self.direction or not _phases_overlap(self.phases, other.phases):
                continue
            low, high = (self, other) if self.direction == "low" else (other, self)
            if low.threshold > high.threshold:
                mine, relation, theirs = ("lower", "above", "upper") if low is self else ("upper", "below", "lower")
                return {
                    "threshold": f"This {mine} limit ({_number(self.threshold)}) is {relation} the {theirs} limit "
                    f"({_number(other.threshold)}) set by “{other.name}” for the same metric at this scope: "
                    "every reading would alert."
                }
        return {}

    def snapshot(self) -> dict:
        return {
            "rule_id": self.pk,
            "name": self.name,
            "site_id": self.site_id,
            "protocol_id": self.protocol_id,
            "patient_id": self.patient_id,
            "medication_class": self.medication_class,
            "metric": self.metric,
            "reference": self.reference,
            "comparator": self.comparator,
            "threshold": str(self.threshold),
            "sustained_readings": self.sustained_readings,
            "phases": list(self.phases),
            "severity": self.severity,
            "message": self.message,
        }

    def summary(self) -> str:
        """The rule in compact notation ("Systolic BP change from baseline ≥ 40"), for alert
        messages and admin lists where space is short."""
        metric = Metric(self.metric).label
        comparator = Comparator(self.comparator).label
        threshold = _number(self.threshold)
        if self.reference == RuleReference.ABSOLUTE:
            text = f"{metric} {comparator} {threshold}"
        else:
            unit = "%" if self.reference == RuleReference.BASELINE_PERCENT else ""
            text = f"{metric} change from baseline {comparator} {threshold}{unit}"
        if self.sustained_readings > 1:
            text += f" on {self.sustained_readings} consecutive readings"
        if self.phases:
            text += " during " + ", ".join(Phase(phase).label.lower() for phase in self.phases)
        return text

    def describe(self) -> str:
        """The rule in plain words, for the clinicians who set it: "Warn when systolic BP rises
        40 mmHg or more above baseline, on 2 consecutive readings, during infusion and observation"."""
        parts = [f"{_SEVERITY_VERBS[self.severity]} when {self._condition_in_words()}"]
        if self.sustained_readings > 1:
            parts.append(f"on {self.sustained_readings} consecutive readings")
        if self.phases:
            parts.append("during " + _and([Phase(phase).label.lower() for phase in self.phases]))
        if self.medication_class:
            parts.append(f"for patients taking {_with_article(DrugClass(self.medication_class).label)}")
        return ", ".join(parts)

    def _condition_in_words(self) -> str:
        name, unit = METRIC_WORDS[self.metric]
        if self.reference == RuleReference.ABSOLUTE:
            return f"{name} is {_ABSOLUTE_WORDS[self.comparator]} {_number(self.threshold)}{_spaced(unit)}"
        size = _number(abs(self.threshold))
        size += "%" if self.reference == RuleReference.BASELINE_PERCENT else _spaced(unit)
        if self.direction == "high" and self.threshold >= 0:
            return f"{name} rises {_AMOUNT_WORDS[self.comparator].format(size)} above baseline"
        if self.direction == "low" and self.threshold <= 0:
            amount = {Comparator.LT: "more than {}", Comparator.LTE: "{} or more"}[self.comparator]
            return f"{name} falls {amount.format(size)} below baseline"
        signed = f"{self.threshold.normalize():+f}" + ("%" if self.reference == RuleReference.BASELINE_PERCENT else "")
        return f"the change in {name} from baseline is {_ABSOLUTE_WORDS[self.comparator]} {signed}"


SCORE_METRICS = frozenset({Metric.NEWS2, Metric.SEDATION, Metric.DISSOCIATION, Metric.PAIN})

# How each metric reads in a sentence, and its unit.
METRIC_WORDS = {
    Metric.SYSTOLIC: ("systolic BP", "mmHg"),
    Metric.DIASTOLIC: ("diastolic BP", "mmHg"),
    Metric.HEART_RATE: ("heart rate", "/min"),
    Metric.SPO2: ("SpO2", "%"),
    Metric.RESPIRATORY_RATE: ("respiratory rate", "/min"),
    Metric.TEMPERATURE: ("temperature", "°C"),
    Metric.ETCO2: ("EtCO2", "mmHg"),
    Metric.SEDATION: ("sedation (MOAA/S)", ""),
    Metric.DISSOCIATION: ("dissociation", "points"),
    Metric.PAIN: ("pain", "points"),
    Metric.NEWS2: ("NEWS2", ""),
}

_SEVERITY_VERBS = {Severity.INFO: "Note", Severity.WARNING: "Warn", Severity.CRITICAL: "Raise a critical alert"}
_ABSOLUTE_WORDS = {
    Comparator.GT: "above",
    Comparator.GTE: "at or above",
    Comparator.LT: "below",
    Comparator.LTE: "at or below",
}
_AMOUNT_WORDS = {Comparator.GT: "more than {}", Comparator.GTE: "{} or more"}


def _number(value) -> str:
    return f"{value.normalize():f}"


def _spaced(unit: str) -> str:
    return unit if unit in ("", "%", "°C") else f" {unit}"


def _with_article(label: str) -> str:
    """ "an MAOI", "a TCA", "an opioid", "a stimulant": acronyms go by how their letter sounds."""
    sounds_like_vowel = label[0] in ("AEFHILMNORSX" if label.isupper() else "AEIOUaeiou")
    return f"{'an' if sounds_like_vowel else 'a'} {label if label.isupper() else label.lower()}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _phases_overlap(first, second) -> bool:
    return not first or not second or bool(set(first) & set(second))


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def snoozed(self, now):
        return self.filter(snoozed_until__gt=now)

    def not_snoozed(self, now):
        return self.exclude(snoozed_until__gt=now)


class Alert(models.Model):
    """Raised by a rule on a reading, or by the schedule for an overdue reading.
    Never deleted; resolution and acknowledgement are recorded on it."""

    class Kind(models.TextChoices):
        RULE = "rule", "Rule breach"
        OVERDUE = "overdue", "Reading overdue"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(InfusionSession, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RULE)
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts")
    rule_snapshot = models.JSONField(default=dict, blank=True)
    reading = models.ForeignKey(VitalSigns, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts")
    value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    message = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="For overdue alerts: when the reading was due.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acknowledgement_note = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_reason = models.CharField(max_length=200, blank=True)
    snoozed_until = models.DateTimeField(
        null=True, blank=True, help_text="Silenced until then; it comes back if still open."
    )
    snoozed_at = models.DateTimeField(null=True, blank=True)
    snoozed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    snooze_reason = models.CharField(max_length=200, blank=True)
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went unacknowledged long enough to reach the escalation targets."
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="For incremental sync.")
    history = audit_trail()

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["site", "resolved_at", "-raised_at"]),
            models.Index(fields=["site", "session", "rule"]),
        ]
        constraints = [
            # One open alert per session and rule: the database itself refuses a duplicate.
            models.UniqueConstraint(
                fields=["session", "rule"],
                condition=models.Q(resolved_at__isnull=True, kind="rule"),
                name="one_open_alert_per_rule",
            ),
            models.UniqueConstraint(
                fields=["session", "due_at"],
                condition=models.Q(kind="overdue"),
                name="one_overdue_alert_per_due_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_severity_display()}: {self.message}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def is_snoozed(self, now) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now
