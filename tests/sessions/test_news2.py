"""NEWS2 against the Royal College of Physicians' chart, boundary by boundary."""

from decimal import Decimal

import pytest

from sessions.clinical import news2


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (60, 3)],
)
def test_respiratory_rate_scores_follow_the_chart(rate, expected):
    assert news2.respiratory_rate_score(rate) == expected


@pytest.mark.parametrize(
    ("spo2", "expected"), [(50, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)]
)
def test_spo2_scale_1_scores_follow_the_chart(spo2, expected):
    assert news2.spo2_score(spo2) == expected


@pytest.mark.parametrize(("on_oxygen", "expected"), [(True, 2), (False, 0)])
def test_supplemental_oxygen_scores_two(on_oxygen, expected):
    assert news2.oxygen_score(on_oxygen) == expected


@pytest.mark.parametrize(
    ("systolic", "expected"),
    [(40, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3), (300, 3)],
)
def test_systolic_scores_follow_the_chart(systolic, expected):
    assert news2.systolic_score(systolic) == expected


@pytest.mark.parametrize(
    ("pulse", "expected"),
    [(20, 3), (40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3)],
)
def test_pulse_scores_follow_the_chart(pulse, expected):
    assert news2.heart_rate_score(pulse) == expected


@pytest.mark.parametrize(("acvpu", "expected"), [("A", 0), ("C", 3), ("V", 3), ("P", 3), ("U", 3)])
def test_consciousness_other_than_alert_scores_three(acvpu, expected):
    assert news2.consciousness_score(acvpu) == expected


@pytest.mark.parametrize(
    ("celsius", "expected"),
    [
        ("34.0", 3),
        ("35.0", 3),
        ("35.1", 1),
        ("36.0", 1),
        ("36.1", 0),
        ("38.0", 0),
        ("38.1", 1),
        ("39.0", 1),
        ("39.1", 2),
        ("41.0", 2),
        ("38.06", 1),  # a °F conversion lands between chart rows: above 38.0 scores as 38.1
    ],
)
def test_temperature_scores_follow_the_chart(celsius, expected):
    assert news2.temperature_score(Decimal(celsius)) == expected


NORMAL = {
    "respiratory_rate": 16,
    "spo2": 97,
    "on_oxygen": False,
    "systolic": 125,
    "heart_rate": 70,
    "consciousness": "A",
    "temperature_c": Decimal("36.8"),
}


def test_a_normal_complete_reading_scores_zero_and_low_risk():
    result = news2.score(NORMAL)
    assert (result.score, result.risk, result.partial, result.missing) == (0, "low", False, ())


def test_a_single_parameter_scoring_three_is_low_medium_risk():
    result = news2.score({**NORMAL, "respiratory_rate": 8})
    assert (result.score, result.risk) == (3, news2.LOW_MEDIUM)


@pytest.mark.parametrize(
    ("changes", "score", "risk"),
    [
        ({"heart_rate": 95, "spo2": 95, "temperature_c": Decimal("38.5")}, 3, "low"),
        ({"heart_rate": 115, "spo2": 93}, 4, "low"),
        ({"heart_rate": 115, "spo2": 93, "systolic": 105}, 5, "medium"),
        ({"heart_rate": 115, "spo2": 93, "systolic": 100}, 6, "medium"),
        ({"heart_rate": 115, "spo2": 93, "systolic": 100, "temperature_c": Decimal("38.5")}, 7, "high"),
    ],
)
def test_risk_bands_follow_the_total(changes, score, risk):
    result = news2.score({**NORMAL, **changes})
    assert (result.score, result.risk) == (score, risk)


def test_missing_parameters_make_the_score_partial_and_are_named():
    values = {**NORMAL, "temperature_c": None, "consciousness": ""}
    del values["on_oxygen"]
    result = news2.score(values)
    assert result.partial
    assert set(result.missing) == {"temperature_c", "consciousness", "on_oxygen"}
    assert result.as_dict() == {
        "score": 0,
        "risk": "low",
        "partial": True,
        "missing": list(result.missing),
        "carried_forward": [],
    }


def test_a_missing_parameter_is_not_scored_as_zero():
    result = news2.score({"respiratory_rate": 26})
    assert result.score == 3
    assert result.parameter_scores == {"respiratory_rate": 3}
    assert len(result.missing) == 6
