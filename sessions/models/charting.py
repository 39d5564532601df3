"""What the nurse charts during a session. Rows are never edited in place or deleted:
a correction marks the old row entered-in-error with a reason and adds a new one."""

from django.conf import settings
from django.db import models

from clinic import units
from clinic.audit import audit_trail
from clinic.models import Patient, Site

from .infusion import InfusionSession, Phase
from .limits import CHARTABLE_FIELDS, INTEGER_LIMITS, TEMPERATURE_LIMITS

CELSIUS_RANGE = TEMPERATURE_LIMITS[units.CELSIUS]


def plausibility_constraints() -> list[models.CheckConstraint]:
    """One check per measured field, with the limits the form and the API already apply."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (low, high)}),
            name=f"reading_{field}_plausible",
        )
        for field, (low, high, *_) in INTEGER_LIMITS.items()
    ]


class EnteredInErrorMixin(models.Model):
    entered_in_error = models.BooleanField(default=False)
    error_reason = models.TextField(blank=True)
    error_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    error_marked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="For incremental sync.")

    class Meta:
        abstract = True


class ChartedEntry(EnteredInErrorMixin):
    """Something charted on a session at a site: entered at a time by someone, never edited or
    deleted, but marked entered-in-error with a reason (readings, side effects, events, scores)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(help_text="When it was entered.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class VitalSignsQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(entered_in_error=False)


class VitalSigns(ChartedEntry):
    class Consciousness(models.TextChoices):
        ALERT = "A", "Alert"
        CONFUSION = "C", "New confusion"
        VOICE = "V", "Responds to voice"
        PAIN = "P", "Responds to pain"
        UNRESPONSIVE = "U", "Unresponsive"

    class Source(models.TextChoices):
        MANUAL = "manual", "Manual"
        DEVICE = "device", "Device"

    CHARTABLE_FIELDS = CHARTABLE_FIELDS

    session = models.ForeignKey(InfusionSession, on_delete=models.PROTECT, related_name="readings")
    measured_at = models.DateTimeField(help_text="Clinical time of the reading; may be back-timed.")
    phase = models.CharField(max_length=20, choices=Phase.choices, help_text="Phase at measured_at.")
    is_late = models.BooleanField(default=False, help_text="Entered well after it was measured.")
    systolic = models.PositiveSmallIntegerField("systolic BP (mmHg)", null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField("diastolic BP (mmHg)", null=True, blank=True)
    heart_rate = models.PositiveSmallIntegerField("heart rate (/min)", null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField("SpO2 (%)", null=True, blank=True)
    respiratory_rate = models.PositiveSmallIntegerField("respiratory rate (/min)", null=True, blank=True)
    temperature_value = models.DecimalField("temperature", max_digits=4, decimal_places=1, null=True, blank=True)
    temperature_unit = models.CharField(max_length=1, choices=units.TEMPERATURE_UNITS, blank=True)
    temperature_c = models.DecimalField(
        "temperature (°C)", max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    etco2 = models.PositiveSmallIntegerField("EtCO2 (mmHg)", null=True, blank=True)
    sedation_moaas = models.PositiveSmallIntegerField("sedation (MOAA/S 0–5)", null=True, blank=True)
    dissociation = models.PositiveSmallIntegerField("dissociation (0–10)", null=True, blank=True)
    pain = models.PositiveSmallIntegerField("pain (0–10)", null=True, blank=True)
    consciousness = models.CharField("consciousness (ACVPU)", max_length=1, choices=Consciousness.choices, blank=True)
    on_oxygen = models.BooleanField("on supplemental oxygen", null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.TextField(blank=True)
    client_key = models.CharField(
        max_length=64, blank=True, help_text="Idempotency key from the form or device: a retry stores nothing new."
    )
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    history = audit_trail()

    objects = VitalSignsQuerySet.as_manager()

    class Meta:
        verbose_name = "vital signs reading"
        verbose_name_plural = "vital signs readings"
        ordering = ["measured_at", "id"]
        indexes = [
            models.Index(fields=["site", "session", "measured_at"]),
            models.Index(fields=["site", "recorded_at"]),
            # Exports, sync and reports ask for a window of clinical time across sessions.
            models.Index(fields=["site", "measured_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client_key"], condition=~models.Q(client_key=""), name="one_reading_per_client_key"
            ),
            # The database refuses impossible readings even if the application were bypassed.
            *plausibility_constraints(),
            models.CheckConstraint(
                condition=models.Q(systolic__isnull=True)
                | models.Q(diastolic__isnull=True)
                | models.Q(systolic__gt=models.F("diastolic")),
                name="reading_systolic_above_diastolic",
            ),
            models.CheckConstraint(
                condition=models.Q(temperature_c__isnull=True) | models.Q(temperature_c__range=CELSIUS_RANGE),
                name="reading_temperature_plausible",
            ),
        ]

    def __str__(self):
        bp = f"{self.systolic}/{self.diastolic}" if self.systolic else "—"
        return f"BP {bp} HR {self.heart_rate or '—'} SpO2 {self.spo2 or '—'} at {self.measured_at:%H:%M}"


class SideEffect(ChartedEntry):
    class Term(models.TextChoices):
        DROWSINESS = "drowsiness", "Drowsiness / sedation"
        DISSOCIATION = "dissociation", "Dissociation"
        DIZZINESS = "dizziness", "Dizziness"
        CONFUSION = "confusion", "Disorientation / confusion"
        NAUSEA = "nausea", "Nausea"
        VOMITING = "vomiting", "Vomiting"
        ANXIETY = "anxiety", "Transient anxiety"
        NUMBNESS = "numbness", "Numbness"
        SPEECH = "speech", "Difficulty speaking"
        HALLUCINATIONS = "hallucinations", "Hallucinations / perceptual disturbances"
        ELEVATED_BP = "elevated_bp", "Elevated blood pressure"
        ELEVATED_HR = "elevated_hr", "Elevated heart rate"
        HEADACHE = "headache", "Headache"
        BLURRED_VISION = "blurred_vision", "Blurred vision"
        FATIGUE = "fatigue", "Fatigue"
        OTHER = "other", "Other (free text)"

    class Severity(models.TextChoices):
        MILD = "mild", "Mild"
        MODERATE = "moderate", "Moderate"
        SEVERE = "severe", "Severe"

    class Action(models.TextChoices):
        NONE = "none", "None"
        PAUSED = "paused", "Infusion paused"
        RATE_REDUCED = "rate_reduced", "Rate reduced"
        STOPPED = "stopped", "Infusion stopped"
        MEDICATION = "medication", "Medication given"

    session = models.ForeignKey(InfusionSession, on_delete=models.PROTECT, related_name="side_effects")
    term = models.CharField(max_length=20, choices=Term.choices)
    other_term = models.CharField(max_length=120, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    onset_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.CharField(max_length=20, choices=Action.choices, default=Action.NONE)
    note = models.TextField(blank=True)
    history = audit_trail()

    class Meta:
        ordering = ["onset_at", "id"]
        indexes = [models.Index(fields=["site", "session", "onset_at"])]

    def __str__(self):
        return f"{self.label} ({self.get_severity_display()})"

    @property
    def label(self) -> str:
        return self.other_term if self.term == self.Term.OTHER else self.get_term_display()


class SessionEvent(ChartedEntry):
    """The infusion's timeline; start and stop events set the session's timestamps."""

    class Kind(models.TextChoices):
        STARTED = "started", "Infusion started"
        DOSE_GIVEN = "dose_given", "Dose administered (single dose)"
        PAUSED = "paused", "Infusion paused"
        RESUMED = "resumed", "Infusion resumed"
        RATE_CHANGED = "rate_changed", "Rate changed"
        STOPPED = "stopped", "Infusion stopped"
        RESCUE_MEDICATION = "rescue_medication", "Rescue medication given"
        NOTE = "note", "Note"

    session = models.ForeignKey(InfusionSession, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    rate = models.CharField(max_length=40, blank=True, help_text="New rate, e.g. '0.25 mg/kg/h'.")
    drug = models.CharField(max_length=80, blank=True)
    dose = models.CharField(max_length=40, blank=True)
    route = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    history = audit_trail()

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["site", "session", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.occurred_at:%H:%M}"


class Assessment(ChartedEntry):
    """A scored questionnaire (PHQ-9 and others); totals and bands come from `assessments.py`."""

    class Instrument(models.TextChoices):
        PHQ9 = "phq9", "PHQ-9"
        GAD7 = "gad7", "GAD-7"
        MADRS = "madrs", "MADRS"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assessments")
    session = models.ForeignKey(
        InfusionSession, on_delete=models.PROTECT, related_name="assessments", null=True, blank=True
    )
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    items = models.JSONField()
    total = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=40)
    safety_flag = models.BooleanField(default=False, help_text="PHQ-9 item 9 (self-harm thoughts) above 0.")
    administered_at = models.DateTimeField()
    history = audit_trail()

    class Meta:
        ordering = ["administered_at", "id"]
        indexes = [models.Index(fields=["site", "patient", "administered_at"])]

    def __str__(self):
        return f"{self.get_instrument_display()} {self.total} ({self.band})"


class Addendum(models.Model):
    """What is added to a session after sign-off; the signed record itself stays as signed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(InfusionSession, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    reason = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail()

    class Meta:
        verbose_name_plural = "addenda"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Addendum by {self.author} at {self.created_at:%Y-%m-%d %H:%M}"


class ReadingArtifact(models.Model):
    """A reading, or some of its values, marked as not reflecting the patient (probe slipped,
    patient moving). The values stay as charted and shown; rules, NEWS2 and the backtest leave
    them out. A row of its own, never an edit of the reading: who, when and why stay on record."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    reading = models.ForeignKey(VitalSigns, on_delete=models.PROTECT, related_name="artifacts")
    fields = models.JSONField(default=list, blank=True, help_text="The values marked; empty = the whole reading.")
    reason = models.CharField(max_length=200)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField()
    history = audit_trail()

    class Meta:
        ordering = ["marked_at", "id"]
        indexes = [models.Index(fields=["site", "reading"])]

    def __str__(self):
        return f"Artifact ({', '.join(self.fields) or 'whole reading'}): {self.reason}"

    @property
    def marked_fields(self) -> tuple[str, ...]:
        return tuple(self.fields) or VitalSigns.CHARTABLE_FIELDS
