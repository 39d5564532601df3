"""The alert-rule engine, judged through `record_vitals`: what raises an alert, what does not,
which rule wins when several scopes set a limit, and how an alert resolves."""

from decimal import Decimal

import pytest

from sessions import services
from sessions.models import Alert
from tests import factories
from tests.conftest import T0, minutes


def chart(session, nurse, at, **values):
    """Record a reading measured and entered at T0 + `at` minutes."""
    return services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(at)
    )


def bp(systolic, diastolic=70, **more):
    return {"systolic": systolic, "diastolic": diastolic, **more}


def start_infusion(session, nurse, at):
    services.record_event(session=session, by=nurse, kind="started", occurred_at=T0 + minutes(at), now=T0 + minutes(at))
    session.refresh_from_db()


def stop_infusion(session, nurse, at):
    services.record_event(session=session, by=nurse, kind="stopped", occurred_at=T0 + minutes(at), now=T0 + minutes(at))
    session.refresh_from_db()


def rule(site, **kwargs):
    kwargs.setdefault("metric", "heart_rate")
    kwargs.setdefault("comparator", "gt")
    kwargs.setdefault("threshold", Decimal("100"))
    kwargs.setdefault("severity", "warning")
    return factories.AlertRuleFactory(site=site, **kwargs)


# --- absolute thresholds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "threshold", "value", "alerts"),
    [
        ("gt", 100, 100, False),
        ("gt", 100, 101, True),
        ("gte", 100, 99, False),
        ("gte", 100, 100, True),
        ("lt", 50, 50, False),
        ("lt", 50, 49, True),
        ("lte", 50, 51, False),
        ("lte", 50, 50, True),
    ],
)
def test_an_absolute_rule_alerts_exactly_from_its_boundary(
    session_a, nurse_a, site_a, comparator, threshold, value, alerts
):
    rule(site_a, comparator=comparator, threshold=Decimal(threshold))
    recorded = chart(session_a, nurse_a, 1, heart_rate=value)
    assert bool(recorded.raised) is alerts
    assert Alert.objects.filter(session=session_a).count() == int(alerts)


