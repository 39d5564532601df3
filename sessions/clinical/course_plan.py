"""Where a patient stands in the course a physician planned: "treatment 3 of 6", the next due
date, overdue, and the outcome the questionnaires suggest when the course ends.

Induction: N treatments spread evenly over a window (IV ketamine series commonly give six over
two to three weeks; the esketamine label's induction is twice weekly for four weeks, eight
treatments), then maintenance at a fixed interval (esketamine: weekly, then every one to two
weeks). A treatment counts when its dose was given on or after the plan's start, by the site's
calendar; "today" and "overdue" are the site's dates too. The outcome reuses the PHQ-9 response
and remission rules of `sessions/course.py`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sessions.clinical.course import assessment_course, outcome


@dataclass(frozen=True)
class Progress:
    given: int
    planned: int
    in_maintenance: bool
    next_due: date | None
    overdue: bool

    @property
    def label(self) -> str:
        if self.in_maintenance:
            return f"maintenance · {self.given} given"
        return f"{self.given} of {self.planned}"


def treatment_dates(plan, dosed_at: list[datetime], tz) -> list[date]:
    """The site-local dates of the treatments that belong to the plan, in order."""
    dates = sorted(moment.astimezone(tz).date() for moment in dosed_at)
    return [day for day in dates if day >= plan.started_on and (plan.ended_on is None or day <= plan.ended_on)]


def induction_spacing(plan) -> timedelta:
    return timedelta(days=max(1, plan.induction_days // plan.induction_treatments))


def progress(plan, dates: list[date], today: date) -> Progress:
    given = len(dates)
    in_maintenance = given >= plan.induction_treatments
    if not dates:
        next_due = plan.started_on
    elif not in_maintenance:
        next_due = dates[-1] + induction_spacing(plan)
    elif plan.maintenance_interval_days:
        next_due = dates[-1] + timedelta(days=plan.maintenance_interval_days)
    else:
        next_due = None  # induction complete and no maintenance planned
    if plan.ended_on is not None:
        next_due = None
    return Progress(
        given=given,
        planned=plan.induction_treatments,
        in_maintenance=in_maintenance and bool(plan.maintenance_interval_days),
        next_due=next_due,
        overdue=next_due is not None and today > next_due,
    )


def plan_progress(plan, dosed_at: list[datetime], now: datetime) -> Progress:
    tz = plan.site.tzinfo
    return progress(plan, treatment_dates(plan, dosed_at, tz), now.astimezone(tz).date())


def suggested_outcome(assessments_in_order) -> tuple[str, dict]:
    """The outcome the PHQ-9 course shows ("" without two scores), and the scores it rests on."""
    points = assessment_course(assessments_in_order).get("phq9", [])
    result = outcome(points)
    if result is None or result.scores < 2:
        return "", {}
    scores = {"first": result.first, "latest": result.latest, "percent_change": result.percent_change}
    if result.in_remission:
        return "remission", scores
    return ("response" if result.in_response else "no_response"), scores
