"""/api/v1/rems-records/: read-only, scoped to the caller's sites, filterable by submission."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sessions import services

from .conftest import CONFIRMED

URL = "/api/v1/rems-records/"


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def completed(discharged_esketamine, nurse_a):
    return services.save_rems_record(session=discharged_esketamine, by=nurse_a, values=CONFIRMED, complete=True)


def test_it_lists_the_record_with_its_frozen_items(completed, physician_a):
    response = api(physician_a).get(URL)

    assert response.status_code == 200
    [record] = response.json()["results"]
    assert record["completed_by"] == "nurse_a" and record["dose_mg"] == 56
    assert record["items"]["blood_pressures"][0]["value"] == "128/82"


def test_it_filters_the_records_still_to_submit(completed, nurse_a):
    assert len(api(nurse_a).get(URL, {"submitted": "false"}).json()["results"]) == 1
    assert api(nurse_a).get(URL, {"submitted": "true"}).json()["results"] == []


def test_another_site_sees_nothing(completed, nurse_b):
    assert api(nurse_b).get(URL).json()["results"] == []
    assert api(nurse_b).get(f"{URL}{completed.pk}/").status_code == 404


def test_it_is_read_only(completed, nurse_a):
    assert api(nurse_a).post(URL, {}).status_code == 405
    assert api(nurse_a).patch(f"{URL}{completed.pk}/", {"dose_mg": 84}).status_code == 405
