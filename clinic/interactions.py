"""What each medication class means for a ketamine/esketamine session.

From the clinic's reference notes: SSRIs are generally compatible; SNRIs can add to the BP
rise; TCAs raise cardiac risk and call for more intensive monitoring; MAOIs carry a
hypertensive-crisis risk and were historically a contraindication; benzodiazepines may blunt
the response.
"""

from dataclasses import dataclass

from clinic.models import DrugClass


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


def interaction_warnings(patient_medications) -> list[dict]:
    """One warning per interacting class, naming the patient's medicines in it."""
    by_class: dict[str, list[str]] = {}
    for patient_medication in patient_medications:
        medication = patient_medication.medication
        if medication.drug_class in INTERACTIONS:
            by_class.setdefault(medication.drug_class, []).append(medication.name)
    return [
        {
            "drug_class": drug_class,
            "label": DrugClass(drug_class).label,
            "medications": sorted(names),
            "severity": INTERACTIONS[drug_class].severity,
            "guidance": INTERACTIONS[drug_class].guidance,
        }
        for drug_class, names in sorted(by_class.items())
    ]
