from decimal import Decimal

from clinic.models import PatientWeight
from sessions.models import InfusionSession
from tests.conftest import T0
from tests.factories import MedicationFactory, PatientFactory, PatientMedicationFactory


def test_it_finds_a_patient_by_mrn_or_name(nurse_client, patient_a, patient_b, at):
    at(0)
    page = nurse_client.get("/patients/", {"q": patient_a.mrn}).content.decode()
    assert patient_a.full_name in page
    page = nurse_client.get(
        "/patients/", {"q": patient_a.family_name[:4]}, headers={"HX-Request": "true"}
    ).content.decode()
    assert patient_a.full_name in page
    assert patient_b.full_name not in nurse_client.get("/patients/", {"q": patient_b.mrn}).content.decode()


def test_it_creates_a_patient_at_the_nurses_site(nurse_client, site_a, at):
    at(0)
    response = nurse_client.post(
        "/patients/new/",
        {"mrn": "R-1001", "given_name": "Ada", "family_name": "Lovelace", "date_of_birth": "1985-12-10"},
    )
    assert response.status_code == 302
    assert site_a.patients.get(mrn="R-1001").full_name == "Ada Lovelace"


def test_it_prefills_last_weight_and_shows_interactions(nurse_client, patient_a, nurse_a, at):
    PatientWeight.objects.create(
        site=patient_a.site, patient=patient_a, measured_at=T0, value=Decimal("154.0"), unit="lb", recorded_by=nurse_a
    )
    PatientMedicationFactory(patient=patient_a, medication=MedicationFactory(name="Phenelzine", drug_class="maoi"))
    at(0)
    page = nurse_client.get(f"/patients/{patient_a.pk}/start/").content.decode()
    assert 'value="154.00"' in page
    assert "Phenelzine" in page and "Hypertensive-crisis risk" in page


def test_it_previews_the_dose_with_its_formula(nurse_client, patient_a, iv_protocol, at):
    at(0)
    page = nurse_client.get(
        f"/patients/{patient_a.pk}/dose/", {"protocol": iv_protocol.pk, "weight_value": "80", "weight_unit": "kg"}
    ).content.decode()
    assert "0.5 mg/kg × 80 kg = 40 mg" in page


def test_it_starts_the_session_and_opens_the_chart(nurse_client, patient_a, iv_protocol, at):
    at(0)
    response = nurse_client.post(
        f"/patients/{patient_a.pk}/start/",
        {"protocol": iv_protocol.pk, "weight_value": "70", "weight_unit": "kg", "chair": "3", "course_number": "1"},
    )
    session = InfusionSession.objects.get()
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert session.dose_computed_mg == Decimal("35.0")


def test_a_fixed_dose_protocol_without_a_dose_is_refused_next_to_the_field(
    nurse_client, patient_a, esketamine_protocol, at
):
    at(0)
    response = nurse_client.post(
        f"/patients/{patient_a.pk}/start/",
        {
            "protocol": esketamine_protocol.pk,
            "weight_value": "70",
            "weight_unit": "kg",
            "chair": "3",
            "course_number": "1",
        },
    )
    assert response.status_code == 200
    assert "Choose the dose for this protocol: 56 mg or 84 mg." in response.content.decode()
    assert not InfusionSession.objects.exists()


def test_another_sites_patient_is_not_found(client, nurse_b, patient_a):
    client.force_login(nurse_b)
    assert client.get(f"/patients/{patient_a.pk}/start/").status_code == 404


def test_a_nurse_of_site_b_cannot_find_site_a_patients_by_name(client, nurse_b, site_b, at):
    patient = PatientFactory(site=site_b, family_name="Zed")
    at(0)
    client.force_login(nurse_b)
    assert patient.full_name in client.get("/patients/", {"q": "Zed"}).content.decode()
