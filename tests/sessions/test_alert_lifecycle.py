"""Snooze, breach episodes and escalation: alerts clinicians can trust without losing the record."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import services, tasks
from sessions.models import Alert
from sessions.selectors import critical_banner
from tests import factories
from tests.conftest import T0, minutes


def chart(session, nurse, minute, **values):
    moment = T0 + minutes(minute)
    if "systolic" in values:
        values.setdefault("diastolic", 60)
    return services.record_vitals(session=session, values=values, by=nurse, measured_at=moment, now=moment)


@pytest.fixture
def sbp_high(site_a):
    return factories.AlertRuleFactory(
        site=site_a, name="SBP high", metric="systolic", comparator="gt", threshold=Decimal("160"), severity="critical"
    )


@pytest.fixture
def sbp_low(site_a):
    return factories.AlertRuleFactory(
        site=site_a, name="SBP low", metric="systolic", comparator="lt", threshold=Decimal("90"), severity="critical"
    )


def snooze(alert, by, minute, *, length=10, reason="Cuff repositioned, recheck"):
    return services.snooze_alert(alert=alert, by=by, minutes=length, reason=reason, now=T0 + minutes(minute))


def test_a_snooze_needs_a_reason_and_a_length_within_the_limit(infusing_session, nurse_a, sbp_high, settings):
    settings.ALERT_SNOOZE_MAX_MINUTES = 15
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    with pytest.raises(ValidationError) as refused:
        services.snooze_alert(alert=alert, by=nurse_a, minutes=16, reason=" ", now=T0 + minutes(21))
    assert set(refused.value.message_dict) == {"minutes", "reason"}
    alert.refresh_from_db()
    assert alert.snoozed_until is None


def test_another_sites_nurse_cannot_snooze(infusing_session, nurse_a, nurse_b, sbp_high):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    with pytest.raises(PermissionDenied):
        snooze(alert, nurse_b, 21)


def test_a_snoozed_alert_leaves_the_banner_and_comes_back_when_the_breach_persists(
    infusing_session, nurse_a, physician_a, sbp_high
):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    snooze(alert, nurse_a, 21)
    assert Alert.objects.snoozed(T0 + minutes(25)).get() == alert
    chart(infusing_session, nurse_a, 25, systolic=172)
    assert infusing_session.alerts.count() == 1, "a breach while snoozed is the same alert, not a new one"
    assert alert not in Alert.objects.not_snoozed(T0 + minutes(30))
    assert alert in Alert.objects.open().not_snoozed(T0 + minutes(31))
    alert.refresh_from_db()
    assert (alert.snoozed_by, alert.snooze_reason) == (nurse_a, "Cuff repositioned, recheck")
    assert alert.history.latest().history_user == nurse_a


def test_snoozing_high_still_lets_low_through(infusing_session, nurse_a, sbp_high, sbp_low):
    high = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    snooze(high, nurse_a, 21)
    low = chart(infusing_session, nurse_a, 24, systolic=85).raised
    assert [alert.rule for alert in low] == [sbp_low]
    assert low[0].snoozed_until is None


def test_the_banner_hides_a_snoozed_alert_until_it_ends(infusing_session, nurse_a, physician_a, sbp_high, time_machine):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    snooze(alert, nurse_a, 21, length=5)
    time_machine.move_to(T0 + minutes(23))
    assert critical_banner(physician_a).count == 0
    time_machine.move_to(T0 + minutes(27))
    assert critical_banner(physician_a).alerts == [alert]


def test_an_acknowledged_alert_is_not_raised_again_in_the_same_episode(
    infusing_session, nurse_a, physician_a, sbp_high
):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    services.acknowledge_alert(alert=alert, by=physician_a, now=T0 + minutes(21))
    assert chart(infusing_session, nurse_a, 25, systolic=175).raised == []
    assert chart(infusing_session, nurse_a, 30, systolic=130).resolved == [alert]
    again = chart(infusing_session, nurse_a, 35, systolic=171).raised
    assert len(again) == 1 and again[0] != alert, "back in range, then out again, is a new episode"


def test_a_pre_check_rule_is_not_raised_again_after_its_phase_ends(session_a, nurse_a, site_a):
    factories.AlertRuleFactory(
        site=site_a,
        metric="systolic",
        comparator="gt",
        threshold=Decimal("140"),
        severity="warning",
        phases=["pre_check"],
    )
    assert len(chart(session_a, nurse_a, 2, systolic=150).raised) == 1
    services.record_event(
        session=session_a, by=nurse_a, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(10)
    )
    assert len(chart(session_a, nurse_a, 15, systolic=125).resolved) == 1
    for minute in (20, 25, 30):
        recorded = chart(session_a, nurse_a, minute, systolic=126)
        assert (recorded.raised, recorded.resolved) == ([], [])
    assert session_a.alerts.count() == 1


def test_an_unacknowledged_critical_alert_escalates_after_the_wait(infusing_session, nurse_a, sbp_high, settings):
    settings.ALERT_ESCALATION_MINUTES = 3
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    assert services.escalate_alerts(now=T0 + minutes(22)) == []
    assert services.escalate_alerts(now=T0 + minutes(23)) == [alert]
    alert.refresh_from_db()
    assert alert.escalated_at == T0 + minutes(23)


def test_a_late_or_repeated_check_escalates_once(infusing_session, nurse_a, sbp_high):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    assert services.escalate_alerts(now=T0 + minutes(50)) == [alert]
    assert services.escalate_alerts(now=T0 + minutes(51)) == []


def test_acknowledged_snoozed_and_warning_alerts_do_not_escalate(infusing_session, nurse_a, physician_a, site_a):
    factories.AlertRuleFactory(
        site=site_a, metric="heart_rate", comparator="gt", threshold=Decimal("100"), severity="warning"
    )
    critical = factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("160"))
    snoozed_rule = factories.AlertRuleFactory(site=site_a, metric="spo2", comparator="lt", threshold=Decimal("92"))
    raised = {a.rule: a for a in chart(infusing_session, nurse_a, 20, systolic=170, heart_rate=110, spo2=90).raised}
    services.acknowledge_alert(alert=raised[critical], by=physician_a, now=T0 + minutes(21))
    snooze(raised[snoozed_rule], nurse_a, 21, length=15)
    assert services.escalate_alerts(now=T0 + minutes(30)) == []
    assert services.escalate_alerts(now=T0 + minutes(39)) == [raised[snoozed_rule]], "waits again once back"


def test_an_escalated_alert_cannot_be_snoozed(infusing_session, nurse_a, sbp_high):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    services.escalate_alerts(now=T0 + minutes(24))
    with pytest.raises(ValidationError):
        snooze(alert, nurse_a, 25)


def test_an_overdue_reading_escalates_after_the_longer_wait(infusing_session, settings):
    settings.OVERDUE_ESCALATION_MINUTES = 10
    overdue = services.alert_overdue_readings(now=T0 + minutes(40))
    assert len(overdue) == 1
    assert services.escalate_alerts(now=T0 + minutes(45)) == []
    assert services.escalate_alerts(now=T0 + minutes(50)) == overdue


def test_the_periodic_check_raises_overdue_alerts_and_escalates(infusing_session, nurse_a, sbp_high, time_machine):
    alert = chart(infusing_session, nurse_a, 20, systolic=170).raised[0]
    time_machine.move_to(T0 + minutes(45), tick=False)
    tasks.check_alerts()
    alert.refresh_from_db()
    assert alert.escalated_at == T0 + minutes(45)
    assert infusing_session.alerts.filter(kind=Alert.Kind.OVERDUE).count() == 1
