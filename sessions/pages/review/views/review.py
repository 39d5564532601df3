"""The physician's review pages: live alerts, the session list and review, sign-off, addenda and
the patient's course. Every write is a service call; these views only parse, call and render.

A nurse may read every page of her sites but is refused (403) acknowledging and signing; a row of
another site is a 404, so its existence is never confirmed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.access import Action, can, require, scope, site_ids_for
from sessions import selectors, services
from sessions.charts.course import build_course_chart
from sessions.clinical.course import assessment_course, outcome, summarise_session
from sessions.models import InfusionSession
from sessions.pages.common import session_view
from sessions.pages.forms import apply_service_errors
from sessions.pages.review import history as audit_history
from sessions.pages.review import selectors as review_selectors
from sessions.pages.review.forms import (
    AcknowledgeForm,
    AddendumForm,
    SessionReviewFilter,
    SignForm,
    SnoozeForm,
    awaiting_sign_off_by,
)
from sessions.pages.review.views.course_plan import plan_summary

PAGE_SIZE = 25


def critical_banner(request):
    """The strip of unacknowledged critical alerts that every page loads and polls (see base.html)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # htmx swaps nothing: a login page must not land in the banner
    banner = selectors.critical_banner(request.user)
    return render(request, "sessions/review/partials/critical_banner.html", {"banner": banner})


@login_required
def alert_list(request):
    """Open alerts across the user's sites; HTMX polls the list region alone."""
    page = Paginator(selectors.open_alerts_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "now": timezone.now(),
        "ack_site_ids": site_ids_for(request.user, Action.ACKNOWLEDGE),
        "snooze_site_ids": site_ids_for(request.user, Action.CHART),
        "form": AcknowledgeForm(),
        "snooze_max": settings.ALERT_SNOOZE_MAX_MINUTES,
    }
    if request.htmx and request.GET.get("region") == "list":
        return render(request, "sessions/review/partials/alert_list.html", context)
    return render(request, "sessions/review/alerts.html", context)


@require_POST
@login_required
def alert_acknowledge(request, pk):
    alert = selectors.alert_for(request.user, pk)
    require(request.user, Action.ACKNOWLEDGE, alert.site_id)
    form = AcknowledgeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    alert = services.acknowledge_alert(alert=alert, by=request.user, note=note)
    if request.htmx:
        alert = selectors.alert_for(request.user, pk)
        context = {
            "alert": alert,
            "now": timezone.now(),
            "ack_site_ids": site_ids_for(request.user, Action.ACKNOWLEDGE),
            "snooze_site_ids": site_ids_for(request.user, Action.CHART),
            "snooze_max": settings.ALERT_SNOOZE_MAX_MINUTES,
        }
        return render(request, "sessions/review/partials/alert_item.html", context)
    messages.success(request, f"Alert acknowledged: {alert.message}")
    return redirect(request.POST.get("next") or "review-alerts")


@login_required
def alert_detail(request, pk):
    """An alert's history: raised, acknowledged, resolved, and the audit trail of every change."""
    alert = selectors.alert_for(request.user, pk)
    with timezone.override(alert.site.tzinfo):
        context = {
            "alert": alert,
            "steps": selectors.alert_history(alert),
            "audit": alert.history.select_related("history_user").order_by("history_date"),
            "can_acknowledge": can(request.user, Action.ACKNOWLEDGE, alert.site_id) and not alert.acknowledged_at,
            "form": AcknowledgeForm(),
        }
        return render(request, "sessions/review/alert_detail.html", context)


@login_required
def session_list(request):
    """Filterable, paginated; `?mine=true` is the queue of sessions awaiting this physician's sign-off."""
    sessions = review_selectors.sessions_for_review(request.user)
    filters = SessionReviewFilter(request.GET, queryset=sessions, user=request.user)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "mine": request.GET.get("mine") == "true",
        "awaiting_mine": awaiting_sign_off_by(scope(InfusionSession.objects.all(), request.user), request.user).count(),
        "now": timezone.now(),
    }
    return render(request, "sessions/review/session_list.html", context)


