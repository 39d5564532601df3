from sessions import services
from sessions.models import ReadingArtifact, VitalSigns
from tests.conftest import BASELINE, T0, minutes
from tests.factories import AlertRuleFactory

FORM = {"systolic": "128", "diastolic": "84", "heart_rate": "76", "spo2": "98", "respiratory_rate": "14"}


def post_reading(client, session, data, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/sessions/{session.pk}/readings/", {"temperature_unit": "F", **data}, headers=headers)


def test_a_reading_is_saved_and_shown_with_news2(nurse_client, infusing_session, at):
    at(20)
    response = post_reading(nurse_client, infusing_session, {**FORM, "client_key": "k1"})
    body = response.content.decode()
    assert "Reading saved" in body
    assert "NEWS2 <strong>0</strong>" in body
    assert 'hx-swap-oob="true"' in body  # the live region comes along
    reading = infusing_session.readings.latest("recorded_at")
    assert (reading.systolic, reading.diastolic, reading.measured_at) == (128, 84, T0 + minutes(20))


def test_a_reading_that_raises_an_alert_says_so_in_words(nurse_client, infusing_session, site_a, at):
    AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=180, message="Call the physician")
    at(20)
    body = post_reading(nurse_client, infusing_session, {**FORM, "systolic": "190"}).content.decode()
    assert 'role="alert"' in body
    assert "CRITICAL" in body and "Call the physician" in body


def test_a_back_timed_reading_is_marked_late(nurse_client, infusing_session, at):
    at(40)
    body = post_reading(nurse_client, infusing_session, {**FORM, "measured_at": "2026-11-16T09:20"}).content.decode()
    reading = infusing_session.readings.latest("recorded_at")
    assert reading.measured_at == T0 + minutes(20)  # 09:20 in New York is 14:20 UTC
    assert reading.is_late
    assert "late entry" in body


def test_bad_input_is_explained_next_to_the_field_and_kept(nurse_client, infusing_session, at):
    at(20)
    response = post_reading(nurse_client, infusing_session, {**FORM, "systolic": "1200", "spo2": "97"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Systolic BP must be between 40 and 300 mmHg; got 1200." in body
    assert 'value="1200"' in body and 'value="97"' in body
    assert infusing_session.readings.count() == 1  # only the baseline


def test_a_double_submit_stores_one_reading(nurse_client, infusing_session, at):
    at(20)
    post_reading(nurse_client, infusing_session, {**FORM, "client_key": "same"})
    body = post_reading(nurse_client, infusing_session, {**FORM, "client_key": "same"}).content.decode()
    assert VitalSigns.objects.filter(session=infusing_session, client_key="same").count() == 1
    assert "already saved" in body


def test_without_javascript_it_redirects_back_to_the_chart(nurse_client, infusing_session, at):
    at(20)
    response = post_reading(nurse_client, infusing_session, FORM, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{infusing_session.pk}/"


def test_the_chart_shows_entered_in_error_readings_struck_with_their_reason(
    nurse_client, infusing_session, nurse_a, at
):
    recorded = services.record_vitals(session=infusing_session, values=BASELINE, by=nurse_a, now=T0 + minutes(20))
    services.correct_reading(reading=recorded.reading, reason="cuff on wrong arm", by=nurse_a, now=T0 + minutes(21))
    at(22)
    body = nurse_client.get(f"/sessions/{infusing_session.pk}/").content.decode()
    assert 'class="in-error"' in body
    assert "in error: cuff on wrong arm" in body


def test_the_live_region_polls_alone(nurse_client, infusing_session, at):
    at(20)
    body = nurse_client.get(f"/sessions/{infusing_session.pk}/?region=live", headers={"HX-Request": "true"}).content
    assert body.decode().lstrip().startswith('<section id="chart-live"')


def test_another_sites_session_is_a_404(client, nurse_b, infusing_session):
    client.force_login(nurse_b)
    assert client.get(f"/sessions/{infusing_session.pk}/").status_code == 404
    assert post_reading(client, infusing_session, FORM).status_code == 404


def test_an_admin_who_does_not_chart_is_told_so(client, admin_a, infusing_session, at):
    at(20)
    client.force_login(admin_a)
    body = post_reading(client, infusing_session, FORM).content.decode()
    assert "You may not chart at this site." in body


def test_a_value_ticked_as_artifact_at_entry_is_marked_and_shown(nurse_client, infusing_session):
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/readings/",
        {
            "spo2": "83",
            "heart_rate": "80",
            "temperature_unit": "C",
            "artifact_values": ["spo2"],
            "artifact_reason": "Probe slipped",
        },
    )
    assert response.status_code == 302
    mark = ReadingArtifact.objects.get()
    assert (mark.fields, mark.reason) == (["spo2"], "Probe slipped")
    page = nurse_client.get(f"/sessions/{infusing_session.pk}/").content.decode()
    assert "artifact: spo2 (Probe slipped)" in page


def test_an_artifact_reason_without_a_tick_is_a_field_error(nurse_client, infusing_session):
    response = nurse_client.post(
        f"/sessions/{infusing_session.pk}/readings/",
        {"spo2": "83", "temperature_unit": "C", "artifact_reason": "Probe slipped"},
    )
    page = response.content.decode()
    assert "Tick the values that are artifacts, or the whole reading." in page
    assert '<details class="artifact-marking" open>' in page  # the error is in sight
    assert infusing_session.readings.count() == 1


def test_artifact_marking_waits_folded_below_the_values(nurse_client, infusing_session):
    """Nurses chart values every few minutes and mark artifacts rarely: the values come first."""
    page = nurse_client.get(f"/sessions/{infusing_session.pk}/").content.decode()
    assert '<details class="artifact-marking">' in page
    assert page.index('for="id_systolic"') < page.index('for="id_note"') < page.index("artifact-marking")
    assert "Temperature (°C)" in page and "SpO2 (%)" in page


def test_a_reading_is_marked_later_from_its_row(nurse_client, infusing_session):
    reading = infusing_session.readings.get()
    url = f"/sessions/{infusing_session.pk}/readings/{reading.pk}/artifact/"
    assert nurse_client.get(url).status_code == 200
    response = nurse_client.post(url, {"artifact_values": ["reading"], "artifact_reason": "Patient moving"})
    assert response.status_code == 302
    assert reading.artifacts.get().fields == []
