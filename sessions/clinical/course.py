"""A patient's course of treatment as the supervising physician reads it.

Per session: the peak blood pressure and its rise over the pre-infusion baseline (a rise of
systolic +40 or diastolic +25 mmHg is the commonly used threshold of a clinically significant
rise), the lowest SpO2 and the deepest sedation (MOAA/S: 5 alert … 0 no response, so the
*lowest* score is the *highest* sedation). Per questionnaire: each score with its band, whether
it is a response (a drop of at least 50% from the course's first score) or a remission (PHQ-9
below 5), and the PHQ-9 item-9 safety flag. Pure functions over objects already loaded.
"""

from dataclasses import dataclass
from decimal import Decimal

from sessions.clinical import assessments
from sessions.clinical.alerts import baseline_value

SIGNIFICANT_RISE = {"systolic": 40, "diastolic": 25}


@dataclass(frozen=True)
class SessionSummary:
    peak_systolic: int | None
    peak_diastolic: int | None
    systolic_rise: Decimal | None  # over the pre-infusion baseline; None without a baseline
    diastolic_rise: Decimal | None
    lowest_spo2: int | None
    deepest_sedation: int | None  # the lowest MOAA/S charted
    readings: int

    @property
    def significant_rise(self) -> bool:
        rises = (("systolic", self.systolic_rise), ("diastolic", self.diastolic_rise))
        return any(rise is not None and rise >= SIGNIFICANT_RISE[field] for field, rise in rises)


def _extreme(readings, field: str, pick):
    values = [getattr(reading, field) for reading in readings if getattr(reading, field) is not None]
    return pick(values) if values else None


def summarise_session(session, readings) -> SessionSummary:
    """`readings` may include entered-in-error ones; they never count."""
    valid = sorted((r for r in readings if not r.entered_in_error), key=lambda r: (r.measured_at, r.pk or 0))
    started = session.infusion_started_at
    peaks = {field: _extreme(valid, field, max) for field in ("systolic", "diastolic")}
    rises = {}
    for field in peaks:
        baseline = baseline_value(valid, field, started)
        after = [getattr(r, field) for r in valid if started and r.measured_at >= started]
        after = [value for value in after if value is not None]
        rises[field] = Decimal(max(after)) - baseline if baseline is not None and after else None
    return SessionSummary(
        peak_systolic=peaks["systolic"],
        peak_diastolic=peaks["diastolic"],
        systolic_rise=rises["systolic"],
        diastolic_rise=rises["diastolic"],
        lowest_spo2=_extreme(valid, "spo2", min),
        deepest_sedation=_extreme(valid, "sedation_moaas", min),
        readings=len(valid),
    )


@dataclass(frozen=True)
class CoursePoint:
    assessment: object
    total: int
    band: str
    change_from_first: int  # negative is better
    is_response: bool
    is_remission: bool
    safety_flag: bool


def assessment_course(assessments_in_order) -> dict[str, list[CoursePoint]]:
    """Valid assessments grouped by instrument, each judged against that instrument's first score."""
    by_instrument: dict[str, list[CoursePoint]] = {}
    for assessment in assessments_in_order:
        if assessment.entered_in_error:
            continue
        points = by_instrument.setdefault(assessment.instrument, [])
        first = points[0].total if points else assessment.total
        is_later = bool(points)
        points.append(
            CoursePoint(
                assessment=assessment,
                total=assessment.total,
                band=assessment.band,
                change_from_first=assessment.total - first,
                is_response=is_later and assessments.is_response(first, assessment.total),
                is_remission=assessment.instrument == "phq9" and assessments.is_remission(assessment.total),
                safety_flag=assessment.safety_flag,
            )
        )
    return by_instrument


@dataclass(frozen=True)
class Outcome:
    """Where one instrument's course stands now, for the summary beside its chart."""

    first: int
    first_band: str
    latest: int
    latest_band: str
    percent_change: int | None  # from the first score; None when the first score was 0
    in_response: bool
    in_remission: bool
    safety_flags: int
    scores: int


def outcome(points: list[CoursePoint]) -> Outcome | None:
    if not points:
        return None
    first, latest = points[0].total, points[-1]
    return Outcome(
        first=first,
        first_band=points[0].band,
        latest=latest.total,
        latest_band=latest.band,
        percent_change=round((latest.total - first) * 100 / first) if first else None,
        in_response=latest.is_response,
        in_remission=latest.is_remission,
        safety_flags=sum(point.safety_flag for point in points),
        scores=len(points),
    )
