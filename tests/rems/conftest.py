"""An esketamine session charted the way the REMS form expects: BP before dosing, ~40 minutes
after and before the end of monitoring, some sedation and dissociation, then discharge."""

import pytest

from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from tests import factories
from tests.conftest import BASELINE, T0, minutes
from tests.sessions.pages.conftest import at, nurse_client, physician_client  # noqa: F401  (shared fixtures)

PRE_DOSE = {**BASELINE, "systolic": 128, "diastolic": 82}
AFTER_40 = {**BASELINE, "systolic": 146, "diastolic": 92, "sedation_moaas": 4, "dissociation": 3}
BEFORE_END = {**BASELINE, "systolic": 124, "diastolic": 80, "sedation_moaas": 5, "dissociation": 0}


def chart(session, nurse, values, at_minute):
    services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at_minute), now=T0 + minutes(at_minute)
    )


@pytest.fixture
def lorazepam(patient_a):
    medication = factories.MedicationFactory(name="Lorazepam", drug_class="benzodiazepine")
    factories.PatientMedicationFactory(patient=patient_a, medication=medication, dose="1 mg at night")
    sertraline = factories.MedicationFactory(name="Sertraline", drug_class="ssri")
    factories.PatientMedicationFactory(patient=patient_a, medication=sertraline)
    return medication


@pytest.fixture
def dosed_session(start, patient_a, esketamine_protocol, nurse_a, lorazepam):
    """56 mg given at T0+10 (lot LOT-A1); BP 128/82 at +5, 146/92 at +50, 124/80 at +125."""
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=56, lot_number="LOT-A1")
    chart(session, nurse_a, PRE_DOSE, 5)
    services.record_event(
        session=session, by=nurse_a, kind="dose_given", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    chart(session, nurse_a, AFTER_40, 50)
    chart(session, nurse_a, BEFORE_END, 125)
    session.refresh_from_db()
    return session


@pytest.fixture
def discharged_esketamine(dosed_session, nurse_a):
    """Discharged at T0+135: 125 minutes of monitoring after the dose."""
    services.discharge(
        session=dosed_session,
        by=nurse_a,
        checklist={item: True for item, _ in DISCHARGE_CHECKLIST},
        now=T0 + minutes(135),
    )
    dosed_session.refresh_from_db()
    return dosed_session


CONFIRMED = {
    "medications_confirmed": True,
    "medication_classes": ["benzodiazepine"],
    "dose_mg": 56,
    "device_lot_numbers": "LOT-A1, LOT-A2",
    "vitals_acceptable_before_dosing": True,
    "vitals_acceptable_before_end": True,
    "other_adverse_events": "",
}
