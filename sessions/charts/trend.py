"""The session's vital-signs trend as an anaesthesia-record style chart, in SVG user units.

Pure geometry: `build_trend_chart` turns a session, its readings, events and alert rules into a
frozen `TrendChart`; `templates/sessions/partials/trend_chart.html` draws it. Time runs left to
right from arrival, labelled in minutes from the infusion start; blood pressure (bars from
diastolic ▲ to systolic ▼) and heart rate share the 0–220 scale on the left, SpO2 has its own
80–100 % scale on the right. Readings entered in error are never drawn as data, and a value
not measured leaves a gap in its line, never a drop to zero.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from sessions.charts.scale import LinearScale, Tick, rounded
from sessions.clinical import artifacts
from sessions.clinical.alerts import baseline_value, rules_for_session
from sessions.models import Comparator, RuleReference, SessionEvent, VitalSigns

WIDTH, HEIGHT = 960, 480
LEFT, RIGHT, TOP, BOTTOM = 64.0, 900.0, 66.0, 396.0  # the plot area: 1.5 units per mmHg
MMHG_MAX, SPO2_MIN, SPO2_MAX = 220, 80, 100
EVENT_ROWS = (16.0, 30.0, 44.0)  # baselines of the label rows in the event strip above the plot
CHAR_WIDTH = 6.2  # rough width of a character of 11–12 unit text, to keep labels apart
MIN_SPAN = timedelta(minutes=30)
ABBREVIATIONS = {"systolic": "SBP", "diastolic": "DBP", "heart_rate": "HR", "spo2": "SpO₂"}
SHOWN_BY_SESSION_TIMES = {SessionEvent.Kind.STARTED, SessionEvent.Kind.STOPPED, SessionEvent.Kind.DOSE_GIVEN}


_r = rounded
_MMHG = LinearScale(0, MMHG_MAX, BOTTOM, TOP)
_SPO2 = LinearScale(SPO2_MIN, SPO2_MAX, BOTTOM, TOP)


@dataclass(frozen=True)
class Mark:
    """A dot, square or number at one reading; `label` is its tooltip ("09:40 (+30 min): HR 84/min")."""

    x: float
    y: float
    label: str
    value: str = ""
    clipped: bool = False  # off the scale: drawn at its edge, with the value written beside it


@dataclass(frozen=True)
class PressureBar:
    x: float
    y_systolic: float
    y_diastolic: float
    systolic_caret: str  # polygon points of ▼, its tip on the systolic value
    diastolic_caret: str  # polygon points of ▲, its tip on the diastolic value
    label: str
    value: str
    clipped: bool = False


@dataclass(frozen=True)
class EventMarker:
    x: float
    label: str
    full_label: str
    kind: str
    row_y: float
    text_x: float
    anchor: str
    spans_plot: bool  # infusion start and stop run through the whole plot; other events stop at its top
    line_top: float
    line_bottom: float


@dataclass(frozen=True)
class LimitLine:
    x1: float
    x2: float
    y: float
    label: str
    label_x: float  # right end of the label, moved left when another limit's label is in the way
    metric: str
    relative_to_baseline: bool


@dataclass(frozen=True)
class LegendItem:
    x: float
    kind: str
    label: str


@dataclass(frozen=True)
class TrendChart:
    title: str
    description: str
    is_empty: bool
    time_ticks: tuple[Tick, ...]
    mmhg_ticks: tuple[Tick, ...]
    spo2_ticks: tuple[Tick, ...]
    pressure_bars: tuple[PressureBar, ...]
    heart_rate_lines: tuple[str, ...]  # polyline points, one string per unbroken stretch
    heart_rate_marks: tuple[Mark, ...]
    spo2_lines: tuple[str, ...]
    spo2_marks: tuple[Mark, ...]
    respiratory_rate_marks: tuple[Mark, ...]
    in_error_marks: tuple[Mark, ...]
    artifact_marks: tuple[Mark, ...]  # values marked as artifacts: drawn apart, left out of lines and ranges
    events: tuple[EventMarker, ...]
    infusion_bars: tuple[tuple[float, float], ...]  # x and width of each stretch the drug ran
    limits: tuple[LimitLine, ...]
    legend: tuple[LegendItem, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: float = LEFT
    right: float = RIGHT
    top: float = TOP
    bottom: float = BOTTOM
    legend_y: float = HEIGHT - 14.0
    respiratory_rate_y: float = BOTTOM + 48.0
    center: tuple[float, float] = (_r((LEFT + RIGHT) / 2), _r((TOP + BOTTOM) / 2))


def mmhg_y(value) -> tuple[float, bool]:
    """The y of a BP or heart-rate value, and whether it was off the scale."""
    return _MMHG.place(value)


def spo2_y(value) -> tuple[float, bool]:
    return _SPO2.place(value)


@dataclass(frozen=True)
class _TimeAxis:
    start: datetime
    end: datetime
    zero: datetime  # the infusion start, or arrival before it
    tz: object

    def x(self, moment: datetime) -> float:
        return _r(LEFT + (moment - self.start) / (self.end - self.start) * (RIGHT - LEFT))

    def clock(self, moment: datetime) -> str:
        return f"{timezone.localtime(moment, self.tz):%H:%M}"

    def stamp(self, moment: datetime) -> str:
        minutes = round((moment - self.zero).total_seconds() / 60)
        return f"{self.clock(moment)} ({minutes:+d} min)".replace("-", "−")

    def ticks(self) -> tuple[Tick, ...]:
        span_minutes = (self.end - self.start).total_seconds() / 60
        step = next((s for s in (10, 15, 30, 60) if span_minutes / s <= 18), 120)
        n, ticks = -((self.zero - self.start) // timedelta(minutes=step)), []
        while (moment := self.zero + timedelta(minutes=n * step)) <= self.end:
            ticks.append(Tick(self.x(moment), str(n * step).replace("-", "−"), self.clock(moment)))
            n += 1
        return tuple(ticks)


def build_trend_chart(*, session, readings, events, rules, now, artifact_marks=None) -> TrendChart:
    """Everything to draw for `session`. `readings` may include entered-in-error ones and come in
    any order (back-timed readings sort into place); `artifact_marks` (reading id → marked fields)
    takes values out of the lines, ranges and baselines and draws them apart. No queries beyond
    the objects passed."""
    readings = sorted(readings, key=lambda r: (r.measured_at, r.pk or 0))
    charted = [r for r in readings if not r.entered_in_error]
    marks = artifact_marks or {}
    valid = artifacts.judged(charted, marks)
    events = sorted((e for e in events if not e.entered_in_error), key=lambda e: (e.occurred_at, e.pk or 0))
    infusion_times = [t for t in (session.infusion_started_at, session.infusion_ended_at) if t]
    moments = [r.measured_at for r in readings] + [e.occurred_at for e in events] + infusion_times
    start = min([session.arrived_at, *moments])
    end = max([session.discharged_at or now, start + MIN_SPAN, *moments])
    axis = _TimeAxis(start, end, session.infusion_started_at or start, session.site.tzinfo)

    bars, hr_marks, spo2_marks, rr_marks = [], [], [], []
    for r in valid:
        x, when = axis.x(r.measured_at), axis.stamp(r.measured_at)
        if r.systolic is not None and r.diastolic is not None:
            (y_sys, clip_sys), (y_dia, clip_dia) = mmhg_y(r.systolic), mmhg_y(r.diastolic)
            value, carets = f"{r.systolic}/{r.diastolic}", (_caret(x, y_sys, -1), _caret(x, y_dia, 1))
            bars.append(PressureBar(x, y_sys, y_dia, *carets, f"{when}: BP {value} mmHg", value, clip_sys or clip_dia))
        if r.heart_rate is not None:
            hr_marks.append(_mark(x, mmhg_y, r.heart_rate, f"{when}: HR {r.heart_rate}/min"))
        if r.spo2 is not None:
            spo2_marks.append(_mark(x, spo2_y, r.spo2, f"{when}: SpO₂ {r.spo2}%"))
        # Dense readings would print their RR values over each other: show those that fit.
        if r.respiratory_rate is not None and (not rr_marks or x - rr_marks[-1].x >= 3.5 * CHAR_WIDTH):
            rr_marks.append(Mark(x, BOTTOM + 48.0, f"{when}: RR {r.respiratory_rate}/min", str(r.respiratory_rate)))
    in_error = tuple(
        Mark(axis.x(r.measured_at), BOTTOM - 8.0, f"{axis.stamp(r.measured_at)}: reading entered in error")
        for r in readings
        if r.entered_in_error
    )
    marked = _artifact_marks(charted, marks, axis)
    limits = _limit_lines(session, valid, rules, axis)
    description = _describe(session, valid, len(in_error), limits, axis)
    if marked:
        description += f" {len(marked)} value(s) marked as artifact, left out."
    return TrendChart(
        title="Vital signs trend",
        description=description,
        is_empty=not valid,
        time_ticks=axis.ticks(),
        mmhg_ticks=tuple(Tick(mmhg_y(v)[0], str(v)) for v in range(0, MMHG_MAX + 1, 20)),
        spo2_ticks=tuple(Tick(spo2_y(v)[0], str(v)) for v in range(SPO2_MIN, SPO2_MAX + 1, 5)),
        pressure_bars=tuple(bars),
        heart_rate_lines=_lines(valid, "heart_rate", mmhg_y, axis),
        heart_rate_marks=tuple(hr_marks),
        spo2_lines=_lines(valid, "spo2", spo2_y, axis),
        spo2_marks=tuple(spo2_marks),
        respiratory_rate_marks=tuple(rr_marks),
        in_error_marks=in_error,
        artifact_marks=marked,
        events=_event_markers(session, events, axis),
        infusion_bars=_infusion_bars(session, events, end, axis),
        limits=limits,
        legend=_legend(with_in_error=bool(in_error), with_artifacts=bool(marked)),
    )


# Where a marked value is drawn: its own scale; RR and the rest have no point on the chart.
_ARTIFACT_SCALES = {
    "systolic": ("SBP", mmhg_y),
    "diastolic": ("DBP", mmhg_y),
    "heart_rate": ("HR", mmhg_y),
    "spo2": ("SpO₂", spo2_y),
}


def _artifact_marks(readings, marks, axis: _TimeAxis) -> tuple[Mark, ...]:
    drawn = []
    for reading in readings:
        for field in sorted(marks.get(reading.pk, ())):
            value = getattr(reading, field, None)
            if field in _ARTIFACT_SCALES and value is not None:
                name, scale = _ARTIFACT_SCALES[field]
                label = f"{axis.stamp(reading.measured_at)}: {name} {value} marked as artifact, left out"
                drawn.append(_mark(axis.x(reading.measured_at), scale, value, label))
    return tuple(drawn)


def _mark(x: float, scale, value, label: str) -> Mark:
    y, clipped = scale(value)
    return Mark(x, y, label, str(value), clipped)


def _caret(x: float, y: float, direction: int) -> str:
    """A 9-wide triangle whose tip touches (x, y); direction -1 points down (systolic)."""
    base = _r(y + 7 * direction)
    return f"{_r(x - 4.5)},{base} {_r(x + 4.5)},{base} {x},{y}"


def _lines(readings, field: str, to_y, axis: _TimeAxis) -> tuple[str, ...]:
    """Join consecutive readings that carry the value; a reading without it breaks the line."""
    stretches, current = [], []
    for reading in readings:
        value = getattr(reading, field)
        if value is None:
            stretches.append(current)
            current = []
        else:
            current.append(f"{axis.x(reading.measured_at)},{to_y(value)[0]}")
    stretches.append(current)
    return tuple(" ".join(points) for points in stretches if len(points) > 1)


def _infusion_bars(session, events, end: datetime, axis: _TimeAxis) -> tuple[tuple[float, float], ...]:
    started, ended = session.infusion_started_at, session.infusion_ended_at or end
    if started is None or started == ended:
        return ()
    stretches, running_since = [], started
    for event in events:
        if event.kind == SessionEvent.Kind.PAUSED and running_since is not None:
            stretches.append((running_since, event.occurred_at))
            running_since = None
        elif event.kind == SessionEvent.Kind.RESUMED and running_since is None:
            running_since = event.occurred_at
    if running_since is not None:
        stretches.append((running_since, ended))
    return tuple((axis.x(a), _r(axis.x(b) - axis.x(a))) for a, b in stretches if started <= a < b <= ended)


def _event_markers(session, events, axis: _TimeAxis) -> tuple[EventMarker, ...]:
    """Labels go in the first strip row with room; when no row has room, the label they would
    run into is shortened (its full text stays in the tooltip)."""
    started, ended = session.infusion_started_at, session.infusion_ended_at
    if started and started == ended:
        wanted = [(started, "Dose given", "dose_given", True)]
    else:
        wanted = [(started, "Start", "started", True), (ended, "Stop", "stopped", True)]
    wanted += [(e.occurred_at, _event_label(e), e.kind, False) for e in events if e.kind not in SHOWN_BY_SESSION_TIMES]
    placed, last_in_row = [], [None] * len(EVENT_ROWS)  # placed: [x, label, full label, kind, row, spans plot]
    for moment, label, kind, spans_plot in sorted((w for w in wanted if w[0]), key=lambda w: w[0]):
        x = axis.x(moment)
        ends = [0.0 if i is None else placed[i][0] + 11 + len(placed[i][1]) * CHAR_WIDTH for i in last_in_row]
        row = next((row for row, end in enumerate(ends) if end < x), ends.index(min(ends)))
        if ends[row] >= x:
            crowded = placed[last_in_row[row]]
            crowded[1] = _shortened(crowded[2], (x - crowded[0] - 11) / CHAR_WIDTH)
        last_in_row[row] = len(placed)
        placed.append([x, label, label, kind, row, spans_plot])
    markers = []
    for x, label, full_label, kind, row, spans_plot in placed:
        at_right_edge = x + 3 + len(label) * CHAR_WIDTH > WIDTH
        text_x, y = _r(x - 3 if at_right_edge else x + 3), EVENT_ROWS[row]
        anchor, bottom = "end" if at_right_edge else "start", BOTTOM if spans_plot else TOP
        markers.append(EventMarker(x, label, full_label, kind, y, text_x, anchor, spans_plot, y - 10, bottom))
    return tuple(markers)


def _event_label(event) -> str:
    if event.kind == SessionEvent.Kind.RATE_CHANGED:
        return _shortened(f"Rate {event.rate}", 28)
    if event.kind == SessionEvent.Kind.RESCUE_MEDICATION:
        return _shortened(" ".join(part for part in (event.drug, event.dose, event.route) if part), 28)
    return event.get_kind_display().removeprefix("Infusion ").capitalize()


def _shortened(label: str, room: float) -> str:
    return label if len(label) <= room else label[: max(int(room) - 1, 1)] + "…"


def _limit_lines(session, readings, rules, axis: _TimeAxis) -> tuple[LimitLine, ...]:
    """Absolute limits across the whole chart; baseline-relative ones from the infusion start,
    at the session's baseline plus the threshold (not drawn while there is no baseline)."""
    lines = []
    for rule in rules:
        if rule.metric not in ABBREVIATIONS or not rule.active:
            continue
        name, comparator, threshold = ABBREVIATIONS[rule.metric], Comparator(rule.comparator).label, rule.threshold
        relative = rule.reference != RuleReference.ABSOLUTE
        if not relative:
            value, label, x1 = threshold, f"{name} {comparator} {_number(threshold)}", LEFT
        else:
            baseline = baseline_value(readings, rule.metric, session.infusion_started_at)
            if baseline is None:
                continue
            percent = rule.reference == RuleReference.BASELINE_PERCENT
            value = baseline * (1 + threshold / 100) if percent else baseline + threshold
            change = f"{'+' if threshold >= 0 else '−'}{_number(abs(threshold))}{'%' if percent else ''}"
            label = f"{name} {comparator} baseline {change} ({_number(value)})"
            x1 = axis.x(session.infusion_started_at)
        y, off_scale = (spo2_y if rule.metric == "spo2" else mmhg_y)(value)
        if off_scale:
            continue
        label_x = RIGHT - 4
        for other in lines:  # labels of limits close in value go side by side, not on top of each other
            if abs(other.y - y) < 13:
                label_x = min(label_x, other.label_x - len(other.label) * CHAR_WIDTH * 0.92 - 16)
        lines.append(LimitLine(x1, RIGHT, y, label, _r(label_x), rule.metric, relative))
    return tuple(lines)


