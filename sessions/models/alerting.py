from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from clinic.models import Patient, Site

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

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="alert_rules")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="alert_rules")
    patient_reason = models.TextField(blank=True, help_text="Why this patient needs their own limit.")
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
    history = HistoricalRecords()

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
        unknown = set(self.phases or []) - set(Phase.values)
        if unknown:
            errors["phases"] = f"Unknown phases: {', '.join(sorted(unknown))}."
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        return {
            "rule_id": self.pk,
            "name": self.name,
            "site_id": self.site_id,
            "protocol_id": self.protocol_id,
            "patient_id": self.patient_id,
            "metric": self.metric,
            "reference": self.reference,
            "comparator": self.comparator,
            "threshold": str(self.threshold),
            "sustained_readings": self.sustained_readings,
            "phases": list(self.phases),
            "severity": self.severity,
            "message": self.message,
        }

    def describe(self) -> str:
        """The rule in plain words, for clinicians and alert messages."""
        metric = Metric(self.metric).label
        comparator = Comparator(self.comparator).label
        threshold = f"{self.threshold.normalize():f}"
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


class AlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)


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
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="For incremental sync.")
    history = HistoricalRecords()

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
