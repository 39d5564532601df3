from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from clinic.audit import audit_trail

from .limits import CHARTABLE_FIELDS


class Protocol(models.Model):
    """How a treatment is given and monitored; sessions snapshot it at start."""

    class Route(models.TextChoices):
        IV = "iv", "Intravenous"
        INTRANASAL = "intranasal", "Intranasal"
        IM = "im", "Intramuscular"
        ORAL = "oral", "Oral"

    class Drug(models.TextChoices):
        KETAMINE = "ketamine", "Ketamine"
        ESKETAMINE = "esketamine", "Esketamine"

    class DoseRule(models.TextChoices):
        PER_KG = "per_kg", "mg per kg of body weight"
        FIXED = "fixed", "Fixed dose (mg)"

    # The settings a physician or admin sets, in two groups (the admin's fieldsets, the API's order).
    DOSE_FIELDS = ("dose_rule", "dose_mg_per_kg", "fixed_doses_mg", "max_dose_mg")
    MONITORING_FIELDS = (
        "infusion_minutes",
        "infusion_interval_minutes",
        "observation_interval_minutes",
        "min_observation_minutes",
        "overdue_grace_minutes",
        "required_fields",
    )

    name = models.CharField(max_length=120, unique=True)
    drug = models.CharField(max_length=20, choices=Drug.choices)
    route = models.CharField(max_length=20, choices=Route.choices)
    dose_rule = models.CharField(max_length=10, choices=DoseRule.choices)
    dose_mg_per_kg = models.DecimalField(
        max_digits=5, decimal_places=3, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
    )
    fixed_doses_mg = models.JSONField(default=list, blank=True, help_text="Allowed fixed doses, e.g. [56, 84]")
    max_dose_mg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    infusion_minutes = models.PositiveIntegerField(help_text="Planned infusion length; 0 for a single dose.")
    infusion_interval_minutes = models.PositiveIntegerField(default=10)
    observation_interval_minutes = models.PositiveIntegerField(default=15)
    min_observation_minutes = models.PositiveIntegerField(default=60)
    overdue_grace_minutes = models.PositiveIntegerField(default=5)
    overdue_grace_by_phase = models.JSONField(
        default=dict,
        blank=True,
        help_text='Grace minutes per phase before a reading counts as overdue, e.g. {"infusion": 3}; '
        "a phase not listed uses the protocol's grace.",
    )
    required_fields = models.JSONField(
        default=list, blank=True, help_text='Vital fields every reading must include, e.g. ["systolic", "spo2"]'
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    active = models.BooleanField(default=True)
    history = audit_trail()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.dose_rule == self.DoseRule.PER_KG and self.dose_mg_per_kg is None:
            raise ValidationError({"dose_mg_per_kg": "A per-kg protocol needs a dose in mg/kg."})
        if self.dose_rule == self.DoseRule.FIXED and not self.fixed_doses_mg:
            raise ValidationError({"fixed_doses_mg": "A fixed-dose protocol needs at least one allowed dose."})
        unknown = set(self.required_fields or []) - set(CHARTABLE_FIELDS)
        if unknown:
            raise ValidationError({"required_fields": f"Unknown vital fields: {', '.join(sorted(unknown))}."})
        self._check_grace_by_phase()

    GRACE_PHASES = ("pre_check", "infusion", "observation")

    def _check_grace_by_phase(self) -> None:
        grace = self.overdue_grace_by_phase or {}
        if not isinstance(grace, dict) or set(grace) - set(self.GRACE_PHASES):
            raise ValidationError(
                {"overdue_grace_by_phase": "Give grace minutes for pre-check, infusion or observation."}
            )
        for phase, minutes in grace.items():
            if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 60:
                raise ValidationError({"overdue_grace_by_phase": f"Grace for {phase} must be 0 to 60 whole minutes."})

    def snapshot(self) -> dict:
        """The settings a session keeps, so later protocol edits never rewrite its history."""
        return {
            "protocol_id": self.pk,
            "version": self.version,
            "name": self.name,
            "drug": self.drug,
            "route": self.route,
            "dose_rule": self.dose_rule,
            "dose_mg_per_kg": str(self.dose_mg_per_kg) if self.dose_mg_per_kg is not None else None,
            "fixed_doses_mg": [str(dose) for dose in self.fixed_doses_mg],
            "max_dose_mg": str(self.max_dose_mg) if self.max_dose_mg is not None else None,
            "infusion_minutes": self.infusion_minutes,
            "infusion_interval_minutes": self.infusion_interval_minutes,
            "observation_interval_minutes": self.observation_interval_minutes,
            "min_observation_minutes": self.min_observation_minutes,
            "overdue_grace_minutes": self.overdue_grace_minutes,
            "overdue_grace_by_phase": dict(self.overdue_grace_by_phase or {}),
            "required_fields": list(self.required_fields),
        }