def _number(value) -> str:
    return f"{Decimal(value).quantize(Decimal('0.1')).normalize():f}"


def _legend(*, with_in_error: bool, with_artifacts: bool = False) -> tuple[LegendItem, ...]:
    entries = [
        ("bp", "BP ▼ systolic ▲ diastolic"),
        ("hr", "Heart rate /min"),
        ("spo2", "SpO₂ % (right scale)"),
        ("infusion", "Infusion running"),
        ("limit", "Alert limit"),
        ("baseline-limit", "From baseline"),
    ]
    entries += [("in-error", "Entered in error")] if with_in_error else []
    entries += [("artifact", "Artifact (left out)")] if with_artifacts else []
    widths = [26 + len(label) * 5.9 + 14 for _, label in entries]
    x = max((WIDTH - sum(widths)) / 2, 4)
    items = []
    for (kind, label), width in zip(entries, widths, strict=True):
        items.append(LegendItem(_r(x), kind, label))
        x += width
    return tuple(items)


def _describe(session, readings, in_error: int, limits, axis: _TimeAxis) -> str:
    """What a screen reader says for the chart: the span, the infusion, ranges and latest values."""
    parts = [f"From {axis.clock(axis.start)} to {axis.clock(axis.end)}."]
    if started := session.infusion_started_at:
        ended = session.infusion_ended_at
        stopped = f"stopped at {axis.clock(ended)}" if ended else "still running"
        parts.append(f"Infusion started at {axis.clock(started)}, {stopped}.")
    parts.append(f"{len(readings)} readings." if readings else "No readings yet.")
    if bp := [r for r in readings if r.systolic is not None and r.diastolic is not None]:
        peak = max(bp, key=lambda r: r.systolic)
        parts.append(
            f"Blood pressure first {bp[0].systolic}/{bp[0].diastolic}, latest {bp[-1].systolic}/{bp[-1].diastolic}, "
            f"highest systolic {peak.systolic} at {axis.clock(peak.measured_at)}."
        )
    for field, name, unit in (("heart_rate", "Heart rate", "/min"), ("spo2", "SpO₂", "%")):
        if values := [getattr(r, field) for r in readings if getattr(r, field) is not None]:
            parts.append(f"{name} {min(values)} to {max(values)}{unit}, latest {values[-1]}{unit}.")
    if in_error:
        parts.append(f"{in_error} entered in error, not plotted.")
    if limits:
        parts.append("Alert limits: " + "; ".join(limit.label for limit in limits) + ".")
    return " ".join(parts)


def chart_for_session(session, *, now, readings=None, events=None) -> TrendChart:
    """The chart for a page: readings, artifact marks, events, rules and the site's timezone in at
    most five queries, or fewer when the page already holds the session's readings (with their
    `artifact_list`, as `selectors.charted_readings` gives them) and events."""
    site_rows = {"site_id": session.site_id, "session": session}
    if readings is None:
        marks = Prefetch("artifacts", to_attr="artifact_list")
        readings = list(VitalSigns.objects.filter(**site_rows).prefetch_related(marks).order_by("measured_at", "id"))
    if events is None:
        events = list(SessionEvent.objects.filter(**site_rows, entered_in_error=False).order_by("occurred_at", "id"))
    return build_trend_chart(
        session=session,
        readings=readings,
        events=events,
        rules=rules_for_session(session),
        now=now,
        artifact_marks=artifacts.marks_of_readings(readings),
    )
