"""What is due and when, and the overdue alerts the schedule raises."""

from datetime import timedelta

from sessions import services
from sessions.clinical import schedule
from sessions.models import Alert
from tests.conftest import BASELINE, CHECKLIST, T0, minutes


def chart(session, nurse, at, *, now=None, values=BASELINE):
    return services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(now or at)
    )


def event(session, nurse, kind, at):
    services.record_event(session=session, by=nurse, kind=kind, occurred_at=T0 + minutes(at), now=T0 + minutes(at))
    session.refresh_from_db()


def due_at(session, last_at, now):
    due = schedule.next_due(session, None if last_at is None else T0 + minutes(last_at), T0 + minutes(now))
    return None if due is None else due.due_at


def overdue_alerts(session):
    return session.alerts.filter(kind=Alert.Kind.OVERDUE)


# --- next due ------------------------------------------------------------------------------------


def test_a_baseline_is_due_on_arrival(session_a):
    due = schedule.next_due(session_a, None, T0 + minutes(2))
    assert due.due_at == T0
    assert due.grace == timedelta(minutes=5)


def test_nothing_more_is_due_in_pre_check_once_a_baseline_is_taken(session_a):
    assert due_at(session_a, 3, now=20) is None


def test_during_the_infusion_a_reading_is_due_one_interval_after_the_start(infusing_session):
    # infusion started at T0+10; the baseline at T0+5 came before it
    assert due_at(infusing_session, 5, now=12) == T0 + minutes(20)
    assert due_at(infusing_session, None, now=12) == T0 + minutes(20)


def test_during_the_infusion_a_reading_is_due_one_interval_after_the_last_reading(infusing_session):
    assert due_at(infusing_session, 25, now=27) == T0 + minutes(35)


