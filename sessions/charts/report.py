"""The quality report's small chart: alerts per 100 sessions by rule, as horizontal SVG bars.

Pure geometry like the other charts; `templates/sessions/partials/report_chart.html` draws it.
Bars are labelled with their number, so the chart never relies on colour or length alone.
"""

from dataclasses import dataclass

from sessions.charts.scale import LinearScale, rounded

WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP, TOP = 640, 250.0, 18.0, 8.0, 8.0
MAX_BARS = 10


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value: str
    severity: str
    value_x: float


@dataclass(frozen=True)
class ReportChart:
    bars: tuple[Bar, ...]
    height: float
    description: str
    bar_x: float = LABEL_WIDTH
    width: int = WIDTH


def build_report_chart(report) -> ReportChart:
    rates = report.alert_rates[:MAX_BARS]
    longest = max((rate.per_100_sessions for rate in rates), default=0.0) or 1.0
    scale = LinearScale(0, longest, 0, WIDTH - LABEL_WIDTH - 48)
    bars = []
    for index, rate in enumerate(rates):
        width = max(scale(rate.per_100_sessions), 1.0)
        label = rate.rule if len(rate.rule) <= 38 else rate.rule[:37] + "…"
        y = rounded(TOP + index * (BAR_HEIGHT + GAP))
        bars.append(Bar(y, width, label, f"{rate.per_100_sessions:g}", rate.severity, rounded(LABEL_WIDTH + width + 6)))
    description = "; ".join(f"{r.rule} ({r.severity}): {r.per_100_sessions:g} per 100 sessions" for r in rates)
    return ReportChart(
        bars=tuple(bars),
        height=rounded(TOP * 2 + len(bars) * (BAR_HEIGHT + GAP)),
        description=description or "No alerts in the period.",
    )
