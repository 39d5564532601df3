"""The patient's treatment-course plan: physicians set and end it; nurses of the site may read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.access import Action, can, require
from sessions import selectors, services
from sessions.clinical.course_plan import plan_progress, suggested_outcome
from sessions.models import CoursePlan
from sessions.pages.forms import apply_service_errors
from sessions.pages.review.forms import CoursePlanForm, EndCoursePlanForm


def plan_summary(user, patient, dosed_at) -> dict:
    """The plan box of the plan page and the patient course page: plans, progress, who may change them."""
    plans = selectors.course_plans(patient)
    current = next((plan for plan in plans if plan.status == plan.Status.ACTIVE), None)
    return {
        "plans": plans,
        "current": current,
        "progress": plan_progress(current, dosed_at, timezone.now()) if current else None,
        "can_plan": can(user, Action.PLAN_COURSE, patient.site_id),
    }


def _page(request, patient, *, plan_form=None, end_form=None):
    today = timezone.now().astimezone(patient.site.tzinfo).date()
    suggestion, scores = suggested_outcome(selectors.course_assessments(patient))
    context = {
        **plan_summary(request.user, patient, selectors.dosed_times(patient)),
        "patient": patient,
        "suggestion": suggestion,
        "suggestion_label": CoursePlan.Outcome(suggestion).label if suggestion else "",
        "scores": scores,
        "plan_form": plan_form or CoursePlanForm(initial={"started_on": today}),
        "end_form": end_form or EndCoursePlanForm(initial={"ended_on": today, "outcome": suggestion}),
    }
    with timezone.override(patient.site.tzinfo):
        return render(request, "sessions/review/course_plan.html", context)


@login_required
def course_plan(request, pk):
    patient = selectors.patient_for(request.user, pk)
    if request.method != "POST":
        return _page(request, patient)
    require(request.user, Action.PLAN_COURSE, patient.site_id)
    form = CoursePlanForm(request.POST)
    if form.is_valid():
        try:
            services.set_course_plan(patient=patient, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Course plan set.")
            return redirect("review-course-plan", pk=patient.pk)
    return _page(request, patient, plan_form=form)


@require_POST
@login_required
def course_plan_end(request, pk):
    patient = selectors.patient_for(request.user, pk)
    require(request.user, Action.PLAN_COURSE, patient.site_id)
    plan = selectors.active_course_plan(patient)
    form = EndCoursePlanForm(request.POST)
    if form.is_valid():
        try:
            plan = services.end_course_plan(
                plan=plan,
                by=request.user,
                assessments=selectors.course_assessments(patient),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Course ended: {plan.get_outcome_display()}.")
            return redirect("review-course-plan", pk=patient.pk)
    return _page(request, patient, end_form=form)
