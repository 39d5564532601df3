"""The clinic quality report's arithmetic, on plain rows (no queries here).

Definitions, so a clinic can compare periods and sites:
- alerts per 100 sessions: alerts raised on the period's sessions ÷ sessions × 100, by rule
  (its name when raised; "Reading overdue" for the schedule's alerts) and severity;
- time to acknowledge: acknowledged_at − raised_at over the acknowledged alerts, the median in
  minutes (unacknowledged alerts are counted, not guessed);
- readings entered late: valid readings flagged late ÷ valid readings;
- overdue readings: due times that passed without a reading (one overdue alert each) ÷ the
  readings charted plus those missed due times, i.e. the share of due readings that came late
  or never;
- side effects: the share of sessions with at least one valid report of the term;
- discharge overrides: sessions discharged on a physician's override ÷ sessions.
"""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
OVERDUE_RULE = "Reading overdue"


@dataclass(frozen=True)
class AlertRow:
    rule: str
    severity: str
    kind: str
    raised_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class AlertRate:
    rule: str
    severity: str
    count: int
    per_100_sessions: float


@dataclass(frozen=True)
class Frequency:
    label: str
    sessions: int
    percent: float


@dataclass(frozen=True)
class QualityReport:
    sessions: int
    alert_rates: tuple[AlertRate, ...]
    severity_rates: tuple[AlertRate, ...]  # rule is "All rules"
    alerts: int
    acknowledged: int
    median_minutes_to_acknowledge: float | None
    readings: int
    late_readings: int
    late_percent: float | None
    overdue_readings: int
    overdue_percent: float | None
    side_effects: tuple[Frequency, ...]
    overrides: int
    override_percent: float | None


def percent(part: int, whole: int) -> float | None:
    """None when there is nothing to divide by: 'no data' must not read as 0%."""
    return round(part * 100 / whole, 1) if whole else None


def per_100(count: int, sessions: int) -> float:
    return round(count * 100 / sessions, 1) if sessions else 0.0


def build_report(
    *,
    sessions: int,
    overrides: int,
    alerts: list[AlertRow],
    readings: int,
    late_readings: int,
    side_effects: list[tuple[int, str]],
) -> QualityReport:
    """`side_effects` holds (session id, term label) pairs; several reports in a session count once."""
    by_rule = Counter((alert.rule, alert.severity) for alert in alerts)
    by_severity = Counter(alert.severity for alert in alerts)
    waits = [
        (alert.acknowledged_at - alert.raised_at).total_seconds() / 60 for alert in alerts if alert.acknowledged_at
    ]
    overdue = sum(1 for alert in alerts if alert.kind == "overdue")
    sessions_with = Counter(label for _, label in set(side_effects))
    return QualityReport(
        sessions=sessions,
        alert_rates=tuple(
            AlertRate(rule, severity, count, per_100(count, sessions))
            for (rule, severity), count in sorted(
                by_rule.items(), key=lambda i: (SEVERITY_ORDER.get(i[0][1], 9), -i[1])
            )
        ),
        severity_rates=tuple(
            AlertRate("All rules", severity, by_severity[severity], per_100(by_severity[severity], sessions))
            for severity in SEVERITY_ORDER
            if by_severity[severity]
        ),
        alerts=len(alerts),
        acknowledged=len(waits),
        median_minutes_to_acknowledge=round(statistics.median(waits), 1) if waits else None,
        readings=readings,
        late_readings=late_readings,
        late_percent=percent(late_readings, readings),
        overdue_readings=overdue,
        overdue_percent=percent(overdue, readings + overdue),
        side_effects=tuple(
            Frequency(label, count, percent(count, sessions) or 0.0)
            for label, count in sorted(sessions_with.items(), key=lambda i: (-i[1], i[0]))
        ),
        overrides=overrides,
        override_percent=percent(overrides, sessions),
    )


def csv_rows(report: QualityReport) -> list[list]:
    """The report as (section, item, severity, count, rate, unit) rows, for the CSV download."""

    def blank(value):
        return "" if value is None else value

    rows = [
        ["Sessions", "Sessions", "", report.sessions, "", ""],
        ["Alerts", "All alerts", "", report.alerts, per_100(report.alerts, report.sessions), "per 100 sessions"],
    ]
    rows += [
        ["Alerts by severity", r.rule, r.severity, r.count, r.per_100_sessions, "per 100 sessions"]
        for r in report.severity_rates
    ]
    rows += [
        ["Alerts by rule", r.rule, r.severity, r.count, r.per_100_sessions, "per 100 sessions"]
        for r in report.alert_rates
    ]
    rows += [
        [
            "Acknowledgement",
            "Median time to acknowledge",
            "",
            report.acknowledged,
            blank(report.median_minutes_to_acknowledge),
            "minutes",
        ],
        ["Readings", "Entered late", "", report.late_readings, blank(report.late_percent), "% of readings"],
        ["Readings", "Overdue", "", report.overdue_readings, blank(report.overdue_percent), "% of due readings"],
        [
            "Discharge",
            "Needed a physician override",
            "",
            report.overrides,
            blank(report.override_percent),
            "% of sessions",
        ],
    ]
    rows += [["Side effects", f.label, "", f.sessions, f.percent, "% of sessions"] for f in report.side_effects]
    return rows
