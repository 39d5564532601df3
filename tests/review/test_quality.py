"""The quality report's arithmetic (sessions/quality.py), on plain rows."""

import datetime

from sessions.clinical.quality import AlertRow, build_report, csv_rows

T = datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC)


def alert(rule="SBP above 180", severity="critical", kind="rule", waited=None):
    acknowledged = T + datetime.timedelta(minutes=waited) if waited is not None else None
    return AlertRow(rule, severity, kind, T, acknowledged)


def report(**overrides):
    values = {"sessions": 20, "overrides": 0, "alerts": [], "readings": 0, "late_readings": 0, "side_effects": []}
    return build_report(**{**values, **overrides})


def test_it_gives_alerts_per_100_sessions_by_rule_and_severity():
    result = report(
        alerts=[alert(), alert(), alert("SpO2 below 92", "warning"), alert("Reading overdue", "warning", "overdue")]
    )

    assert [(r.rule, r.severity, r.count, r.per_100_sessions) for r in result.alert_rates] == [
        ("SBP above 180", "critical", 2, 10.0),
        ("SpO2 below 92", "warning", 1, 5.0),
        ("Reading overdue", "warning", 1, 5.0),
    ]
    assert [(r.severity, r.count, r.per_100_sessions) for r in result.severity_rates] == [
        ("critical", 2, 10.0),
        ("warning", 2, 10.0),
    ]


def test_the_median_time_to_acknowledge_leaves_out_unacknowledged_alerts():
    result = report(alerts=[alert(waited=2), alert(waited=10), alert(waited=3), alert()])

    assert result.median_minutes_to_acknowledge == 3.0
    assert (result.acknowledged, result.alerts) == (3, 4)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert report(alerts=[alert(waited=2), alert(waited=5)]).median_minutes_to_acknowledge == 3.5


def test_late_and_overdue_shares():
    result = report(readings=40, late_readings=3, alerts=[alert("Reading overdue", "warning", "overdue")] * 10)

    assert result.late_percent == 7.5
    assert (result.overdue_readings, result.overdue_percent) == (10, 20.0)


def test_a_side_effect_counts_once_per_session():
    result = report(sessions=4, side_effects=[(1, "Nausea"), (1, "Nausea"), (2, "Nausea"), (2, "Dizziness")])

    assert [(f.label, f.sessions, f.percent) for f in result.side_effects] == [
        ("Nausea", 2, 50.0),
        ("Dizziness", 1, 25.0),
    ]


def test_overrides_are_a_share_of_sessions():
    assert report(sessions=8, overrides=2).override_percent == 25.0


def test_no_sessions_means_no_data_rather_than_zero():
    result = report(sessions=0)

    assert (result.late_percent, result.overdue_percent, result.override_percent) == (None, None, None)
    assert result.median_minutes_to_acknowledge is None


def test_the_csv_rows_carry_every_figure():
    rows = csv_rows(report(sessions=10, overrides=1, alerts=[alert(waited=4)], readings=10, late_readings=1))

    assert ["Alerts by rule", "SBP above 180", "critical", 1, 10.0, "per 100 sessions"] in rows
    assert ["Acknowledgement", "Median time to acknowledge", "", 1, 4.0, "minutes"] in rows
    assert ["Discharge", "Needed a physician override", "", 1, 10.0, "% of sessions"] in rows
