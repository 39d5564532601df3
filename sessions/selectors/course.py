"""A patient's course of treatments: the sessions, plans and scores the course pages and documents read."""

from datetime import date, datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from clinic.access import scope
from clinic.models import Patient
from sessions.clinical import artifacts, course_plan
from sessions.models import Alert, Assessment, CoursePlan, InfusionSession, SideEffect, VitalSigns


def patient_for(user, pk) -> Patient:
    return get_object_or_404(scope(Patient.objects.select_related("site"), user), pk=pk)


def course_sessions(patient) -> list[InfusionSession]:
    """The patient's sessions in order, each with its readings (`judged_readings`: artifact values
    left out of the statistics), side effects and alerts (five queries)."""
    sessions = list(
        patient.sessions.filter(site_id=patient.site_id)
        .select_related("site")
        .order_by("arrived_at", "id")
        .prefetch_related(
            Prefetch(
                "readings",
                queryset=VitalSigns.objects.valid().order_by("measured_at", "id").prefetch_related("artifacts"),
                to_attr="valid_readings",
            ),
            Prefetch(
                "side_effects", queryset=SideEffect.objects.filter(entered_in_error=False), to_attr="valid_side_effects"
            ),
            Prefetch("alerts", queryset=Alert.objects.order_by("raised_at", "id"), to_attr="alert_list"),
        )
    )
    for session in sessions:
        marks = artifacts.marks_by_reading(
            mark for reading in session.valid_readings for mark in reading.artifacts.all()
        )
        session.judged_readings = artifacts.judged(session.valid_readings, marks)
    return sessions


def course_plans(patient) -> list[CoursePlan]:
    return list(
        patient.course_plans.filter(site_id=patient.site_id).select_related("protocol", "site", "set_by", "ended_by")
    )


def active_course_plan(patient) -> CoursePlan:
    plans = patient.course_plans.filter(site_id=patient.site_id, status=CoursePlan.Status.ACTIVE)
    return get_object_or_404(plans.select_related("site"))


def dosed_times(patient) -> list[datetime]:
    """When each of the patient's treatments was given (the dose or the infusion's start)."""
    sessions = patient.sessions.filter(site_id=patient.site_id, infusion_started_at__isnull=False)
    return list(sessions.values_list("infusion_started_at", flat=True))


def next_treatment_due(patient, *, now) -> date | None:
    """The next treatment the patient's active plan asks for (the discharge instructions' next appointment)."""
    plan = patient.course_plans.filter(status=CoursePlan.Status.ACTIVE).select_related("site").first()
    return course_plan.plan_progress(plan, dosed_times(patient), now).next_due if plan else None


def course_assessments(patient) -> list[Assessment]:
    return list(
        patient.assessments.filter(site_id=patient.site_id, entered_in_error=False)
        .select_related("session")
        .order_by("administered_at", "id")
    )
