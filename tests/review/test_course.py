"""Per-session extremes and the assessment course (sessions/course.py, sessions/course_chart.py)."""

import datetime
import zoneinfo
from types import SimpleNamespace

from sessions.charts.course import BOTTOM, TOP, build_course_chart
from sessions.clinical.course import assessment_course, outcome, summarise_session

T = datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC)
FIELDS = ("systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "sedation_moaas")


def reading(minute, *, error=False, **values):
    base = dict.fromkeys(FIELDS)
    base.update(values)
    return SimpleNamespace(
        pk=minute, measured_at=T + datetime.timedelta(minutes=minute), entered_in_error=error, **base
    )


def assessment(day, total, *, band="", safety=False, instrument="phq9", error=False):
    return SimpleNamespace(
        instrument=instrument,
        total=total,
        band=band or "b",
        safety_flag=safety,
        entered_in_error=error,
        administered_at=T + datetime.timedelta(days=day),
        items=[0] * 9,
    )


SESSION = SimpleNamespace(infusion_started_at=T + datetime.timedelta(minutes=10))


def test_it_takes_the_rise_from_the_last_value_before_the_infusion():
    readings = [
        reading(0, systolic=130, diastolic=85),
        reading(5, systolic=120, diastolic=80, spo2=98, sedation_moaas=5),
        reading(30, systolic=165, diastolic=104, spo2=94, sedation_moaas=3),
        reading(40, systolic=200, diastolic=120, spo2=80, sedation_moaas=0, error=True),
    ]

    summary = summarise_session(SESSION, readings)

    assert (summary.peak_systolic, summary.peak_diastolic) == (165, 104)
    assert (summary.systolic_rise, summary.diastolic_rise) == (45, 24)
    assert summary.significant_rise
    assert (summary.lowest_spo2, summary.deepest_sedation, summary.readings) == (94, 3, 3)


def test_without_a_baseline_there_is_no_rise():
    summary = summarise_session(SESSION, [reading(30, systolic=150, diastolic=90)])

    assert summary.systolic_rise is None and not summary.significant_rise


def test_response_is_a_half_drop_from_the_first_score_and_remission_below_five():
    course = assessment_course([assessment(0, 18), assessment(7, 10), assessment(14, 9), assessment(21, 4)])

    points = course["phq9"]
    assert [p.is_response for p in points] == [False, False, True, True]
    assert [p.is_remission for p in points] == [False, False, False, True]
    assert [p.change_from_first for p in points] == [0, -8, -9, -14]


def test_each_instrument_is_judged_against_its_own_first_score_and_errors_are_left_out():
    course = assessment_course(
        [
            assessment(0, 14, instrument="gad7"),
            assessment(0, 20),
            assessment(5, 7, instrument="gad7"),
            assessment(6, 1, error=True),
        ]
    )

    assert [p.total for p in course["phq9"]] == [20]
    assert [p.is_response for p in course["gad7"]] == [False, True]
    assert not any(p.is_remission for p in course["gad7"])


def test_the_chart_places_scores_on_the_instruments_scale_with_bands_around_their_bounds():
    points = assessment_course([assessment(0, 27, safety=True), assessment(3, 0)])["phq9"]

    chart = build_course_chart("phq9", points, tz=zoneinfo.ZoneInfo("America/New_York"))

    assert [mark.y for mark in chart.marks] == [TOP, BOTTOM]
    assert chart.marks[0].safety_flag and "safety flag" in chart.marks[0].label
    minimal = chart.bands[0]
    assert minimal.y + minimal.height == BOTTOM  # 0–4 reaches down to the axis
    assert chart.response_y is not None and "13.5" in chart.response_label
    assert "Item 9 (self-harm thoughts) above 0 at #1" in chart.description
    assert [tick.label for tick in chart.treatment_ticks] == ["#1", "#2"]


def test_an_empty_course_draws_an_empty_chart():
    chart = build_course_chart("gad7", [], tz=datetime.UTC)

    assert chart.marks == () and chart.response_y is None and chart.description == "No GAD-7 recorded."


def test_the_outcome_says_where_the_course_stands():
    points = assessment_course([assessment(0, 20, band="severe"), assessment(7, 9, band="mild", safety=True)])["phq9"]

    result = outcome(points)

    assert (result.first, result.latest, result.percent_change) == (20, 9, -55)
    assert (result.first_band, result.latest_band) == ("severe", "mild")
    assert result.in_response and not result.in_remission and result.safety_flags == 1
    assert outcome([]) is None
