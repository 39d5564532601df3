from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions import services
from sessions.models import Alert
from tests.conftest import BASELINE, T0, minutes
from tests.factories import AlertRuleFactory, PatientFactory, SiteFactory, staff


def test_it_lists_todays_sessions_with_phase_and_next_due(nurse_client, infusing_session, at):
    at(15)
    page = nurse_client.get("/board/").content.decode()
    assert f'<a href="/sessions/{infusing_session.pk}/">{infusing_session.patient.full_name}</a>' in page
    assert "Infusion" in page
    assert "due in 5 min <small>(09:20)</small>" in page  # T0 + 20 min in New York


def test_phases_are_named_as_nurses_say_them(nurse_client, session_a, at):
    at(1)
    assert '<span class="phase phase-pre_check">Pre-check</span>' in nurse_client.get("/board/").content.decode()


def test_a_reading_past_its_due_time_turns_amber_then_red(nurse_client, infusing_session, at):
    at(22)  # due at T0+20, grace 5 min
    assert "Due now" in nurse_client.get("/board/").content.decode()
    at(26)
    page = nurse_client.get("/board/").content.decode()
    assert "Overdue" in page


def test_its_poll_raises_one_overdue_alert(nurse_client, infusing_session, at):
    at(26)
    nurse_client.get("/board/", headers={"HX-Request": "true"})
    nurse_client.get("/board/", headers={"HX-Request": "true"})
    assert Alert.objects.filter(session=infusing_session, kind="overdue").count() == 1


def test_the_overdue_alert_a_poll_raises_shows_on_that_poll(nurse_client, infusing_session, at):
    at(26)
    rows = nurse_client.get("/board/", headers={"HX-Request": "true"}).content.decode()
    assert "Warning: Reading overdue" in rows


def test_its_poll_returns_only_the_rows(nurse_client, infusing_session, at):
    at(15)
    response = nurse_client.get("/board/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="board"')
    assert "<html" not in body


def test_it_shows_open_alerts_and_side_effects(nurse_client, infusing_session, nurse_a, site_a, at):
    AlertRuleFactory(site=site_a, name="SBP high", metric="systolic", comparator="gt", threshold=180)
    services.record_vitals(
        session=infusing_session, values={**BASELINE, "systolic": 190}, by=nurse_a, now=T0 + minutes(20)
    )
    services.record_side_effect(
        session=infusing_session, by=nurse_a, term="nausea", severity="mild", now=T0 + minutes(21)
    )
    at(22)
    page = nurse_client.get("/board/").content.decode()
    assert "Critical: SBP high" in page
    assert "Nausea" in page


def test_it_hides_other_sites_sessions(client, nurse_b, session_a, at):
    at(5)
    client.force_login(nurse_b)
    assert session_a.patient.full_name not in client.get("/board/").content.decode()


def test_a_nurse_of_two_sites_picks_one_and_it_is_remembered(client, nurse_a, site_a, start, at):
    other = SiteFactory(name="Lakeside")
    staff("nurse", other)
    from clinic.models import StaffMembership

    StaffMembership.objects.create(user=nurse_a, site=other, role="nurse")
    lakeside_patient = PatientFactory(site=other)
    start(lakeside_patient)
    at(5)
    client.force_login(nurse_a)
    assert lakeside_patient.full_name in client.get(f"/board/?site={other.pk}").content.decode()
    assert lakeside_patient.full_name in client.get("/board/").content.decode()
    assert lakeside_patient.full_name not in client.get(f"/board/?site={site_a.pk}").content.decode()


def test_its_query_count_does_not_grow_with_sessions(nurse_client, start, patient_a, nurse_a, at):
    at(5)
    first = start(patient_a)
    services.record_vitals(session=first, values=BASELINE, by=nurse_a, now=T0 + minutes(2))

    def count():
        with CaptureQueriesContext(connection) as captured:
            nurse_client.get("/board/", headers={"HX-Request": "true"})
        return len(captured)

    count()  # the first visit remembers the chosen site in the login session
    one = count()
    for _ in range(4):
        session = start(PatientFactory(site=patient_a.site))
        services.record_vitals(session=session, values=BASELINE, by=nurse_a, now=T0 + minutes(2))
    assert count() == one
