"""The alert limits and medication-class responses a new site starts with, as data
(`sessions/services/default_rules.py` creates them).

Sources: DESIGN.md's clinical reference facts (a clinically significant BP rise is systolic +40 or
diastolic +25 mmHg over baseline; NEWS2 5–6 is medium and ≥7 high risk; the Spravato label's
pre-dose BP of 140/90 is a prompt to weigh risk and benefit, not a block). Clinicians tune the
created rules afterwards."""

from dataclasses import dataclass
from decimal import Decimal

from clinic.models import DrugClass
from sessions.models import Comparator, Metric, Phase, Protocol, RuleReference, Severity

SPRAVATO_PRE_DOSE_MESSAGE = "Pre-dose BP above 140/90: weigh risk and benefit before dosing (Spravato label)"


@dataclass(frozen=True)
class DefaultRule:
    name: str
    metric: str
    comparator: str
    threshold: Decimal
    severity: str
    message: str
    reference: str = RuleReference.ABSOLUTE
    phases: tuple[str, ...] = ()
    sustained_readings: int = 1
    # When set, the rule is created once per active protocol of this drug, scoped to it.
    protocol_drug: str | None = None
    # When set, the rule applies only to patients taking a medicine of this class.
    medication_class: str = ""


_ACTIVE_TREATMENT = (Phase.INFUSION, Phase.OBSERVATION)


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(
        "Systolic BP above 180",
        Metric.SYSTOLIC,
        Comparator.GT,
        Decimal("180"),
        Severity.CRITICAL,
        "Severe hypertension: recheck BP, consider pausing the infusion and call the physician.",
    ),
    DefaultRule(
        "Diastolic BP above 110",
        Metric.DIASTOLIC,
        Comparator.GT,
        Decimal("110"),
        Severity.CRITICAL,
        "Severe hypertension: recheck BP, consider pausing the infusion and call the physician.",
    ),
    DefaultRule(
        "Systolic BP rise of 40 or more",
        Metric.SYSTOLIC,
        Comparator.GTE,
        Decimal("40"),
        Severity.WARNING,
        "Clinically significant systolic rise over baseline: recheck in 5 min and inform the physician.",
        reference=RuleReference.BASELINE_UNITS,
        phases=_ACTIVE_TREATMENT,
    ),
    DefaultRule(
        "Diastolic BP rise of 25 or more",
        Metric.DIASTOLIC,
        Comparator.GTE,
        Decimal("25"),
        Severity.WARNING,
        "Clinically significant diastolic rise over baseline: recheck in 5 min and inform the physician.",
        reference=RuleReference.BASELINE_UNITS,
        phases=_ACTIVE_TREATMENT,
    ),
    DefaultRule(
        "Heart rate above 120",
        Metric.HEART_RATE,
        Comparator.GT,
        Decimal("120"),
        Severity.WARNING,
        "Tachycardia: check rhythm and BP; inform the physician if it persists.",
    ),
    DefaultRule(
        "Heart rate below 50",
        Metric.HEART_RATE,
        Comparator.LT,
        Decimal("50"),
        Severity.WARNING,
        "Bradycardia: check the patient and BP; inform the physician if symptomatic.",
    ),
    DefaultRule(
        "SpO2 below 92",
        Metric.SPO2,
        Comparator.LT,
        Decimal("92"),
        Severity.WARNING,
        "Low oxygen saturation: check the probe, airway and breathing; prompt deep breaths.",
    ),
    DefaultRule(
        "SpO2 below 88",
        Metric.SPO2,
        Comparator.LT,
        Decimal("88"),
        Severity.CRITICAL,
        "Hypoxaemia: stop the infusion, support the airway, give oxygen and call the physician.",
    ),
    DefaultRule(
        "Respiratory rate below 10",
        Metric.RESPIRATORY_RATE,
        Comparator.LT,
        Decimal("10"),
        Severity.WARNING,
        "Possible respiratory depression: rouse the patient, check SpO2 and airway.",
    ),
    DefaultRule(
        "Respiratory rate above 24",
        Metric.RESPIRATORY_RATE,
        Comparator.GT,
        Decimal("24"),
        Severity.WARNING,
        "Tachypnoea: check SpO2 and for anxiety or distress.",
    ),
    DefaultRule(
        "Deep sedation (MOAA/S 2 or less)",
        Metric.SEDATION,
        Comparator.LTE,
        Decimal("2"),
        Severity.CRITICAL,
        "Deeper sedation than intended: stop the infusion, protect the airway and call the physician.",
    ),
    DefaultRule(
        "NEWS2 5 or more",
        Metric.NEWS2,
        Comparator.GTE,
        Decimal("5"),
        Severity.WARNING,
        "Urgent review by the physician; recheck all vital signs.",
    ),
    DefaultRule(
        "NEWS2 7 or more",
        Metric.NEWS2,
        Comparator.GTE,
        Decimal("7"),
        Severity.CRITICAL,
        "Emergency assessment now: call the physician to the chair.",
    ),
    DefaultRule(
        "Systolic BP above 160 on an MAOI",
        Metric.SYSTOLIC,
        Comparator.GT,
        Decimal("160"),
        Severity.CRITICAL,
        "Hypertensive-crisis risk with an MAOI: recheck BP, pause the infusion and call the physician.",
        medication_class=DrugClass.MAOI,
    ),
    DefaultRule(
        "Esketamine pre-dose systolic BP above 140",
        Metric.SYSTOLIC,
        Comparator.GT,
        Decimal("140"),
        Severity.INFO,
        SPRAVATO_PRE_DOSE_MESSAGE,
        phases=(Phase.PRE_CHECK,),
        protocol_drug=Protocol.Drug.ESKETAMINE,
    ),
    DefaultRule(
        "Esketamine pre-dose diastolic BP above 90",
        Metric.DIASTOLIC,
        Comparator.GT,
        Decimal("90"),
        Severity.INFO,
        SPRAVATO_PRE_DOSE_MESSAGE,
        phases=(Phase.PRE_CHECK,),
        protocol_drug=Protocol.Drug.ESKETAMINE,
    ),
)


@dataclass(frozen=True)
class DefaultResponse:
    drug_class: str
    severity: str
    interval_minutes: int | None = None
    clearance_required: bool = False
    banner_text: str = ""


# DESIGN.md's interaction facts: MAOIs carry a hypertensive-crisis risk (historically a
# contraindication), so a physician clears each session first; TCAs raise cardiac risk, so vitals
# come every 5 minutes; opioids and benzodiazepines add to sedation and respiratory depression.
DEFAULT_RESPONSES: tuple[DefaultResponse, ...] = (
    DefaultResponse(DrugClass.MAOI, Severity.CRITICAL, interval_minutes=5, clearance_required=True),
    DefaultResponse(DrugClass.TCA, Severity.WARNING, interval_minutes=5),
    DefaultResponse(DrugClass.SNRI, Severity.WARNING),
    DefaultResponse(DrugClass.BENZODIAZEPINE, Severity.INFO),
    DefaultResponse(
        DrugClass.OPIOID,
        Severity.WARNING,
        banner_text="Adds to sedation and respiratory depression: watch respiratory rate, SpO2 and MOAA/S.",
    ),
    DefaultResponse(
        DrugClass.STIMULANT, Severity.WARNING, banner_text="May add to the rise in BP and heart rate: watch both."
    ),
)
