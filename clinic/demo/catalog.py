"""The demo's fixed cast: sites, staff, protocols, the medication catalog and the patients.

All people are fictitious. The medication notes paraphrase DESIGN.md's interaction facts.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from clinic.models import DrugClass, Role, Site

PASSWORD = "infusion-demo"

RIVERSIDE = "riverside"
HARBOUR = "harbour"

SITES = (
    {"code": RIVERSIDE, "name": "Riverside Clinic", "timezone": "America/New_York", "unit_system": Site.UnitSystem.US},
    {"code": HARBOUR, "name": "Harbour Clinic", "timezone": "Europe/London", "unit_system": Site.UnitSystem.METRIC},
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]  # (site code, role)
    is_staff: bool = False
    is_superuser: bool = False
    physicians_group: bool = False


USERS = (
    DemoUser("nurse", "Nina", "Alvarez", ((RIVERSIDE, Role.NURSE),)),
    DemoUser("physician", "Paul", "Okafor", ((RIVERSIDE, Role.PHYSICIAN),), is_staff=True, physicians_group=True),
    DemoUser(
        "admin", "Alex", "Morgan", ((RIVERSIDE, Role.ADMIN), (HARBOUR, Role.ADMIN)), is_staff=True, is_superuser=True
    ),
    DemoUser("nurse.harbour", "Hannah", "Price", ((HARBOUR, Role.NURSE),)),
    DemoUser("physician.harbour", "Rhys", "Evans", ((HARBOUR, Role.PHYSICIAN),), is_staff=True, physicians_group=True),
)

PHYSICIANS_GROUP = "Physicians"

IV_KETAMINE = "IV ketamine 0.5 mg/kg over 40 min"
ESKETAMINE = "Esketamine nasal 56 mg / 84 mg"

PROTOCOLS = (
    {
        "name": IV_KETAMINE,
        "drug": "ketamine",
        "route": "iv",
        "dose_rule": "per_kg",
        "dose_mg_per_kg": Decimal("0.5"),
        "fixed_doses_mg": [],
        "infusion_minutes": 40,
        "infusion_interval_minutes": 10,
        "observation_interval_minutes": 15,
        "min_observation_minutes": 60,
        "overdue_grace_minutes": 5,
        "required_fields": ["systolic", "diastolic", "heart_rate", "spo2"],
    },
    {
        "name": ESKETAMINE,
        "drug": "esketamine",
        "route": "intranasal",
        "dose_rule": "fixed",
        "dose_mg_per_kg": None,
        "fixed_doses_mg": [56, 84],
        "infusion_minutes": 0,
        "infusion_interval_minutes": 10,
        # BP before dosing, ~40 min after and before discharge; charted every 20 min for 2 h.
        "observation_interval_minutes": 20,
        "min_observation_minutes": 120,
        "overdue_grace_minutes": 10,
        "required_fields": ["systolic", "diastolic", "heart_rate", "spo2"],
    },
)

_SSRI = "Generally compatible with ketamine and esketamine."
_SNRI = "May add to the blood-pressure rise: watch BP around 30–40 min into the infusion."
_TCA = "Raised cardiac risk: monitor more intensively (shorter vitals interval, watch HR and rhythm)."
_MAOI = "Hypertensive-crisis risk; historically a contraindication. Physician review before each session."
_BENZO = "May blunt the antidepressant response; record today's dose and its timing."
_SLEEP = "Additive sedation; recorded on the Spravato REMS monitoring form."
_OPIOID = "Additive sedation and respiratory depression: watch RR, SpO2 and MOAA/S."
_STIMULANT = "May add to BP and heart-rate rise; recorded on the Spravato REMS monitoring form."

MEDICATIONS = (
    ("Sertraline", DrugClass.SSRI, _SSRI),
    ("Escitalopram", DrugClass.SSRI, _SSRI),
    ("Fluoxetine", DrugClass.SSRI, _SSRI),
    ("Venlafaxine", DrugClass.SNRI, _SNRI),
    ("Duloxetine", DrugClass.SNRI, _SNRI),
    ("Amitriptyline", DrugClass.TCA, _TCA),
    ("Nortriptyline", DrugClass.TCA, _TCA),
    ("Phenelzine", DrugClass.MAOI, _MAOI),
    ("Tranylcypromine", DrugClass.MAOI, _MAOI),
    ("Lorazepam", DrugClass.BENZODIAZEPINE, _BENZO),
    ("Clonazepam", DrugClass.BENZODIAZEPINE, _BENZO),
    ("Zolpidem", DrugClass.SLEEP_AID, _SLEEP),
    ("Oxycodone", DrugClass.OPIOID, _OPIOID),
    ("Buprenorphine", DrugClass.OPIOID, _OPIOID),
    ("Methylphenidate", DrugClass.STIMULANT, _STIMULANT),
    ("Amphetamine salts", DrugClass.STIMULANT, _STIMULANT),
    ("Bupropion", DrugClass.OTHER, "Lowers the seizure threshold; no specific ketamine interaction. Watch BP."),
    ("Lamotrigine", DrugClass.OTHER, "May slightly blunt ketamine's dissociative effect; no dose change needed."),
    ("Lithium", DrugClass.OTHER, "No specific interaction; keep the usual level monitoring."),
    ("Quetiapine", DrugClass.OTHER, "Additive sedation: watch MOAA/S."),
    ("Mirtazapine", DrugClass.OTHER, "Additive sedation: watch MOAA/S."),
)


@dataclass(frozen=True)
class DemoPatient:
    site: str
    mrn: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    weight: Decimal  # in the site's unit (lb at Riverside, kg at Harbour)
    protocol: str
    sessions: int  # completed sessions in the history
    medications: tuple[tuple[str, str], ...] = ()  # (catalog name, dose)
    allergies: str = ""
    notes: str = ""
    # How the course behaves: baseline BP, how much it rises, how PHQ-9 improves.
    baseline_bp: tuple[int, int] = (122, 78)
    bp_rise: tuple[int, int] = (15, 35)
    phq9_start: int = 18
    phq9_drop: float = 0.6  # share of the starting total gone by the last session
    self_harm_item: int = 0  # PHQ-9 item 9 at the start of the course


def _d(year, month, day) -> datetime.date:
    return datetime.date(year, month, day)


PATIENTS = (
    # Riverside (US units): every interaction class the design names appears here.
    DemoPatient(
        RIVERSIDE,
        "RV-100231",
        "Maria",
        "Delgado",
        _d(1979, 3, 14),
        Decimal("154.0"),
        IV_KETAMINE,
        6,
        (("Venlafaxine", "150 mg daily"),),
        allergies="Penicillin (rash)",
        bp_rise=(28, 50),
        phq9_start=21,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100245",
        "James",
        "Whitaker",
        _d(1966, 11, 2),
        Decimal("201.5"),
        IV_KETAMINE,
        5,
        (("Phenelzine", "15 mg three times daily"),),
        baseline_bp=(140, 88),
        bp_rise=(32, 50),
        phq9_start=23,
        phq9_drop=0.45,
        notes="On an MAOI: physician reviews BP before each infusion.",
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100262",
        "Aisha",
        "Rahman",
        _d(1991, 7, 23),
        Decimal("128.4"),
        IV_KETAMINE,
        4,
        (("Nortriptyline", "50 mg at night"), ("Lorazepam", "0.5 mg as needed")),
        phq9_start=17,
        self_harm_item=1,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100278",
        "Robert",
        "Chen",
        _d(1958, 1, 30),
        Decimal("176.0"),
        IV_KETAMINE,
        6,
        (("Clonazepam", "0.5 mg twice daily"), ("Sertraline", "100 mg daily")),
        allergies="Sulfa drugs",
        baseline_bp=(132, 82),
        phq9_start=19,
        phq9_drop=0.3,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100290",
        "Emily",
        "Novak",
        _d(1985, 9, 9),
        Decimal("141.2"),
        ESKETAMINE,
        5,
        (("Escitalopram", "20 mg daily"), ("Zolpidem", "5 mg at night")),
        bp_rise=(8, 26),
        phq9_start=16,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100304",
        "Marcus",
        "Johnson",
        _d(1973, 5, 18),
        Decimal("224.8"),
        IV_KETAMINE,
        3,
        (("Duloxetine", "60 mg daily"), ("Oxycodone", "5 mg as needed")),
        baseline_bp=(128, 84),
        bp_rise=(24, 46),
        phq9_start=20,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100317",
        "Sofia",
        "Rossi",
        _d(1998, 12, 1),
        Decimal("119.6"),
        IV_KETAMINE,
        4,
        (("Lamotrigine", "200 mg daily"), ("Methylphenidate", "10 mg mornings")),
        allergies="Latex",
        baseline_bp=(112, 72),
        phq9_start=15,
        self_harm_item=2,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100329",
        "David",
        "Kowalski",
        _d(1962, 4, 27),
        Decimal("189.3"),
        ESKETAMINE,
        4,
        (("Bupropion", "300 mg daily"), ("Amitriptyline", "25 mg at night")),
        baseline_bp=(134, 84),
        bp_rise=(10, 30),
        phq9_start=22,
        phq9_drop=0.5,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100336",
        "Grace",
        "Thompson",
        _d(1988, 8, 15),
        Decimal("162.7"),
        IV_KETAMINE,
        5,
        (("Sertraline", "50 mg daily"),),
        phq9_start=14,
        phq9_drop=0.7,
    ),
    DemoPatient(
        RIVERSIDE,
        "RV-100348",
        "Luis",
        "Herrera",
        _d(1981, 2, 6),
        Decimal("170.0"),
        IV_KETAMINE,
        3,
        (),
        phq9_start=18,
        notes="No current psychiatric medication (washed out).",
    ),
    # Harbour (metric units).
    DemoPatient(
        HARBOUR,
        "HB-200114",
        "Oliver",
        "Hughes",
        _d(1976, 6, 21),
        Decimal("82.5"),
        ESKETAMINE,
        6,
        (("Sertraline", "150 mg daily"),),
        baseline_bp=(136, 86),
        bp_rise=(10, 28),
        phq9_start=20,
    ),
    DemoPatient(
        HARBOUR,
        "HB-200127",
        "Chloe",
        "Bennett",
        _d(1990, 10, 4),
        Decimal("61.0"),
        ESKETAMINE,
        4,
        (("Venlafaxine", "225 mg daily"), ("Clonazepam", "0.5 mg at night")),
        allergies="Codeine (vomiting)",
        bp_rise=(12, 32),
        phq9_start=19,
        phq9_drop=0.5,
    ),
    DemoPatient(
        HARBOUR,
        "HB-200139",
        "Amir",
        "Karimi",
        _d(1969, 3, 3),
        Decimal("91.2"),
        IV_KETAMINE,
        5,
        (("Buprenorphine", "8 mg daily"),),
        baseline_bp=(130, 80),
        phq9_start=22,
        phq9_drop=0.4,
    ),
    DemoPatient(
        HARBOUR,
        "HB-200146",
        "Megan",
        "Lloyd",
        _d(1995, 1, 19),
        Decimal("58.4"),
        ESKETAMINE,
        3,
        (("Escitalopram", "10 mg daily"), ("Amphetamine salts", "10 mg mornings")),
        phq9_start=16,
    ),
    DemoPatient(
        HARBOUR,
        "HB-200158",
        "Thomas",
        "Reid",
        _d(1983, 7, 30),
        Decimal("77.9"),
        IV_KETAMINE,
        4,
        (("Mirtazapine", "30 mg at night"),),
        phq9_start=18,
        phq9_drop=0.65,
    ),
)

# Today's sessions: which patient is in a chair now, and how far along.
TODAY_IN_INFUSION = "RV-100231"
TODAY_IN_PRE_CHECK = "HB-200114"

# Who charts and who supervises at each site (usernames from USERS).
TEAMS = {RIVERSIDE: ("nurse", "physician"), HARBOUR: ("nurse.harbour", "physician.harbour")}