def _review_page(request, session, *, sign_form=None, addendum_form=None):
    now = timezone.now()
    signable = session.discharged_at is not None and not session.is_signed
    context = {
        **selectors.record_details(session, now=now),
        "session": session,
        "now": now,
        "phase": session.phase(now),
        "can_sign": signable and can(request.user, Action.SIGN, session.site_id),
        "can_acknowledge": can(request.user, Action.ACKNOWLEDGE, session.site_id),
        "can_add_addendum": session.is_signed and can(request.user, Action.CHART, session.site_id),
        "can_read_audit": can(request.user, Action.READ_AUDIT_TRAIL, session.site_id),
        "sign_form": sign_form or SignForm(),
        "addendum_form": addendum_form or AddendumForm(),
        "ack_form": AcknowledgeForm(),
    }
    return render(request, "sessions/review/session_review.html", context)


@session_view
def session_review(request, session):
    return _review_page(request, session)


def _post_then_review(request, session, form, action, success: str, form_name: str):
    """Run the service on a valid form and come back to the review; a refusal shows by the fields."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("review-session", pk=session.pk)
    return _review_page(request, session, **{form_name: form})


@require_POST
@session_view
def session_sign(request, session):
    require(request.user, Action.SIGN, session.site_id)

    def sign(data):
        services.sign_session(session=session, by=request.user, attestation=data["attestation"])

    success = f"Session signed: {session.patient.full_name}, treatment #{session.course_number}."
    return _post_then_review(request, session, SignForm(request.POST), sign, success, "sign_form")


@require_POST
@session_view
def addendum_create(request, session):
    require(request.user, Action.CHART, session.site_id)

    def add(data):
        services.add_addendum(session=session, by=request.user, **data)

    return _post_then_review(request, session, AddendumForm(request.POST), add, "Addendum added.", "addendum_form")


@login_required
def patient_course(request, pk):
    """Every session of the patient's series with its vital-sign extremes, and the questionnaires' trend."""
    patient = selectors.patient_for(request.user, pk)
    tz = patient.site.tzinfo
    with timezone.override(tz):
        sessions = selectors.course_sessions(patient)
        by_instrument = assessment_course(selectors.course_assessments(patient))
        by_session = {}
        for points in by_instrument.values():
            for point in points:
                by_session.setdefault(point.assessment.session_id, []).append(point)
        context = {
            "patient": patient,
            "rows": [
                (session, summarise_session(session, session.judged_readings), by_session.get(session.pk, []))
                for session in sessions
            ],
            "charts": [
                (build_course_chart(instrument, points, tz=tz), points, outcome(points))
                for instrument, points in sorted(by_instrument.items(), key=lambda item: item[0] != "phq9")
            ],
            "unattached": by_session.get(None, []),
            "can_read_audit": can(request.user, Action.READ_AUDIT_TRAIL, patient.site_id),
            **plan_summary(request.user, patient, [s.infusion_started_at for s in sessions if s.infusion_started_at]),
        }
        return render(request, "sessions/review/patient_course.html", context)


@session_view
def session_history(request, session):
    """Every change to the session and what was charted on it; physicians and admins only."""
    require(request.user, Action.READ_AUDIT_TRAIL, session.site_id)
    entries = audit_history.session_history(session)
    return render(request, "sessions/review/history.html", {"subject": session, "entries": entries})


@login_required
def patient_history(request, pk):
    patient = selectors.patient_for(request.user, pk)
    require(request.user, Action.READ_AUDIT_TRAIL, patient.site_id)
    with timezone.override(patient.site.tzinfo):
        entries = audit_history.patient_history(patient)
        return render(request, "sessions/review/history.html", {"subject": patient, "entries": entries})


@require_POST
@login_required
def alert_snooze(request, pk):
    """Silence one alert for a while with a reason; a refusal (too long, no reason, already
    escalated) is shown on the alert list."""
    alert = selectors.alert_for(request.user, pk)
    form = SnoozeForm(request.POST)
    if form.is_valid():
        try:
            services.snooze_alert(
                alert=alert, by=request.user, minutes=form.cleaned_data["minutes"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            apply_service_errors(form, refused)
    if form.errors:
        messages.error(request, "Not snoozed: " + " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, f"Snoozed for {form.cleaned_data['minutes']} min: {alert.message}")
    return redirect("review-alerts")
