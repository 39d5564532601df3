"""The session trend chart: where things are drawn (geometry), that it renders as well-formed SVG
a screen reader can summarise, and that a page gets it in a fixed number of queries."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sessions import services
from sessions.charts.trend import BOTTOM, LEFT, RIGHT, TOP, build_trend_chart, chart_for_session, mmhg_y, spo2_y
from sessions.models import InfusionSession
from tests import factories
from tests.conftest import BASELINE, T0, minutes

SVG = "{http://www.w3.org/2000/svg}"


def chart_at(session, nurse, at, **values):
    """Record a reading measured and entered at T0 + `at` minutes."""
    return services.record_vitals(
        session=session, values=values, by=nurse, measured_at=T0 + minutes(at), now=T0 + minutes(at)
    ).reading


def event_at(session, nurse, at, kind, **details):
    services.record_event(
        session=session, by=nurse, kind=kind, occurred_at=T0 + minutes(at), now=T0 + minutes(at), **details
    )
    session.refresh_from_db()


def trend(session, at):
    return chart_for_session(InfusionSession.objects.get(pk=session.pk), now=T0 + minutes(at))


def x_at(at, span):
    """Where T0 + `at` minutes falls on a chart running from T0 (arrival) to T0 + `span` minutes."""
    return round(LEFT + (RIGHT - LEFT) * at / span, 1)


def render(chart, **context):
    return render_to_string("sessions/partials/trend_chart.html", {"chart": chart, **context})


def texts(svg: str) -> list[str]:
    return ["".join(node.itertext()).strip() for node in ET.fromstring(svg).iter(f"{SVG}text")]


# Geometry


def test_a_higher_systolic_is_drawn_higher(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 20, systolic=130, diastolic=85)
    chart_at(infusing_session, nurse_a, 30, systolic=170, diastolic=85)
    bars = trend(infusing_session, 30).pressure_bars
    assert bars[2].y_systolic < bars[1].y_systolic < bars[0].y_systolic
    assert bars[1].y_diastolic == bars[2].y_diastolic
    assert mmhg_y(220)[0] == TOP and mmhg_y(0)[0] == BOTTOM


def test_time_maps_monotonically_and_back_timed_readings_sort_into_place(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 40, heart_rate=90)
    chart_at(infusing_session, nurse_a, 25, heart_rate=80)  # back-timed: entered after the +40 reading
    chart = trend(infusing_session, 45)
    xs = [mark.x for mark in chart.heart_rate_marks]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert [mark.value for mark in chart.heart_rate_marks] == ["72", "80", "90"]
    assert [tick.label for tick in chart.time_ticks] == ["−10", "0", "10", "20", "30"]
    assert [tick.clock for tick in chart.time_ticks][:2] == ["09:00", "09:10"]  # the site's timezone


def test_the_infusion_start_and_stop_markers_sit_at_their_times(infusing_session, nurse_a):
    event_at(infusing_session, nurse_a, 25, "stopped")
    chart = trend(infusing_session, 30)
    markers = {event.kind: event for event in chart.events}
    assert markers["started"].x == x_at(10, 30)
    assert markers["stopped"].x == x_at(25, 30)
    assert markers["started"].spans_plot and markers["started"].label == "Start"
    assert chart.time_ticks[1].position == x_at(10, 30)  # minute 0 is the infusion start


def test_other_events_are_labelled_in_the_strip_and_a_pause_leaves_a_gap(infusing_session, nurse_a):
    event_at(infusing_session, nurse_a, 15, "paused")
    event_at(infusing_session, nurse_a, 20, "resumed")
    event_at(infusing_session, nurse_a, 22, "rescue_medication", drug="Ondansetron", dose="4 mg", route="IV")
    chart = trend(infusing_session, 30)
    labels = {event.kind: event.label for event in chart.events if not event.spans_plot}
    assert labels == {"paused": "Paused", "resumed": "Resumed", "rescue_medication": "Ondansetron 4 mg IV"}
    assert all(event.line_bottom == TOP for event in chart.events if not event.spans_plot)
    (x1, width1), (x2, width2) = chart.infusion_bars
    assert (x1, round(x1 + width1, 1), x2) == (x_at(10, 30), x_at(15, 30), x_at(20, 30))
    assert round(x2 + width2, 1) == RIGHT  # still running at "now"


def test_readings_entered_in_error_are_not_plotted_as_data(infusing_session, nurse_a):
    wrong = chart_at(infusing_session, nurse_a, 20, systolic=210, diastolic=120, heart_rate=140, spo2=85)
    services.correct_reading(reading=wrong, reason="Cuff on the wrong arm", by=nurse_a, now=T0 + minutes(21))
    chart = trend(infusing_session, 30)
    assert [bar.value for bar in chart.pressure_bars] == ["120/80"]
    assert [mark.value for mark in chart.heart_rate_marks] == ["72"]
    assert [mark.value for mark in chart.spo2_marks] == ["98"]
    assert [mark.x for mark in chart.in_error_marks] == [x_at(20, 30)]
    assert "1 entered in error, not plotted" in chart.description


def test_a_missing_value_leaves_a_gap_not_a_drop_to_zero(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 15, heart_rate=80, spo2=97)
    chart_at(infusing_session, nurse_a, 20, systolic=140, diastolic=90)  # no heart rate, no SpO2
    chart_at(infusing_session, nurse_a, 25, heart_rate=84, spo2=96)
    chart_at(infusing_session, nurse_a, 30, heart_rate=86, spo2=97)
    chart = trend(infusing_session, 30)
    assert len(chart.heart_rate_marks) == 4
    assert chart.heart_rate_lines == (
        f"{x_at(5, 30)},{mmhg_y(72)[0]} {x_at(15, 30)},{mmhg_y(80)[0]}",
        f"{x_at(25, 30)},{mmhg_y(84)[0]} {x_at(30, 30)},{mmhg_y(86)[0]}",
    )
    assert len(chart.spo2_lines) == 2
    assert all(mark.y != BOTTOM for mark in chart.heart_rate_marks)


def test_an_absolute_limit_is_drawn_at_its_threshold(infusing_session, site_a):
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))
    factories.AlertRuleFactory(site=site_a, metric="spo2", comparator="lt", threshold=Decimal("90"))
    limits = {limit.metric: limit for limit in trend(infusing_session, 30).limits}
    assert (limits["systolic"].y, limits["systolic"].x1, limits["systolic"].label) == (
        mmhg_y(180)[0],
        LEFT,
        "SBP > 180",
    )
    assert (limits["spo2"].y, limits["spo2"].label) == (spo2_y(90)[0], "SpO₂ < 90")  # on the right-hand scale
    assert not any(limit.relative_to_baseline for limit in limits.values())


def test_a_baseline_limit_is_drawn_at_baseline_plus_threshold_from_the_infusion_start(infusing_session, site_a):
    factories.AlertRuleFactory(
        site=site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40")
    )
    (limit,) = trend(infusing_session, 30).limits
    assert limit.y == mmhg_y(BASELINE["systolic"] + 40)[0]
    assert limit.x1 == x_at(10, 30)
    assert limit.relative_to_baseline
    assert limit.label == "SBP ≥ baseline +40 (160)"


def test_a_baseline_limit_waits_for_a_baseline(session_a, site_a):
    factories.AlertRuleFactory(
        site=site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40")
    )
    assert trend(session_a, 5).limits == ()


def test_values_off_the_scale_are_drawn_at_its_edge_with_their_value(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 20, systolic=240, diastolic=130, spo2=75)
    chart = trend(infusing_session, 30)
    assert chart.pressure_bars[-1].y_systolic == TOP and chart.pressure_bars[-1].clipped
    assert chart.spo2_marks[-1].y == BOTTOM and chart.spo2_marks[-1].clipped
    svg_texts = texts(render(chart))
    assert "240/130" in svg_texts and "75" in svg_texts


def test_a_discharged_session_ends_at_discharge(infusing_session):
    session = InfusionSession.objects.get(pk=infusing_session.pk)
    session.discharged_at = T0 + minutes(60)  # build_trend_chart only reads the object it is given
    chart = build_trend_chart(session=session, readings=[], events=[], rules=[], now=T0 + minutes(300))
    assert chart.time_ticks[-1].label == "50"
    assert chart.time_ticks[-1].position == RIGHT


def test_one_reading_draws_marks_without_lines(infusing_session):
    chart = trend(infusing_session, 12)
    assert len(chart.pressure_bars) == len(chart.heart_rate_marks) == len(chart.spo2_marks) == 1
    assert chart.heart_rate_lines == chart.spo2_lines == ()
    assert not chart.is_empty


def test_sixty_readings_stay_inside_the_plot_and_small(infusing_session, nurse_a):
    for n in range(61):
        chart_at(infusing_session, nurse_a, 11 + 2 * n, systolic=120 + n % 30, diastolic=80, heart_rate=70, spo2=97)
    chart = trend(infusing_session, 135)
    assert len(chart.pressure_bars) == 62
    assert all(LEFT <= bar.x <= RIGHT and TOP <= bar.y_systolic <= BOTTOM for bar in chart.pressure_bars)
    assert len(chart.respiratory_rate_marks) == 1  # only the baseline has RR
    svg = render(chart)
    ET.fromstring(svg)
    assert len(svg) < 60_000


# Rendering


def test_it_renders_well_formed_svg_with_a_title_and_description(infusing_session, nurse_a, site_a):
    chart_at(infusing_session, nurse_a, 20, systolic=150, diastolic=92, heart_rate=84, spo2=93, respiratory_rate=16)
    factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))
    root = ET.fromstring(render(trend(infusing_session, 30), chart_id="chart-7"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("viewBox") == "0 0 960 480"
    assert root.get("aria-labelledby") == "chart-7-title chart-7-desc"
    assert root.find(f"{SVG}title").text == "Vital signs trend"
    description = root.find(f"{SVG}desc").text
    assert "Blood pressure first 120/80, latest 150/92" in description
    assert "SpO₂ 93 to 98%" in description and "Alert limits: SBP > 180" in description


def test_the_legend_names_each_series_in_words(infusing_session):
    svg_texts = texts(render(trend(infusing_session, 30)))
    for label in ("BP ▼ systolic ▲ diastolic", "Heart rate /min", "SpO₂ % (right scale)", "Alert limit"):
        assert label in svg_texts


def test_text_is_escaped(infusing_session, nurse_a):
    event_at(infusing_session, nurse_a, 20, "rescue_medication", drug="<b>Mid&az</b>", dose="2 mg", route="IV")
    svg = render(trend(infusing_session, 30))
    assert "<b>" not in svg
    assert "<b>Mid&az</b> 2 mg IV" in texts(svg)


def test_coordinates_have_at_most_one_decimal_under_any_locale(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 17, systolic=133, diastolic=87, heart_rate=77, spo2=96)
    chart = trend(infusing_session, 37)
    with translation.override("de"):
        svg = render(chart)
    attributes = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|points)="([^"]*)"', svg)
    numbers = [number for value in attributes for number in re.split(r"[ ,]", value) if number]
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", number) for number in numbers)


def test_an_empty_chart_says_no_readings_yet(session_a):
    chart = trend(session_a, 3)
    assert chart.is_empty and chart.pressure_bars == () and chart.heart_rate_lines == ()
    assert [tick.label for tick in chart.time_ticks] == ["0", "10", "20", "30"]  # at least 30 minutes wide
    svg = render(chart)
    assert "No readings yet" in texts(svg)
    assert "No readings yet." in ET.fromstring(svg).find(f"{SVG}desc").text


# Artifacts


def test_a_value_marked_as_artifact_is_drawn_apart_and_left_out_of_lines_and_ranges(infusing_session, nurse_a):
    chart_at(infusing_session, nurse_a, 20, heart_rate=80)
    slipped = chart_at(infusing_session, nurse_a, 25, heart_rate=180)
    chart_at(infusing_session, nurse_a, 30, heart_rate=82)
    services.mark_artifact(
        reading=slipped, fields=["heart_rate"], reason="Probe slipped", by=nurse_a, now=T0 + minutes(31)
    )

    chart = trend(infusing_session, 31)

    assert "180" not in [mark.value for mark in chart.heart_rate_marks]
    assert {"80", "82"} <= {mark.value for mark in chart.heart_rate_marks}
    (artifact,) = chart.artifact_marks
    assert artifact.value == "180" and "marked as artifact" in artifact.label
    assert artifact.y == mmhg_y(180)[0]
    assert "artifact" in [item.kind for item in chart.legend]
    assert "180" not in chart.description.split("marked as artifact")[0]
    assert "1 value(s) marked as artifact, left out." in chart.description
    assert "◇" in texts(render(chart))


# Queries


@pytest.mark.parametrize("with_data", [False, True])
def test_chart_for_session_takes_at_most_five_queries(
    infusing_session, nurse_a, site_a, django_assert_max_num_queries, with_data
):
    if with_data:
        for at in (20, 30, 40):
            chart_at(infusing_session, nurse_a, at, systolic=140, diastolic=90, heart_rate=80, spo2=97)
        event_at(infusing_session, nurse_a, 45, "stopped")
        factories.AlertRuleFactory(site=site_a, metric="systolic", comparator="gt", threshold=Decimal("180"))
        factories.AlertRuleFactory(
            site=site_a, metric="systolic", reference="baseline_units", comparator="gte", threshold=Decimal("40")
        )
    session = InfusionSession.objects.get(pk=infusing_session.pk)
    with django_assert_max_num_queries(5):
        chart = chart_for_session(session, now=T0 + minutes(50))
        render(chart)
    assert len(chart.pressure_bars) == (4 if with_data else 1)