def test_an_absolute_rule_applies_before_the_infusion_starts(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    recorded = chart(session_a, nurse_a, 1, **bp(185))
    assert len(recorded.raised) == 1
    assert recorded.raised[0].reading.phase == "pre_check"


def test_a_reading_without_the_metric_is_not_judged_by_its_rule(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    recorded = chart(session_a, nurse_a, 1, heart_rate=140)
    assert recorded.raised == []


def test_a_temperature_rule_judges_fahrenheit_readings_in_celsius(session_a, nurse_a, site_a):
    rule(site_a, metric="temperature_c", comparator="gte", threshold=Decimal("38.5"))
    assert chart(session_a, nurse_a, 1, temperature_value="101.2", temperature_unit="F").raised == []  # 38.44 °C
    raised = chart(session_a, nurse_a, 2, temperature_value="101.3", temperature_unit="F").raised  # 38.50 °C
    assert len(raised) == 1
    assert raised[0].value == Decimal("38.50")


# --- change from baseline ------------------------------------------------------------------------


def test_a_rise_in_units_alerts_from_the_threshold(infusing_session, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    assert chart(infusing_session, nurse_a, 20, **bp(159)).raised == []  # baseline 120: +39
    raised = chart(infusing_session, nurse_a, 30, **bp(160)).raised  # +40
    assert len(raised) == 1
    assert raised[0].value == Decimal("160")


def test_a_rise_in_percent_alerts_only_above_the_threshold(infusing_session, nurse_a, site_a):
    rule(site_a, metric="heart_rate", reference="baseline_percent", comparator="gt", threshold=Decimal("25"))
    assert chart(infusing_session, nurse_a, 20, heart_rate=90).raised == []  # baseline 72: exactly +25%
    assert len(chart(infusing_session, nurse_a, 30, heart_rate=91).raised) == 1  # +26.4%


def test_a_fall_in_percent_alerts_below_a_negative_threshold(infusing_session, nurse_a, site_a):
    rule(site_a, metric="spo2", reference="baseline_percent", comparator="lt", threshold=Decimal("-5"))
    assert chart(infusing_session, nurse_a, 20, spo2=94).raised == []  # baseline 98: -4.1%
    assert len(chart(infusing_session, nurse_a, 30, spo2=93).raised) == 1  # -5.1%


def test_a_baseline_rule_does_not_alert_before_the_infusion_starts(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    chart(session_a, nurse_a, 1, **bp(120))
    assert chart(session_a, nurse_a, 5, **bp(200)).raised == []


def test_a_baseline_rule_does_not_alert_without_a_baseline(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    start_infusion(session_a, nurse_a, 2)
    assert chart(session_a, nurse_a, 12, **bp(220)).raised == []
    assert not Alert.objects.exists()


def test_the_baseline_is_the_last_reading_before_the_infusion(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    chart(session_a, nurse_a, 1, **bp(120))
    chart(session_a, nurse_a, 5, **bp(150))
    start_infusion(session_a, nurse_a, 10)
    assert chart(session_a, nurse_a, 20, **bp(165)).raised == []  # +15 over 150, not +45 over 120
    assert len(chart(session_a, nurse_a, 30, **bp(190)).raised) == 1


def test_the_baseline_skips_earlier_readings_without_the_metric(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    chart(session_a, nurse_a, 1, **bp(120))
    chart(session_a, nurse_a, 5, heart_rate=70)
    start_infusion(session_a, nurse_a, 10)
    assert len(chart(session_a, nurse_a, 20, **bp(160)).raised) == 1


def test_a_baseline_reading_entered_in_error_is_not_the_baseline(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    chart(session_a, nurse_a, 1, **bp(120))
    slip = chart(session_a, nurse_a, 5, **bp(200)).reading
    services.correct_reading(reading=slip, reason="Typed 200 for 120", by=nurse_a, now=T0 + minutes(6))
    start_infusion(session_a, nurse_a, 10)
    assert len(chart(session_a, nurse_a, 20, **bp(165)).raised) == 1  # judged against 120


def test_the_alert_message_names_the_value_and_the_baseline(infusing_session, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    alert = chart(infusing_session, nurse_a, 30, **bp(165)).raised[0]
    assert alert.message.startswith("Systolic BP 165 (+45 from baseline 120): ")
    assert "change from baseline ≥ 40" in alert.message


def test_an_absolute_alert_message_names_the_value_and_the_rules_own_message(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"), message="Call the physician")
    alert = chart(session_a, nurse_a, 1, **bp(185)).raised[0]
    assert alert.message == "Systolic BP 185: Call the physician"


# --- sustained -----------------------------------------------------------------------------------


def test_sustained_rule_needs_two_readings(session_a, nurse_a, site_a):
    rule(site_a, sustained_readings=2)
    assert chart(session_a, nurse_a, 1, heart_rate=110).raised == []
    raised = chart(session_a, nurse_a, 2, heart_rate=112).raised
    assert len(raised) == 1
    assert raised[0].value == 112


def test_a_reading_back_in_range_resets_a_sustained_count(session_a, nurse_a, site_a):
    rule(site_a, sustained_readings=2)
    chart(session_a, nurse_a, 1, heart_rate=110)
    chart(session_a, nurse_a, 2, heart_rate=90)
    assert chart(session_a, nurse_a, 3, heart_rate=110).raised == []
    assert len(chart(session_a, nurse_a, 4, heart_rate=115).raised) == 1


def test_readings_without_the_metric_do_not_break_a_sustained_streak(session_a, nurse_a, site_a):
    rule(site_a, sustained_readings=2)
    chart(session_a, nurse_a, 1, heart_rate=110)
    chart(session_a, nurse_a, 2, spo2=97)
    assert len(chart(session_a, nurse_a, 3, heart_rate=112).raised) == 1


def test_a_sustained_breach_is_judged_in_clinical_order_not_entry_order(session_a, nurse_a, site_a):
    rule(site_a, sustained_readings=2)
    chart(session_a, nurse_a, 10, heart_rate=110)
    late = services.record_vitals(
        session=session_a, values={"heart_rate": 80}, by=nurse_a, measured_at=T0 + minutes(5), now=T0 + minutes(11)
    )
    assert late.raised == []  # the back-timed 80 came before the 110; the latest two are 80, 110
    assert len(chart(session_a, nurse_a, 15, heart_rate=120).raised) == 1


def test_a_baseline_sustained_rule_counts_only_readings_since_the_infusion_started(session_a, nurse_a, site_a):
    rule(site_a, metric="heart_rate", reference="baseline_units", comparator="gte", threshold=20, sustained_readings=2)
    chart(session_a, nurse_a, 1, heart_rate=70)
    start_infusion(session_a, nurse_a, 10)
    assert chart(session_a, nurse_a, 20, heart_rate=95).raised == []
    assert len(chart(session_a, nurse_a, 30, heart_rate=95).raised) == 1


# --- phases --------------------------------------------------------------------------------------


def test_a_rule_limited_to_observation_ignores_infusion_readings(infusing_session, nurse_a, site_a):
    rule(site_a, phases=["observation"])
    assert chart(infusing_session, nurse_a, 20, heart_rate=120).raised == []
    stop_infusion(infusing_session, nurse_a, 50)
    raised = chart(infusing_session, nurse_a, 55, heart_rate=120).raised
    assert len(raised) == 1
    assert raised[0].reading.phase == "observation"


def test_a_sustained_phase_rule_counts_only_readings_in_its_phases(infusing_session, nurse_a, site_a):
    rule(site_a, phases=["observation"], sustained_readings=2)
    chart(infusing_session, nurse_a, 45, heart_rate=120)
    stop_infusion(infusing_session, nurse_a, 50)
    assert chart(infusing_session, nurse_a, 55, heart_rate=120).raised == []
    assert len(chart(infusing_session, nurse_a, 65, heart_rate=120).raised) == 1


def test_a_rule_for_several_phases_applies_in_each(infusing_session, nurse_a, site_a):
    rule(site_a, phases=["pre_check", "infusion"])
    assert len(chart(infusing_session, nurse_a, 20, heart_rate=120).raised) == 1


def test_a_reading_back_timed_into_the_infusion_counts_as_infusion(session_a, nurse_a, site_a):
    rule(site_a, phases=["infusion"])
    chart(session_a, nurse_a, 5, heart_rate=72)
    chart(session_a, nurse_a, 15, heart_rate=120)  # the infusion was running, but is charted below
    services.record_event(
        session=session_a, by=nurse_a, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(16)
    )
    assert list(session_a.readings.values_list("phase", flat=True)) == ["pre_check", "infusion"]
    alert = Alert.objects.get()  # judged again when the event moved the reading into the infusion
    assert (alert.value, alert.raised_at) == (120, T0 + minutes(16))
    assert chart(session_a, nurse_a, 20, heart_rate=125).raised == []


def test_a_back_timed_start_judges_readings_already_charted_against_the_baseline(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40"))
    chart(session_a, nurse_a, 5, **bp(120))
    chart(session_a, nurse_a, 15, **bp(165))
    services.record_event(
        session=session_a, by=nurse_a, kind="started", occurred_at=T0 + minutes(10), now=T0 + minutes(16)
    )
    assert Alert.objects.get().value == 165


# --- NEWS2 ---------------------------------------------------------------------------------------


def test_news2_works_as_a_metric(session_a, nurse_a, site_a):
    rule(site_a, metric="news2", comparator="gte", threshold=Decimal("5"))
    assert chart(session_a, nurse_a, 1, respiratory_rate=24, spo2=93).raised == []  # 2 + 2
    alert = chart(session_a, nurse_a, 2, respiratory_rate=25, spo2=93).raised[0]  # 3 + 2
    assert alert.value == 5
    assert alert.message.startswith("NEWS2 score 5: ")


def test_a_reading_without_any_news2_parameter_neither_resolves_nor_resets_a_news2_rule(session_a, nurse_a, site_a):
    rule(site_a, metric="news2", comparator="gte", threshold=Decimal("5"))
    alert = chart(session_a, nurse_a, 1, respiratory_rate=25, spo2=93).raised[0]
    recorded = chart(session_a, nurse_a, 2, pain=3, sedation_moaas=5)
    assert recorded.resolved == []
    alert.refresh_from_db()
    assert alert.is_open


# --- scope ---------------------------------------------------------------------------------------


def test_a_protocol_rule_replaces_the_site_rule(session_a, nurse_a, site_a, iv_protocol):
    rule(site_a, metric="systolic", threshold=Decimal("140"))
    protocol_rule = rule(site_a, metric="systolic", threshold=Decimal("160"), protocol=iv_protocol)
    assert chart(session_a, nurse_a, 1, **bp(150)).raised == []
    raised = chart(session_a, nurse_a, 2, **bp(165)).raised
    assert [alert.rule for alert in raised] == [protocol_rule]


def test_a_patient_rule_replaces_the_protocol_and_site_rules(session_a, nurse_a, site_a, iv_protocol, patient_a):
    rule(site_a, metric="systolic", threshold=Decimal("140"))
    rule(site_a, metric="systolic", threshold=Decimal("150"), protocol=iv_protocol)
    patient_rule = rule(
        site_a, metric="systolic", threshold=Decimal("170"), patient=patient_a, patient_reason="Runs high"
    )
    assert chart(session_a, nurse_a, 1, **bp(165)).raised == []
    raised = chart(session_a, nurse_a, 2, **bp(175)).raised
    assert [alert.rule for alert in raised] == [patient_rule]


def test_a_narrower_rule_for_one_direction_leaves_the_other_direction(session_a, nurse_a, site_a, patient_a):
    low = rule(site_a, metric="systolic", comparator="lt", threshold=Decimal("90"))
    rule(site_a, metric="systolic", comparator="gt", threshold=Decimal("140"))
    rule(site_a, metric="systolic", comparator="gt", threshold=Decimal("170"), patient=patient_a, patient_reason="x")
    assert chart(session_a, nurse_a, 1, **bp(150)).raised == []
    raised = chart(session_a, nurse_a, 2, **bp(85, 50)).raised
    assert [alert.rule for alert in raised] == [low]


def test_an_absolute_rule_does_not_replace_a_baseline_rule(infusing_session, nurse_a, site_a, patient_a):
    baseline_rule = rule(site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=40)
    rule(site_a, metric="systolic", threshold=Decimal("200"), patient=patient_a, patient_reason="x")
    raised = chart(infusing_session, nurse_a, 20, **bp(165)).raised
    assert [alert.rule for alert in raised] == [baseline_rule]


def test_another_protocols_rule_does_not_replace_the_site_rule(session_a, nurse_a, site_a, esketamine_protocol):
    site_rule = rule(site_a, metric="systolic", threshold=Decimal("140"))
    rule(site_a, metric="systolic", threshold=Decimal("160"), protocol=esketamine_protocol)
    raised = chart(session_a, nurse_a, 1, **bp(150)).raised
    assert [alert.rule for alert in raised] == [site_rule]


def test_another_patients_rule_neither_applies_nor_replaces(session_a, nurse_a, site_a):
    other = factories.PatientFactory(site=site_a)
    site_rule = rule(site_a, metric="systolic", threshold=Decimal("140"))
    rule(site_a, metric="systolic", threshold=Decimal("100"), patient=other, patient_reason="x")
    raised = chart(session_a, nurse_a, 1, **bp(130)).raised
    assert raised == []
    raised = chart(session_a, nurse_a, 2, **bp(150)).raised
    assert [alert.rule for alert in raised] == [site_rule]


def test_inactive_rules_are_ignored(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("140"), active=False)
    assert chart(session_a, nurse_a, 1, **bp(200)).raised == []


def test_an_inactive_narrower_rule_does_not_replace_the_site_rule(session_a, nurse_a, site_a, patient_a):
    site_rule = rule(site_a, metric="systolic", threshold=Decimal("140"))
    rule(site_a, metric="systolic", threshold=Decimal("170"), patient=patient_a, patient_reason="x", active=False)
    raised = chart(session_a, nurse_a, 1, **bp(150)).raised
    assert [alert.rule for alert in raised] == [site_rule]


def test_other_sites_rules_are_never_applied(session_a, nurse_a, site_b):
    rule(site_b, metric="systolic", threshold=Decimal("100"))
    assert chart(session_a, nurse_a, 1, **bp(200)).raised == []
    assert not Alert.objects.exists()


# --- life of an alert ----------------------------------------------------------------------------


def test_a_breach_raises_an_alert_carrying_the_rule_and_reading(session_a, nurse_a, site_a):
    limit = rule(site_a, metric="systolic", threshold=Decimal("180"), severity="critical")
    recorded = chart(session_a, nurse_a, 1, **bp(190))
    alert = Alert.objects.get()
    assert recorded.raised == [alert]
    assert (alert.kind, alert.rule, alert.reading, alert.site) == ("rule", limit, recorded.reading, session_a.site)
    assert (alert.value, alert.severity, alert.raised_at) == (Decimal("190"), "critical", T0 + minutes(1))
    assert alert.is_open
    assert alert.acknowledged_at is None


def test_an_open_alert_is_not_duplicated_by_a_second_breaching_reading(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    first = chart(session_a, nurse_a, 1, **bp(190)).raised[0]
    second = chart(session_a, nurse_a, 2, **bp(195))
    assert second.raised == []
    assert list(Alert.objects.all()) == [first]


def test_each_breached_rule_raises_its_own_alert(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    rule(site_a, metric="heart_rate", threshold=Decimal("100"))
    assert len(chart(session_a, nurse_a, 1, **bp(190, heart_rate=110)).raised) == 2


def test_a_reading_back_in_range_resolves_the_alert_and_keeps_it(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    alert = chart(session_a, nurse_a, 1, **bp(190)).raised[0]
    recorded = chart(session_a, nurse_a, 7, **bp(150))
    assert recorded.resolved == [alert]
    alert.refresh_from_db()
    assert alert.resolved_at == T0 + minutes(7)
    assert alert.resolved_reason == "Back in range"
    assert Alert.objects.count() == 1


def test_a_reading_without_the_metric_does_not_resolve_the_alert(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    alert = chart(session_a, nurse_a, 1, **bp(190)).raised[0]
    assert chart(session_a, nurse_a, 2, heart_rate=70).resolved == []
    alert.refresh_from_db()
    assert alert.is_open


def test_a_new_breach_after_resolution_raises_a_new_alert(session_a, nurse_a, site_a):
    rule(site_a, metric="systolic", threshold=Decimal("180"))
    first = chart(session_a, nurse_a, 1, **bp(190)).raised[0]
    chart(session_a, nurse_a, 2, **bp(150))
    second = chart(session_a, nurse_a, 3, **bp(200)).raised[0]
    assert second.pk != first.pk
    assert list(Alert.objects.open()) == [second]
    assert Alert.objects.count() == 2


def test_an_alert_keeps_a_snapshot_of_its_rule_after_the_rule_is_edited(session_a, nurse_a, site_a):
    limit = rule(site_a, name="SBP high", metric="systolic", threshold=Decimal("180"), severity="critical")
    alert = chart(session_a, nurse_a, 1, **bp(190)).raised[0]
    limit.threshold = Decimal("200")
    limit.name = "SBP very high"
    limit.severity = "info"
    limit.save()
    alert.refresh_from_db()
    snapshot = alert.rule_snapshot
    assert (snapshot["rule_id"], snapshot["name"], snapshot["severity"]) == (limit.pk, "SBP high", "critical")
    assert (snapshot["metric"], snapshot["comparator"], snapshot["reference"]) == ("systolic", "gt", "absolute")
    assert Decimal(snapshot["threshold"]) == Decimal("180")
    assert alert.severity == "critical"
