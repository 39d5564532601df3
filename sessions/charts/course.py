"""A questionnaire's scores across a patient's course, as server-rendered SVG geometry.

Pure geometry, like `trend_chart.py`: `build_course_chart` turns the points of
`course.assessment_course` into a frozen `CourseChart`; `templates/sessions/partials/course_chart.html`
draws it. Scores run bottom (0) to top (the instrument's maximum) over the severity bands of
`assessments.INSTRUMENTS`; treatments run left to right in order. A band spans half a point
either side of its bounds, so a score on a boundary (5, 10…) sits inside its own band. The 50%
line is the course's response threshold; responses, remissions and item-9 safety flags are marked
at their points and said in words in the description.
"""

from dataclasses import dataclass

from django.utils import timezone

from sessions.charts.scale import LinearScale, Tick, rounded
from sessions.clinical.assessments import INSTRUMENTS
from sessions.models import Assessment

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 56.0, 640.0, 24.0, 224.0
MAX_X_LABELS = 12


@dataclass(frozen=True)
class Band:
    y: float
    height: float
    label: str
    label_y: float
    position: int  # 0 = the mildest band; the template shades by it


@dataclass(frozen=True)
class CourseMark:
    x: float
    y: float
    total: int
    label: str  # the tooltip: date, score, band and what it means
    is_response: bool
    is_remission: bool
    safety_flag: bool


@dataclass(frozen=True)
class CourseChart:
    instrument: str
    title: str
    description: str
    bands: tuple[Band, ...]
    score_ticks: tuple[Tick, ...]
    treatment_ticks: tuple[Tick, ...]
    line: str
    marks: tuple[CourseMark, ...]
    response_y: float | None
    response_label: str
    width: int = WIDTH
    height: int = HEIGHT
    left: float = LEFT
    right: float = RIGHT
    top: float = TOP
    bottom: float = BOTTOM
    plot_width: float = RIGHT - LEFT


def build_course_chart(instrument: str, points, *, tz) -> CourseChart:
    spec, name = INSTRUMENTS[instrument], Assessment.Instrument(instrument).label
    maximum = spec.items * spec.item_max
    y = LinearScale(0, maximum, BOTTOM, TOP)
    step = (RIGHT - LEFT) / max(len(points), 1)
    every = -(-len(points) // MAX_X_LABELS) or 1
    marks, ticks = [], []
    for index, point in enumerate(points):
        x = rounded(LEFT + step * (index + 0.5))
        day = f"{timezone.localtime(point.assessment.administered_at, tz):%-d %b}"
        meaning = [point.band]
        meaning += ["response"] if point.is_response else []
        meaning += ["remission"] if point.is_remission else []
        meaning += ["item 9 above 0: safety flag"] if point.safety_flag else []
        label = f"{day}: {name} {point.total} ({', '.join(meaning)})"
        flags = (point.is_response, point.is_remission, point.safety_flag)
        marks.append(CourseMark(x, y(point.total), point.total, label, *flags))
        if index % every == 0:
            ticks.append(Tick(x, f"#{index + 1}", day))
    first = points[0].total if points else None
    return CourseChart(
        instrument=instrument,
        title=f"{name} across the course",
        description=_describe(name, points),
        bands=_bands(spec, y),
        score_ticks=tuple(Tick(y(v), str(v)) for v in range(0, maximum + 1, 5 if maximum <= 30 else 10)),
        treatment_ticks=tuple(ticks),
        line=" ".join(f"{mark.x},{mark.y}" for mark in marks),
        marks=tuple(marks),
        response_y=y(first / 2) if first else None,
        response_label=f"50% of first score ({first / 2:g})" if first else "",
    )


def _bands(spec, y: LinearScale) -> tuple[Band, ...]:
    bands, lower = [], 0
    for position, (upper, label) in enumerate(spec.bands):
        top, bottom = y(upper + 0.5), y(lower - 0.5)
        bands.append(Band(top, rounded(bottom - top), label, rounded((top + bottom) / 2), position))
        lower = upper + 1
    return tuple(bands)


def _describe(name: str, points) -> str:
    if not points:
        return f"No {name} recorded."
    totals = [point.total for point in points]
    parts = [
        f"{len(points)} {name} scores, first {totals[0]} ({points[0].band}), latest {totals[-1]} ({points[-1].band})."
    ]
    for word, attribute in (("Response", "is_response"), ("Remission", "is_remission")):
        hits = [f"#{i + 1}" for i, point in enumerate(points) if getattr(point, attribute)]
        if hits:
            parts.append(f"{word} at {', '.join(hits)}.")
    if flagged := [f"#{i + 1}" for i, point in enumerate(points) if point.safety_flag]:
        parts.append(f"Item 9 (self-harm thoughts) above 0 at {', '.join(flagged)}.")
    return " ".join(parts)
