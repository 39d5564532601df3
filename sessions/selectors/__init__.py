"""Reads that pages, the API and the services share: scoped to the user's sites and shaped so a
page costs a fixed number of queries. Page-only reads live with their page family
(`sessions/pages/*/selectors.py`)."""

from .alerts import (
    BANNER_LIMIT,
    SEVERITY_RANK,
    AlertStep,
    CriticalBanner,
    alert_for,
    alert_history,
    critical_banner,
    open_alerts_for,
)
from .course import (
    active_course_plan,
    course_assessments,
    course_plans,
    course_sessions,
    dosed_times,
    next_treatment_due,
    patient_for,
)
from .readings import artifact_marks, carry_forward_window, charted_readings, news2_for_readings, scored_rows
from .records import chart_details, record_details, review_details, session_for

__all__ = [
    "BANNER_LIMIT",
    "SEVERITY_RANK",
    "AlertStep",
    "CriticalBanner",
    "active_course_plan",
    "alert_for",
    "alert_history",
    "artifact_marks",
    "carry_forward_window",
    "chart_details",
    "charted_readings",
    "course_assessments",
    "course_plans",
    "course_sessions",
    "critical_banner",
    "dosed_times",
    "news2_for_readings",
    "next_treatment_due",
    "open_alerts_for",
    "patient_for",
    "record_details",
    "review_details",
    "scored_rows",
    "session_for",
]
