"""Grace per protocol phase before a reading counts as overdue, set on the alert pages."""

import datetime

from django.urls import reverse

from sessions.clinical import schedule
from tests.conftest import T0, minutes
from tests.factories import PASSWORD


def test_the_schedule_uses_the_grace_of_the_current_phase(start, patient_a, iv_protocol):
    iv_protocol.overdue_grace_by_phase = {"infusion": 2}
    iv_protocol.save()
    session = start(patient_a)
    session.infusion_started_at = T0 + minutes(10)
    due = schedule.next_due(session, T0 + minutes(5), T0 + minutes(15))
    assert due.grace == datetime.timedelta(minutes=2)
    assert due.is_overdue(T0 + minutes(23))
    session.infusion_ended_at = T0 + minutes(50)
    due = schedule.next_due(session, T0 + minutes(50), T0 + minutes(55))
    assert due.grace == datetime.timedelta(minutes=5)  # observation: the protocol-wide grace


def test_a_session_keeps_the_grace_it_started_with(start, patient_a, iv_protocol):
    session = start(patient_a)
    iv_protocol.overdue_grace_by_phase = {"pre_check": 1}
    iv_protocol.save()
    assert schedule.next_due(session, None, T0).grace == datetime.timedelta(minutes=5)


def test_a_physician_sets_the_grace_per_phase(client, physician_a, iv_protocol):
    client.login(username=physician_a.username, password=PASSWORD)
    data = {"pre_check": "10", "infusion": "2", "observation": "5"}
    assert client.post(reverse("protocol-grace-edit", args=[iv_protocol.pk]), data).status_code == 302
    iv_protocol.refresh_from_db()
    assert iv_protocol.overdue_grace_by_phase == {"pre_check": 10, "infusion": 2, "observation": 5}
    assert iv_protocol.history.latest().history_user == physician_a


def test_the_grace_has_limits(client, physician_a, iv_protocol):
    client.login(username=physician_a.username, password=PASSWORD)
    data = {"pre_check": "10", "infusion": "-1", "observation": "90"}
    page = client.post(reverse("protocol-grace-edit", args=[iv_protocol.pk]), data).content.decode()
    assert "Ensure this value is greater than or equal to 0." in page
    assert "Ensure this value is less than or equal to 60." in page
