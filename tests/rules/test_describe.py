"""A rule reads as a sentence a clinician would say."""

from decimal import Decimal

import pytest

from sessions.models import AlertRule


def rule(**kwargs):
    values = {"metric": "systolic", "comparator": "gt", "threshold": Decimal("180"), "severity": "critical"}
    values.update(kwargs)
    return AlertRule(**values)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {
                "reference": "baseline_units",
                "comparator": "gte",
                "threshold": Decimal("40"),
                "severity": "warning",
                "sustained_readings": 2,
                "phases": ["infusion", "observation"],
            },
            "Warn when systolic BP rises 40 mmHg or more above baseline, on 2 consecutive readings, "
            "during infusion and observation",
        ),
        ({}, "Raise a critical alert when systolic BP is above 180 mmHg"),
        (
            {"metric": "spo2", "comparator": "lt", "threshold": Decimal("92"), "severity": "warning"},
            "Warn when SpO2 is below 92%",
        ),
        (
            {"metric": "news2", "comparator": "gte", "threshold": Decimal("5"), "severity": "warning"},
            "Warn when NEWS2 is at or above 5",
        ),
        (
            {
                "metric": "heart_rate",
                "reference": "baseline_percent",
                "comparator": "lte",
                "threshold": Decimal("-20"),
                "severity": "info",
            },
            "Note when heart rate falls 20% or more below baseline",
        ),
        (
            {"phases": ["pre_check"], "severity": "info", "threshold": Decimal("140")},
            "Note when systolic BP is above 140 mmHg, during pre-check",
        ),
        (
            {"medication_class": "maoi", "threshold": Decimal("160")},
            "Raise a critical alert when systolic BP is above 160 mmHg, for patients taking an MAOI",
        ),
    ],
)
def test_it_describes_the_rule_in_plain_words(kwargs, words):
    assert rule(**kwargs).describe() == words


def test_the_compact_summary_stays_for_alert_messages():
    assert rule(reference="baseline_units", comparator="gte", threshold=Decimal("40")).summary() == (
        "Systolic BP change from baseline ≥ 40"
    )
