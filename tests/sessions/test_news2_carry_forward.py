"""NEWS2 from recent readings: a missing parameter may come from the same session's reading of
the last NEWS2_CARRY_FORWARD_MINUTES, named with its time; older values leave the score partial."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from sessions import services
from sessions.clinical import news2
from tests.conftest import T0, minutes

WINDOW = datetime.timedelta(minutes=30)
FULL = {
    "respiratory_rate": 16,
    "spo2": 97,
    "on_oxygen": False,
    "systolic": 125,
    "heart_rate": 72,
    "consciousness": "A",
    "temperature_c": Decimal("36.8"),
}


def reading(minute, entered_in_error=False, **values):
    return SimpleNamespace(
        measured_at=T0 + minutes(minute),
        entered_in_error=entered_in_error,
        **{name: values.get(name) for name in news2.PARAMETERS},
    )


def test_a_missing_parameter_is_carried_from_a_reading_within_the_window():
    first, later = news2.score_series([reading(0, **FULL), reading(20, systolic=128, heart_rate=80)], WINDOW)
    assert not later.partial
    assert {carried.parameter for carried in later.carried} == set(news2.PARAMETERS) - {"systolic", "heart_rate"}
    rr = next(carried for carried in later.carried if carried.parameter == "respiratory_rate")
    assert (str(rr), rr.measured_at) == ("RR 16", T0)
    assert later.score == news2.score({**FULL, "systolic": 128, "heart_rate": 80}).score
    assert first.carried == ()


def test_a_value_older_than_the_window_is_not_used():
    _, later = news2.score_series([reading(0, **FULL), reading(31, systolic=128, heart_rate=80)], WINDOW)
    assert later.partial and later.carried == ()
    assert "respiratory_rate" in later.missing


def test_the_latest_earlier_value_wins_and_a_reading_in_error_lends_nothing():
    series = [
        reading(0, respiratory_rate=14),
        reading(10, respiratory_rate=22),
        reading(15, entered_in_error=True, respiratory_rate=30),
        reading(20, heart_rate=70),
    ]
    scores = news2.score_series(series, WINDOW)
    assert [(c.parameter, c.value, c.measured_at) for c in scores[-1].carried] == [
        ("respiratory_rate", 22, T0 + minutes(10))
    ]
    assert scores[2].carried == ()


@pytest.mark.django_db
def test_the_chart_says_what_was_carried_and_from_when(infusing_session, nurse_a, client):
    services.record_vitals(
        session=infusing_session,
        values={"heart_rate": 90},
        by=nurse_a,
        measured_at=T0 + minutes(15),
        now=T0 + minutes(15),
    )
    client.force_login(nurse_a)
    page = client.get(reverse("session-chart", args=[infusing_session.pk])).content.decode()
    assert "RR 14 carried from 09:05" in page  # the baseline at T0+5, 14:05 UTC, in New York
