from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions import services
from tests.conftest import BASELINE, T0, minutes


def test_it_marks_in_error_and_stores_the_right_values(nurse_client, infusing_session, nurse_a, at):
    wrong = services.record_vitals(
        session=infusing_session, values={**BASELINE, "systolic": 210}, by=nurse_a, now=T0 + minutes(20)
    ).reading
    at(22)
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/readings/{wrong.pk}/correct/",
        {"reason": "typo", "systolic": "120", "diastolic": "80", "heart_rate": "72", "temperature_unit": "C"},
    )
    assert response.status_code == 302
    wrong.refresh_from_db()
    assert wrong.entered_in_error and wrong.error_reason == "typo"
    assert wrong.corrected_by.systolic == 120
    assert wrong.corrected_by.measured_at == wrong.measured_at


def test_a_reason_is_required(nurse_client, infusing_session, nurse_a, at):
    reading = services.record_vitals(
        session=infusing_session, values=BASELINE, by=nurse_a, now=T0 + minutes(20)
    ).reading
    at(22)
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/readings/{reading.pk}/correct/", {"temperature_unit": "C"}
    )
    assert "This field is required." in response.content.decode()
    reading.refresh_from_db()
    assert not reading.entered_in_error


def test_it_can_only_mark_in_error_without_new_values(nurse_client, infusing_session, nurse_a, at):
    reading = services.record_vitals(
        session=infusing_session, values=BASELINE, by=nurse_a, now=T0 + minutes(20)
    ).reading
    at(22)
    nurse_client.post(
        f"/sessions/{infusing_session.pk}/readings/{reading.pk}/correct/",
        {"reason": "wrong patient", "temperature_unit": "C"},
    )
    reading.refresh_from_db()
    assert reading.entered_in_error
    assert infusing_session.readings.count() == 2  # baseline + the marked one, nothing new


def test_the_chart_names_the_reading_a_correction_replaces_without_asking_for_it(
    nurse_client, infusing_session, nurse_a, at, django_assert_max_num_queries
):
    url = f"/sessions/{infusing_session.pk}/"
    wrong = services.record_vitals(
        session=infusing_session, values={**BASELINE, "systolic": 210}, by=nurse_a, now=T0 + minutes(20)
    ).reading
    at(22)
    with CaptureQueriesContext(connection) as before:
        nurse_client.get(url)
    services.correct_reading(reading=wrong, reason="typo", by=nurse_a, values=BASELINE, now=T0 + minutes(22))

    with django_assert_max_num_queries(len(before)):
        page = nurse_client.get(url).content.decode()
    assert f'title="corrects the reading of {wrong.measured_at.astimezone(infusing_session.site.tzinfo):%H:%M}"' in page