def test_during_observation_a_reading_is_due_one_observation_interval_after_the_stop(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    assert due_at(infusing_session, 45, now=52) == T0 + minutes(65)


def test_during_observation_a_reading_is_due_one_observation_interval_after_the_last_reading(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    assert due_at(infusing_session, 70, now=72) == T0 + minutes(85)


def test_a_single_dose_goes_straight_to_the_observation_interval(start, patient_a, esketamine_protocol, nurse_a):
    session = start(patient_a, protocol=esketamine_protocol, dose_mg=56)
    event(session, nurse_a, "dose_given", 10)
    assert due_at(session, 5, now=12) == T0 + minutes(30)  # esketamine: every 20 min after the dose


def test_nothing_is_due_once_ready_for_discharge(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    assert due_at(infusing_session, 100, now=109) is not None
    assert due_at(infusing_session, 100, now=110) is None  # 60 min observation complete


def test_nothing_is_due_once_discharged(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 105)
    services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=T0 + minutes(110))
    infusing_session.refresh_from_db()
    assert due_at(infusing_session, 105, now=111) is None


def test_a_reading_is_overdue_only_after_the_grace_period():
    due = schedule.Due(due_at=T0, grace=timedelta(minutes=5))
    assert not due.is_overdue(T0 + minutes(4))
    assert not due.is_overdue(T0 + minutes(5))
    assert due.is_overdue(T0 + minutes(5) + timedelta(seconds=1))
    assert due.overdue_by(T0 + minutes(7)) == minutes(7)
    assert due.overdue_by(T0 - minutes(1)) == timedelta(0)


# --- overdue alerts ------------------------------------------------------------------------------


def test_no_overdue_alert_within_the_grace_period(infusing_session):
    # due at T0+20 with 5 minutes' grace
    assert services.alert_overdue_readings(now=T0 + minutes(25)) == []
    assert not Alert.objects.exists()


def test_an_overdue_reading_raises_an_alert_naming_its_due_time(infusing_session):
    raised = services.alert_overdue_readings(now=T0 + minutes(26))
    alert = overdue_alerts(infusing_session).get()
    assert raised == [alert]
    assert (alert.due_at, alert.raised_at, alert.severity, alert.site) == (
        T0 + minutes(20),
        T0 + minutes(26),
        "warning",
        infusing_session.site,
    )
    assert alert.message == "Reading overdue: 6 min past its due time"
    assert alert.rule is None


def test_a_missing_baseline_raises_an_overdue_alert(session_a):
    assert len(services.alert_overdue_readings(now=T0 + minutes(6))) == 1
    assert overdue_alerts(session_a).get().due_at == T0


def test_an_overdue_alert_is_raised_once_per_due_time(infusing_session):
    assert len(services.alert_overdue_readings(now=T0 + minutes(26))) == 1
    assert services.alert_overdue_readings(now=T0 + minutes(30)) == []
    assert services.alert_overdue_readings(now=T0 + minutes(40)) == []
    assert overdue_alerts(infusing_session).count() == 1


def test_each_missed_due_time_raises_its_own_alert(infusing_session, nurse_a):
    services.alert_overdue_readings(now=T0 + minutes(26))
    chart(infusing_session, nurse_a, 27)  # next due T0+37
    assert services.alert_overdue_readings(now=T0 + minutes(42)) == []
    raised = services.alert_overdue_readings(now=T0 + minutes(43))
    assert [alert.due_at for alert in raised] == [T0 + minutes(37)]
    assert overdue_alerts(infusing_session).count() == 2


def test_recording_a_reading_resolves_the_overdue_alert(infusing_session, nurse_a):
    alert = services.alert_overdue_readings(now=T0 + minutes(26))[0]
    chart(infusing_session, nurse_a, 27)
    alert.refresh_from_db()
    assert alert.resolved_at == T0 + minutes(27)
    assert alert.resolved_reason == "A reading was recorded"
    assert services.alert_overdue_readings(now=T0 + minutes(30)) == []


def test_a_reading_back_timed_to_before_the_due_time_leaves_the_overdue_alert_open(infusing_session, nurse_a):
    alert = services.alert_overdue_readings(now=T0 + minutes(26))[0]  # due T0+20
    chart(infusing_session, nurse_a, 8, now=27)  # a forgotten pre-infusion reading, entered late
    alert.refresh_from_db()
    assert alert.is_open  # the reading due at T0+20 is still missing
    services.alert_overdue_readings(now=T0 + minutes(28))
    assert list(overdue_alerts(infusing_session).open()) == [alert]


def test_a_late_reading_taken_just_before_the_due_time_resolves_the_overdue_alert(infusing_session, nurse_a):
    alert = services.alert_overdue_readings(now=T0 + minutes(26))[0]  # due T0+20
    chart(infusing_session, nurse_a, 19, now=27)
    alert.refresh_from_db()
    assert not alert.is_open


def test_no_overdue_alerts_for_a_discharged_session(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 105)
    services.discharge(session=infusing_session, by=nurse_a, checklist=CHECKLIST, now=T0 + minutes(110))
    assert services.alert_overdue_readings(now=T0 + minutes(200)) == []
    assert not overdue_alerts(infusing_session).exists()


def test_no_overdue_alerts_once_ready_for_discharge(infusing_session, nurse_a):
    event(infusing_session, nurse_a, "stopped", 50)
    chart(infusing_session, nurse_a, 60)
    assert services.alert_overdue_readings(now=T0 + minutes(110)) == []


def test_only_the_given_sessions_are_checked(infusing_session, start, nurse_b, patient_b):
    start(patient_b, by=nurse_b)
    raised = services.alert_overdue_readings(now=T0 + minutes(26), sessions=type(infusing_session).objects.none())
    assert raised == []
    raised = services.alert_overdue_readings(now=T0 + minutes(26))
    assert {alert.session.site_id for alert in raised} == {infusing_session.site_id, patient_b.site_id}


def test_a_reading_entered_in_error_does_not_satisfy_the_schedule(infusing_session, nurse_a):
    reading = chart(infusing_session, nurse_a, 19).reading
    services.correct_reading(reading=reading, reason="Wrong patient", by=nurse_a, now=T0 + minutes(21))
    raised = services.alert_overdue_readings(now=T0 + minutes(26))
    assert [alert.due_at for alert in raised] == [T0 + minutes(20)]


def test_a_reading_charted_after_the_board_read_its_sessions_raises_no_overdue_alert(infusing_session, nurse_a):
    read_by_the_board = list(type(infusing_session).objects.filter(pk=infusing_session.pk).with_last_reading_at())
    chart(infusing_session, nurse_a, 26)  # committed between the board's read and its overdue check
    assert services.alert_overdue_sessions(read_by_the_board, now=T0 + minutes(26)) == []
    assert not overdue_alerts(infusing_session).exists()


def test_a_session_discharged_after_the_board_read_it_raises_no_overdue_alert(infusing_session):
    read_by_the_board = list(type(infusing_session).objects.filter(pk=infusing_session.pk).with_last_reading_at())
    type(infusing_session).objects.filter(pk=infusing_session.pk).update(discharged_at=T0 + minutes(25))
    assert services.alert_overdue_sessions(read_by_the_board, now=T0 + minutes(26)) == []
    assert not overdue_alerts(infusing_session).exists()
