"""The OpenAPI document and its Swagger UI: valid, complete, and served without the internet."""

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

CONTRACT_PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/sessions/",
    "/api/v1/sessions/{session_pk}/vitals/",
    "/api/v1/alert-rules/",
    "/api/v1/alerts/{id}/acknowledge/",
    "/api/v1/export/vitals.csv",
    "/api/v1/export/sessions.csv",
    "/api/v1/export/side-effects.csv",
    "/api/v1/export/alerts.csv",
    "/api/v1/fhir/Patient/{resource_id}",
    "/api/v1/fhir/Encounter/{resource_id}",
    "/api/v1/fhir/Encounter/{resource_id}/$everything",
    "/api/v1/fhir/{resource_type}.ndjson",
]


def test_the_schema_validates_without_a_warning(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["openapi"].startswith("3.")


def test_the_served_schema_is_the_generated_one(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json()["paths"].keys() == SchemaGenerator().get_schema(public=True)["paths"].keys()


@pytest.mark.parametrize("path", CONTRACT_PATHS)
def test_every_contract_path_is_documented(path):
    assert path in SchemaGenerator().get_schema(public=True)["paths"]


def test_a_reading_documents_its_units():
    properties = SchemaGenerator().get_schema(public=True)["components"]["schemas"]["Reading"]["properties"]
    assert "mmHg" in properties["systolic"]["description"]
    assert "%" in properties["spo2"]["description"]


def test_swagger_ui_uses_our_own_static_files(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_an_unknown_api_url_is_a_json_404(client, db):
    response = client.get("/api/v1/sessions/not-a-number/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_is_still_an_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
