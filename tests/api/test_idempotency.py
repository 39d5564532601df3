"""A reading POSTed again with the same client key (header or field) is stored once."""

import pytest

from sessions.models import VitalSigns
from tests.conftest import BASELINE


@pytest.fixture
def post_reading(api, nurse_a, infusing_session):
    client = api(nurse_a)

    def _post(body, **headers):
        return client.post(f"/api/v1/sessions/{infusing_session.pk}/vitals/", body, headers=headers)

    return _post


def test_a_retry_with_the_same_header_returns_the_stored_reading(post_reading, infusing_session):
    first = post_reading(BASELINE, **{"Idempotency-Key": "device-7:0042"})
    retry = post_reading(BASELINE, **{"Idempotency-Key": "device-7:0042"})
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["reading"] == first.json()["reading"]
    assert retry.json()["replayed"] is True
    assert VitalSigns.objects.filter(session=infusing_session, client_key="device-7:0042").count() == 1


def test_a_retry_with_the_same_client_id_returns_the_stored_reading(post_reading, infusing_session):
    before = VitalSigns.objects.count()
    first = post_reading({**BASELINE, "client_id": "form-1"})
    retry = post_reading({**BASELINE, "heart_rate": 99, "client_id": "form-1"})
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["reading"]["id"] == first.json()["reading"]["id"]
    assert retry.json()["reading"]["heart_rate"] == 72
    assert VitalSigns.objects.count() == before + 1


def test_the_header_and_the_field_are_the_same_key(post_reading):
    first = post_reading(BASELINE, **{"Idempotency-Key": "k-1"})
    retry = post_reading({**BASELINE, "client_id": "k-1"})
    assert retry.status_code == 200
    assert retry.json()["reading"]["id"] == first.json()["reading"]["id"]


def test_different_keys_store_two_readings(post_reading):
    assert post_reading(BASELINE, **{"Idempotency-Key": "a"}).status_code == 201
    assert post_reading(BASELINE, **{"Idempotency-Key": "b"}).status_code == 201


def test_it_refuses_two_different_keys_in_one_request(post_reading):
    response = post_reading({**BASELINE, "client_id": "a"}, **{"Idempotency-Key": "b"})
    assert response.status_code == 400
    assert "client_id" in response.json()


@pytest.mark.parametrize("key", ["x" * 65, "tab\there"])
def test_it_refuses_an_unusable_header(post_reading, key):
    response = post_reading(BASELINE, **{"Idempotency-Key": key})
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()


def test_it_refuses_a_client_id_over_64_characters(post_reading):
    response = post_reading({**BASELINE, "client_id": "x" * 65})
    assert response.status_code == 400
    assert "client_id" in response.json()
