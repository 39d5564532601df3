"""A signed session cannot be changed by any path: service, API, admin, the ORM, raw SQL.
Only addenda are added after sign-off."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from rest_framework.authtoken.models import Token

from sessions import services
from sessions.models import Addendum, InfusionSession, VitalSigns
from tests.conftest import T0, minutes
from tests.review.conftest import discharge_now

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")


@pytest.fixture
def signed_session(infusing_session, nurse_a, physician_a):
    discharge_now(infusing_session, nurse_a, physician_a)
    return services.sign_session(session=infusing_session, by=physician_a, attestation="Reviewed", now=T0 + minutes(90))


def test_the_service_refuses_charting_on_a_signed_session(signed_session, physician_a):
    with pytest.raises(ValidationError, match="signed"):
        services.sign_session(session=signed_session, by=physician_a, attestation="Again")
    with pytest.raises(ValidationError):
        services.record_vitals(session=signed_session, values={"heart_rate": 80}, by=physician_a)


def test_the_api_refuses_changing_a_signed_session(client, signed_session, nurse_a):
    token = Token.objects.create(user=nurse_a)
    headers = {"Authorization": f"Token {token.key}"}
    url = f"/api/v1/sessions/{signed_session.pk}/"
    assert client.patch(url, {"chair": "9"}, content_type="application/json", headers=headers).status_code == 405
    assert client.delete(url, headers=headers).status_code == 405
    response = client.post(f"{url}vitals/", {"heart_rate": 80}, content_type="application/json", headers=headers)
    assert response.status_code == 400, response.content
    assert signed_session.readings.count() == VitalSigns.objects.filter(session=signed_session).count() == 1


def test_the_admin_shows_a_signed_session_read_only(client, signed_session, admin_a):
    admin_a.is_staff = True
    admin_a.save()
    admin_a.user_permissions.set(Permission.objects.filter(content_type__app_label="infusions"))
    client.force_login(admin_a)
    url = f"/admin/infusions/infusionsession/{signed_session.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="chair"' not in page.content.decode()
    response = client.post(url, {"chair": "9"})
    assert response.status_code == 403
    signed_session.refresh_from_db()
    assert signed_session.chair != "9"


@on_postgresql
def test_the_database_refuses_saving_a_signed_session_through_the_orm(signed_session):
    signed_session.chair = "9"
    with pytest.raises(IntegrityError, match="signed and read-only"), transaction.atomic():
        signed_session.save()


@on_postgresql
def test_the_database_refuses_a_bulk_update_or_delete_of_a_signed_session(signed_session):
    with pytest.raises(IntegrityError), transaction.atomic():
        InfusionSession.objects.filter(pk=signed_session.pk).update(signed_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        InfusionSession.objects.filter(pk=signed_session.pk)._raw_delete(connection.alias)
    assert InfusionSession.objects.get(pk=signed_session.pk).is_signed


@on_postgresql
def test_the_database_refuses_changing_or_adding_readings_of_a_signed_session(signed_session):
    with pytest.raises(IntegrityError), transaction.atomic():
        VitalSigns.objects.filter(session=signed_session).update(heart_rate=200)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO infusions_vitalsigns (site_id, session_id, measured_at, recorded_at, recorded_by_id, phase,"
            " is_late, source, note, client_key, entered_in_error, error_reason, updated_at)"
            " SELECT site_id, session_id, measured_at, recorded_at, recorded_by_id, phase, is_late, source, note,"
            " 'raw', false, '', now() FROM infusions_vitalsigns WHERE session_id = %s LIMIT 1",
            [signed_session.pk],
        )
    assert VitalSigns.objects.get(session=signed_session).heart_rate == 72


def test_an_addendum_is_still_added_after_sign_off(signed_session, physician_a):
    services.add_addendum(session=signed_session, by=physician_a, text="Called next day: well.", reason="Follow-up")
    assert Addendum.objects.filter(session=signed_session).count() == 1
