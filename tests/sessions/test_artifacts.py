"""Marking a reading, or one of its values, as an artifact: kept and shown, left out of rules,
NEWS2 and the backtest, and recorded (who, when, why)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sessions import selectors, services
from sessions.clinical import backtest
from sessions.models import ReadingArtifact
from tests import factories
from tests.conftest import T0, minutes


def chart(session, nurse, minute, **options):
    values = options.pop("values")
    moment = T0 + minutes(minute)
    return services.record_vitals(session=session, values=values, by=nurse, measured_at=moment, now=moment, **options)


@pytest.fixture
def spo2_low(site_a):
    return factories.AlertRuleFactory(
        site=site_a, name="SpO2 low", metric="spo2", comparator="lt", threshold=Decimal("90"), severity="critical"
    )


def test_a_value_marked_at_entry_raises_no_alert_and_is_kept(infusing_session, nurse_a, spo2_low):
    recorded = chart(
        infusing_session,
        nurse_a,
        20,
        values={"spo2": 82, "heart_rate": 80},
        artifact_reason="Probe slipped",
        artifact_fields=["spo2"],
    )
    assert recorded.raised == []
    recorded.reading.refresh_from_db()
    assert recorded.reading.spo2 == 82
    mark = recorded.reading.artifacts.get()
    assert (mark.fields, mark.reason, mark.marked_by) == (["spo2"], "Probe slipped", nurse_a)


def test_marking_later_resolves_the_alert_it_raised_and_says_so(infusing_session, nurse_a, spo2_low):
    recorded = chart(infusing_session, nurse_a, 20, values={"spo2": 82})
    [alert] = recorded.raised
    services.mark_artifact(
        reading=recorded.reading, fields=["spo2"], reason="Patient moving", by=nurse_a, now=T0 + minutes(22)
    )
    alert.refresh_from_db()
    assert alert.resolved_reason == "Its reading was marked as an artifact"
    assert alert.reading.artifacts.exists()
    assert infusing_session.alerts.count() == 1


def test_marking_another_value_leaves_the_alert_open(infusing_session, nurse_a, spo2_low):
    recorded = chart(infusing_session, nurse_a, 20, values={"spo2": 82, "heart_rate": 150})
    services.mark_artifact(
        reading=recorded.reading, fields=["heart_rate"], reason="Shivering", by=nurse_a, now=T0 + minutes(22)
    )
    assert recorded.raised[0].is_open


def test_a_marked_whole_reading_is_left_out_of_news2_and_earlier_values_carry(infusing_session, nurse_a):
    recorded = chart(infusing_session, nurse_a, 20, values={"respiratory_rate": 30, "spo2": 85})
    services.mark_artifact(reading=recorded.reading, reason="Coughing", by=nurse_a, now=T0 + minutes(21))
    scored = selectors.news2_for_readings([recorded.reading])[recorded.reading.pk]
    assert {carried.parameter for carried in scored.carried} >= {"respiratory_rate", "spo2"}
    assert scored.parameter_scores["respiratory_rate"] == 0  # the baseline's 14, not the artifact's 30


def test_a_marking_needs_a_reason_and_a_value_the_reading_has(infusing_session, nurse_a):
    reading = infusing_session.readings.get()
    with pytest.raises(ValidationError) as refused:
        services.mark_artifact(reading=reading, fields=["etco2"], reason=" ", by=nurse_a, now=T0 + minutes(12))
    assert set(refused.value.message_dict) == {"reason", "fields"}
    assert not ReadingArtifact.objects.exists()


def test_another_sites_nurse_cannot_mark(infusing_session, nurse_b):
    with pytest.raises(PermissionDenied):
        services.mark_artifact(reading=infusing_session.readings.get(), reason="x", by=nurse_b, now=T0 + minutes(12))


def test_the_backtest_leaves_artifacts_out(infusing_session, nurse_a, site_a, spo2_low):
    recorded = chart(infusing_session, nurse_a, 20, values={"spo2": 82})
    draft = factories.AlertRuleFactory.build(site=site_a, metric="spo2", comparator="lt", threshold=Decimal("90"))
    period = {"start": T0 - minutes(60), "end": T0 + minutes(600)}
    assert backtest.backtest_rule(draft, **period).draft.alerts == 1
    services.mark_artifact(reading=recorded.reading, fields=["spo2"], reason="Probe", by=nurse_a, now=T0 + minutes(22))
    assert backtest.backtest_rule(draft, **period).draft.alerts == 0
