"""Setting and ending a patient's treatment-course plan: physicians only, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.access import Action, require
from sessions.clinical.course_plan import suggested_outcome
from sessions.models import CoursePlan

from .guards import audited

MAX_INDUCTION_TREATMENTS = 24
MAX_DAYS = 365


def _check_plan(induction_treatments: int, induction_days: int, maintenance_interval_days: int | None) -> None:
    errors = {}
    if not 1 <= induction_treatments <= MAX_INDUCTION_TREATMENTS:
        errors["induction_treatments"] = f"Plan 1 to {MAX_INDUCTION_TREATMENTS} induction treatments."
    elif not induction_treatments <= induction_days <= MAX_DAYS:
        errors["induction_days"] = "Spread the induction over at least one day per treatment (at most a year)."
    if maintenance_interval_days is not None and not 1 <= maintenance_interval_days <= MAX_DAYS:
        errors["maintenance_interval_days"] = "The maintenance interval is 1 to 365 days."
    if errors:
        raise ValidationError(errors)


def set_course_plan(
    *,
    patient,
    by,
    protocol,
    induction_treatments: int,
    induction_days: int,
    maintenance_interval_days: int | None,
    started_on: date,
) -> CoursePlan:
    """Start a plan; a patient has one active plan at a time, so the current one must be ended first."""
    require(by, Action.PLAN_COURSE, patient.site_id)
    _check_plan(induction_treatments, induction_days, maintenance_interval_days)
    if not protocol.active:
        raise ValidationError({"protocol": "This protocol is no longer in use."})
    with transaction.atomic():
        if CoursePlan.objects.select_for_update().filter(patient=patient, status=CoursePlan.Status.ACTIVE).exists():
            raise ValidationError("This patient already has an active plan; end it with its outcome first.")
        plan = CoursePlan(
            site_id=patient.site_id,
            patient=patient,
            protocol=protocol,
            induction_treatments=induction_treatments,
            induction_days=induction_days,
            maintenance_interval_days=maintenance_interval_days,
            started_on=started_on,
            set_by=by,
        )
        audited(plan, by).save()
    return plan


def end_course_plan(*, plan, by, outcome: str, note: str = "", ended_on: date, assessments, now=None) -> CoursePlan:
    """End the plan with the outcome the physician records, keeping the PHQ-9 scores it rested on."""
    now = now or timezone.now()
    require(by, Action.PLAN_COURSE, plan.site_id)
    if outcome not in CoursePlan.Outcome.values:
        raise ValidationError({"outcome": "Choose the course's outcome."})
    with transaction.atomic():
        plan = CoursePlan.objects.select_for_update(of=("self",)).select_related("site").get(pk=plan.pk)
        if plan.status != CoursePlan.Status.ACTIVE:
            raise ValidationError("This plan has already ended.")
        if ended_on < plan.started_on or ended_on > now.astimezone(plan.site.tzinfo).date():
            raise ValidationError({"ended_on": "The end date must fall between the plan's start and today."})
        plan.status = CoursePlan.Status.ENDED
        plan.ended_on = ended_on
        plan.ended_by = by
        plan.outcome = outcome
        plan.outcome_note = note.strip()
        plan.outcome_scores = suggested_outcome(assessments)[1]
        audited(plan, by).save()
    return plan
