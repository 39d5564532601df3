"""What each medication class means for a ketamine/esketamine session.

From the clinic's reference notes: SSRIs are generally compatible; SNRIs can add to the BP
rise; TCAs raise cardiac risk and call for more intensive monitoring; MAOIs carry a
hypertensive-crisis risk and were historically a contraindication; benzodiazepines may blunt
the response.

Each site may configure its own response per class (`MedicationClassResponse`): its banner text
replaces the default guidance, and it may shorten the vitals interval or require a physician's
clearance before the infusion starts. The session keeps what applied at its start.
"""

import datetime
from dataclasses import dataclass

from clinic.models import DrugClass, MedicationClassResponse


@dataclass(frozen=True)
class Interaction:
    severity: str
    guidance: str


INTERACTIONS = {
    DrugClass.MAOI: Interaction(
        "critical",
        "Hypertensive-crisis risk; historically a contraindication. A physician must review "
        "before the infusion starts; monitor BP closely.",
    ),
    DrugClass.TCA: Interaction(
        "warning", "Raised cardiac risk: monitor more intensively (shorter vitals interval, watch HR and rhythm)."
    ),
    DrugClass.SNRI: Interaction("warning", "May add to the blood-pressure rise: watch BP around 30–40 min."),
    DrugClass.BENZODIAZEPINE: Interaction(
        "info", "May blunt the response to ketamine; record today's dose and timing."
    ),
}


def responses_for(site_id: int) -> dict[str, MedicationClassResponse]:
    return {
        response.drug_class: response
        for response in MedicationClassResponse.objects.filter(site_id=site_id, active=True)
    }


def interaction_warnings(patient_medications, responses: dict | None = None) -> list[dict]:
    """One warning per interacting or configured class, naming the patient's medicines in it."""
    responses = responses or {}
    by_class: dict[str, list[str]] = {}
    for patient_medication in patient_medications:
        medication = patient_medication.medication
        if medication.drug_class in INTERACTIONS or medication.drug_class in responses:
            by_class.setdefault(medication.drug_class, []).append(medication.name)
    return [
        _warning(drug_class, sorted(names), responses.get(drug_class)) for drug_class, names in sorted(by_class.items())
    ]


def _warning(drug_class: str, medications: list[str], response) -> dict:
    default = INTERACTIONS.get(drug_class, Interaction("info", ""))
    return {
        "drug_class": drug_class,
        "label": DrugClass(drug_class).label,
        "medications": medications,
        "severity": response.severity if response else default.severity,
        "guidance": (response.banner_text.strip() if response else "") or default.guidance,
        "interval_minutes": response.interval_minutes if response else None,
        "clearance_required": bool(response and response.clearance_required),
    }


def drug_classes_taken(patient_medications, on: datetime.date) -> set[str]:
    """The classes of the medicines a patient was taking on a day (started by then, not yet stopped).

    Live evaluation and the backtest both ask this, so a medication-class rule applies to the
    same sessions in both.
    """
    return {
        item.medication.drug_class
        for item in patient_medications
        if (item.started_on is None or item.started_on <= on) and (item.stopped_on is None or item.stopped_on > on)
    }
