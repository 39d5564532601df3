"""The backtest replays stored readings through the live engine: its counts equal a hand-worked
fixture and what live evaluation raised on the same readings, and it raises nothing itself."""

from decimal import Decimal

from sessions.clinical.backtest import backtest_rule, replay
from sessions.models import Alert, AlertRule
from tests import factories
from tests.conftest import T0

from .conftest import PERIOD, day, rise_rule


def test_it_counts_what_the_hand_worked_course_raises(site_a, charted_course):
    rule = rise_rule(site_a)
    result = backtest_rule(rule, **PERIOD)
    assert (result.draft.alerts, result.draft.sessions, result.draft.patients) == (3, 2, 1)
    assert result.sessions_checked == 3


def test_it_equals_what_live_evaluation_raised(site_a, two_patients, chart_session):
    from .conftest import COURSE

    rule = rise_rule(site_a)  # in force while the course is charted: live evaluation raises alerts
    for who, days, base, during in COURSE:
        chart_session(two_patients[who], days=days, baseline=base, during=during)
    live = Alert.objects.filter(rule=rule)
    result = backtest_rule(rule, **PERIOD)
    assert result.draft.alerts == live.count() == 3
    assert result.draft.session_ids == set(live.values_list("session_id", flat=True))
    assert result.recorded is None  # no "current" rule given


def test_it_raises_no_alerts(site_a, charted_course):
    rule = rise_rule(site_a)
    backtest_rule(rule, **PERIOD)
    assert not Alert.objects.exists()


def test_a_draft_is_compared_with_the_saved_rule(site_a, charted_course):
    saved = rise_rule(site_a)
    draft = AlertRule.objects.get(pk=saved.pk)
    draft.threshold = Decimal("30")
    result = backtest_rule(draft, current=saved, **PERIOD)
    assert (result.draft.alerts, result.draft.sessions, result.draft.patients) == (4, 3, 2)
    assert (result.current.alerts, result.current.sessions) == (3, 2)
    assert result.recorded == 0  # the saved rule was created after the course was charted
    saved.refresh_from_db()
    assert saved.threshold == Decimal("40")


def test_it_lists_the_busiest_sessions_as_examples(site_a, charted_course):
    result = backtest_rule(rise_rule(site_a), **PERIOD)
    assert [(session.pk, count) for session, count in result.examples] == [
        (charted_course[0].pk, 2),
        (charted_course[2].pk, 1),
    ]


def test_it_only_replays_sessions_in_the_period(site_a, charted_course):
    result = backtest_rule(rise_rule(site_a), start=T0 + day(1), end=T0 + day(30))
    assert (result.draft.alerts, result.sessions_checked) == (1, 2)


def test_it_ignores_other_sites_sessions(site_a, site_b, charted_course):
    result = backtest_rule(rise_rule(site_b), **PERIOD)
    assert (result.draft.alerts, result.sessions_checked) == (0, 0)


def test_a_patient_rule_replays_only_that_patients_sessions(site_a, charted_course, two_patients):
    rule = rise_rule(site_a, patient=two_patients["second"], patient_reason="Labile BP", threshold=Decimal("30"))
    result = backtest_rule(rule, **PERIOD)
    assert (result.draft.alerts, result.sessions_checked) == (1, 1)


def test_a_narrower_rule_in_force_keeps_the_draft_off_that_patients_sessions(site_a, charted_course, two_patients):
    rise_rule(site_a, name="Own limit", patient=two_patients["first"], patient_reason="Known hypertensive")
    result = backtest_rule(rise_rule(site_a, threshold=Decimal("30")), **PERIOD)
    assert (result.draft.alerts, result.draft.patients) == (1, 1)  # only the second patient's session


def test_a_medication_class_rule_replays_only_patients_taking_that_class(site_a, charted_course, two_patients):
    maoi = factories.MedicationFactory(name="Phenelzine", drug_class="maoi")
    factories.PatientMedicationFactory(patient=two_patients["second"], medication=maoi)
    result = backtest_rule(rise_rule(site_a, threshold=Decimal("30"), medication_class="maoi"), **PERIOD)
    assert (result.draft.alerts, result.draft.patients) == (1, 1)


def test_a_disabled_rule_is_judged_as_if_it_were_in_force(site_a, charted_course):
    result = backtest_rule(rise_rule(site_a, active=False), **PERIOD)
    assert result.draft.alerts == 3


def test_replay_raises_again_after_a_reading_back_in_range(site_a, charted_course):
    rule = rise_rule(site_a)
    readings = list(charted_course[0].readings.valid().order_by("measured_at", "id"))
    raised = replay(rule, readings, charted_course[0].infusion_started_at)
    assert [reading.systolic for reading in raised] == [165, 170]


def test_a_pre_check_prompt_replays_as_live_evaluation_raised_it(site_a, patient_a, chart_session):
    rule = rise_rule(
        site_a,
        name="Pre-dose SBP",
        reference="absolute",
        comparator="gt",
        threshold=Decimal("140"),
        sustained_readings=1,
        phases=["pre_check"],
        severity="info",
    )
    chart_session(patient_a, baseline=150, during=(130, 135, 132))
    assert backtest_rule(rule, **PERIOD).draft.alerts == Alert.objects.filter(rule=rule).count() > 0
