"""FHIR R4 exports: each resource validates with fhir.resources and carries DESIGN.md's codes."""

import pytest

from sessions.models import VitalSigns
from tests.exports.conftest import read_ndjson
from tests.exports.fhir_validation import validate

LOINC = "http://loinc.org"


def loinc_codes(resource) -> set[str]:
    return {c["code"] for c in resource["code"].get("coding", []) if c["system"] == LOINC}


@pytest.fixture
def bundle(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    response = client.get(f"/api/v1/fhir/Encounter/{charted_session.pk}/$everything")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    return response.json()


def resources_of(bundle, resource_type) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type]


def test_patient_is_valid_fhir_with_its_mrn(client, nurse_a, patient_a):
    client.force_login(nurse_a)
    patient = client.get(f"/api/v1/fhir/Patient/{patient_a.pk}").json()
    validate(patient)
    assert patient["id"] == str(patient_a.pk)
    assert patient_a.mrn in {identifier["value"] for identifier in patient["identifier"]}


def test_encounter_is_valid_fhir_and_finished_only_after_discharge(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    encounter = client.get(f"/api/v1/fhir/Encounter/{charted_session.pk}").json()
    validate(encounter)
    assert encounter["status"] == "in-progress"
    assert encounter["subject"]["reference"] == f"Patient/{charted_session.patient_id}"


def test_everything_is_a_valid_collection_bundle_of_the_whole_session(bundle):
    validate(bundle)
    assert bundle["type"] == "collection"
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "Encounter", "MedicationAdministration", "Observation", "AdverseEvent"} <= kinds
    assert kinds & {"Flag", "DetectedIssue"}
    assert all(e["fullUrl"].endswith(f"{e['resource']['resourceType']}/{e['resource']['id']}") for e in bundle["entry"])


def test_blood_pressure_is_a_panel_with_systolic_and_diastolic_components(bundle):
    panels = [o for o in resources_of(bundle, "Observation") if "85354-9" in loinc_codes(o)]
    assert panels
    for panel in panels:
        assert panel["category"][0]["coding"][0]["code"] == "vital-signs"
        components = set().union(*(loinc_codes(c) for c in panel["component"]))
        assert components == {"8480-6", "8462-4"}
        assert {c["valueQuantity"]["code"] for c in panel["component"]} == {"mm[Hg]"}


@pytest.mark.parametrize(
    ("loinc", "ucum"),
    [("8867-4", "/min"), ("9279-1", "/min"), ("59408-5", "%"), ("8310-5", "Cel"), ("29463-7", "kg")],
)
def test_each_vital_sign_has_its_loinc_code_and_ucum_unit(bundle, loinc, ucum):
    matching = [o for o in resources_of(bundle, "Observation") if loinc in loinc_codes(o)]
    assert matching, f"no Observation coded {loinc}"
    assert {o["valueQuantity"]["code"] for o in matching} == {ucum}
    assert all(o["valueQuantity"]["system"] == "http://unitsofmeasure.org" for o in matching)


def test_a_fahrenheit_reading_goes_out_in_celsius_with_the_charted_value_noted(bundle, fahrenheit_reading):
    [temperature] = [
        o
        for o in resources_of(bundle, "Observation")
        if "8310-5" in loinc_codes(o) and o["id"].startswith(f"reading-{fahrenheit_reading.pk}-")
    ]
    assert temperature["valueQuantity"]["value"] == pytest.approx(float(fahrenheit_reading.temperature_c))
    assert any("101.3 °F" in note["text"] for note in temperature["note"])


def test_a_reading_entered_in_error_exports_with_that_status(bundle, reading_in_error):
    statuses = {
        o["status"]
        for o in resources_of(bundle, "Observation")
        if o["id"].startswith(f"reading-{reading_in_error.pk}-")
    }
    assert statuses == {"entered-in-error"}
    others = VitalSigns.objects.exclude(pk=reading_in_error.pk).values_list("pk", flat=True)
    assert all(
        o["status"] == "final"
        for o in resources_of(bundle, "Observation")
        if any(o["id"].startswith(f"reading-{pk}-") for pk in others)
    )


def test_side_effects_and_alerts_are_adverse_events_and_detected_issues(bundle, alert):
    [adverse] = resources_of(bundle, "AdverseEvent")
    assert adverse["actuality"] == "actual"
    [issue] = resources_of(bundle, "DetectedIssue")
    assert issue["id"] == str(alert.pk)


@pytest.mark.parametrize("resource_type", ["Patient", "Encounter", "Observation", "MedicationAdministration"])
def test_bulk_ndjson_is_one_valid_resource_per_line(client, nurse_a, charted_session, resource_type):
    client.force_login(nurse_a)
    response = client.get(f"/api/v1/fhir/{resource_type}.ndjson", {"from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    lines = read_ndjson(response)
    assert lines
    for resource in lines:
        assert resource["resourceType"] == resource_type
        validate(resource)


def test_bulk_ndjson_honours_the_date_range(client, nurse_a, charted_session):
    client.force_login(nurse_a)
    response = client.get("/api/v1/fhir/Observation.ndjson", {"from": "2027-01-01"})
    assert read_ndjson(response) == []


def test_an_unknown_bulk_type_is_a_404_operation_outcome(client, nurse_a):
    client.force_login(nurse_a)
    response = client.get("/api/v1/fhir/Practitioner.ndjson")
    assert response.status_code == 404
    validate(response.json())


def test_another_sites_encounter_is_a_404_operation_outcome(client, nurse_b, charted_session):
    client.force_login(nurse_b)
    for url in (
        f"/api/v1/fhir/Encounter/{charted_session.pk}",
        f"/api/v1/fhir/Encounter/{charted_session.pk}/$everything",
        f"/api/v1/fhir/Patient/{charted_session.patient_id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["resourceType"] == "OperationOutcome"


def test_another_sites_rows_never_reach_a_bulk_file(client, nurse_b, charted_session):
    client.force_login(nurse_b)
    assert read_ndjson(client.get("/api/v1/fhir/Observation.ndjson")) == []


@pytest.mark.parametrize("resource_id", ["abc", "9" * 40, "-1"])
def test_an_impossible_id_is_a_404_not_a_500(client, nurse_a, resource_id):
    client.force_login(nurse_a)
    assert client.get(f"/api/v1/fhir/Patient/{resource_id}").status_code == 404


def test_anonymous_callers_are_refused(client, charted_session):
    assert client.get(f"/api/v1/fhir/Encounter/{charted_session.pk}").status_code in (401, 403)
