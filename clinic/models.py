"""Clinic-wide records: sites, who works where in which role, patients and their medicines."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from clinic import units
from clinic.audit import audit_trail


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known IANA timezone (e.g. Europe/London).")


class Site(models.Model):
    """A clinic location; every patient-facing row belongs to exactly one."""

    class UnitSystem(models.TextChoices):
        METRIC = "metric", "Metric (kg, °C)"
        US = "us", "US (lb, °F)"

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    unit_system = models.CharField(max_length=8, choices=UnitSystem.choices, default=UnitSystem.METRIC)
    phone = models.CharField(max_length=40, blank=True, help_text="Printed on patients' discharge instructions.")
    active = models.BooleanField(default=True)
    history = audit_trail()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def weight_unit(self) -> str:
        return units.LB if self.unit_system == self.UnitSystem.US else units.KG

    @property
    def temperature_unit(self) -> str:
        return units.FAHRENHEIT if self.unit_system == self.UnitSystem.US else units.CELSIUS


class Role(models.TextChoices):
    NURSE = "nurse", "Nurse"
    PHYSICIAN = "physician", "Physician"
    ADMIN = "admin", "Clinic admin"


class StaffMembership(models.Model):
    """A user works at a site in one role; all data access is derived from these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    active = models.BooleanField(default=True)
    history = audit_trail()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "site", "role"], name="unique_membership_per_role"),
        ]
        indexes = [models.Index(fields=["user", "active"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.site}"


class Patient(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="patients")
    mrn = models.CharField("MRN", max_length=40)
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    allergies = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True, help_text="For incremental sync.")
    history = audit_trail()

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [models.UniqueConstraint(fields=["site", "mrn"], name="unique_mrn_per_site")]
        indexes = [models.Index(fields=["site", "family_name"])]

    def __str__(self):
        return f"{self.family_name}, {self.given_name} ({self.mrn})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PatientWeight(models.Model):
    """A weight as charted: value and unit exactly as entered, canonical kg beside it."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="weights")
    measured_at = models.DateTimeField()
    value = models.DecimalField(max_digits=6, decimal_places=2)
    unit = models.CharField(max_length=4, choices=units.WEIGHT_UNITS)
    kg = models.DecimalField(max_digits=9, decimal_places=5, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = audit_trail()

    class Meta:
        ordering = ["-measured_at"]
        indexes = [models.Index(fields=["site", "patient", "-measured_at"])]

    def __str__(self):
        return f"{self.value} {self.unit}"

    def save(self, *args, **kwargs):
        self.kg = units.to_kg(self.value, self.unit)
        super().save(*args, **kwargs)


class DrugClass(models.TextChoices):
    SSRI = "ssri", "SSRI"
    SNRI = "snri", "SNRI"
    TCA = "tca", "TCA"
    MAOI = "maoi", "MAOI"
    BENZODIAZEPINE = "benzodiazepine", "Benzodiazepine"
    SLEEP_AID = "sleep_aid", "Non-benzodiazepine sleep aid"
    OPIOID = "opioid", "Opioid"
    STIMULANT = "stimulant", "Stimulant"
    OTHER = "other", "Other"


class Medication(models.Model):
    """The clinic's catalog of medicines patients may take, with their interaction class."""

    name = models.CharField(max_length=120, unique=True)
    drug_class = models.CharField(max_length=20, choices=DrugClass.choices)
    interaction_note = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    history = audit_trail()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_drug_class_display()})"


class PatientMedicationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(stopped_on__isnull=True)


class PatientMedication(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="medications")
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="+")
    dose = models.CharField(max_length=80, blank=True)
    started_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    history = audit_trail()

    objects = PatientMedicationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["site", "patient"])]

    def __str__(self):
        return f"{self.medication.name} {self.dose}".strip()

    def clean(self):
        if self.started_on and self.stopped_on and self.stopped_on < self.started_on:
            raise ValidationError({"stopped_on": "A medication cannot stop before it started."})
        if self.patient_id and self.site_id and self.patient.site_id != self.site_id:
            raise ValidationError({"site": "The medication must belong to the patient's site."})


class MedicationClassResponse(models.Model):
    """What a site does when a patient takes a medicine of a class: the banner the nurse sees at
    session start and on the chart, a shorter vitals interval, and whether a physician must clear
    the session before the infusion starts. Extra alert rules for the class are `AlertRule`s with
    `medication_class` set."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="medication_responses")
    drug_class = models.CharField(max_length=20, choices=DrugClass.choices)
    banner_text = models.TextField(blank=True, help_text="Shown at session start and on the chart.")
    severity = models.CharField(
        max_length=10, choices=[("info", "Info"), ("warning", "Warning"), ("critical", "Critical")], default="warning"
    )
    interval_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Vitals at least this often (minutes) in every phase; empty = the protocol's."
    )
    clearance_required = models.BooleanField(
        default=False, help_text="A physician must clear the session before the infusion starts."
    )
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = audit_trail()

    class Meta:
        ordering = ["site", "drug_class"]
        constraints = [
            models.UniqueConstraint(fields=["site", "drug_class"], name="one_medication_response_per_class"),
        ]

    def __str__(self):
        return f"{self.get_drug_class_display()} at {self.site}"

    def clean(self):
        if self.interval_minutes is not None and not 2 <= self.interval_minutes <= 60:
            raise ValidationError({"interval_minutes": "The vitals interval must be 2 to 60 minutes."})
