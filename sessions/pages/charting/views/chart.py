"""The session chart: fast vitals entry, the live readings/alerts region, corrections."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.access import Action, can
from sessions import selectors, services
from sessions.charts.trend import chart_for_session
from sessions.clinical import schedule
from sessions.pages.charting.forms import (
    ArtifactForm,
    CorrectionForm,
    EventForm,
    SideEffectForm,
    VitalsEntryForm,
    VitalsForm,
)
from sessions.pages.charting.selectors import due_state
from sessions.pages.charting.views.clearance import monitoring_context
from sessions.pages.common import forbidden_message, session_view
from sessions.pages.forms import apply_service_errors


def live_context(request, session) -> dict:
    """Everything on the chart that changes over time (what the 15-second poll re-renders)."""
    now = timezone.now()
    details = selectors.chart_details(session)
    valid = [reading for reading in details["readings"] if not reading.entered_in_error]
    due = schedule.next_due(session, valid[-1].measured_at if valid else None, now)
    state, minutes = due_state(due, now)
    return {
        "session": session,
        "now": now,
        "phase": session.phase(now),
        "due": due,
        "due_state": state,
        "due_minutes": minutes,
        "rows": selectors.scored_rows(details["readings"]),
        "open_alerts": [alert for alert in details["alerts"] if alert.is_open],
        "alerts": details["alerts"],
        "events": details["events"],
        "side_effects": details["side_effects"],
        "chart": chart_for_session(session, now=now, readings=details["readings"], events=details["events"]),
        "chartable": session.discharged_at is None and not session.is_signed,
        "can_override": can(request.user, Action.OVERRIDE_DISCHARGE, session.site_id),
    }


def render_chart(request, session, *, vitals_form=None, event_form=None, side_effect_form=None, result=None):
    context = live_context(request, session)
    context.update(
        vitals_form=vitals_form or VitalsEntryForm(site=session.site),
        event_form=event_form or EventForm(),
        side_effect_form=side_effect_form or SideEffectForm(),
        result=result,
        **monitoring_context(request, session),
    )
    return render(request, "sessions/chart.html", context)


@session_view
def session_chart(request, session):
    if request.htmx and request.GET.get("region") == "live":
        return render(request, "sessions/partials/chart_live.html", live_context(request, session))
    return render_chart(request, session)


@session_view
def reading_create(request, session):
    """Store one reading. HTMX gets a fresh form plus the live region; without JS, redirect."""
    if request.method != "POST":
        return redirect("session-chart", pk=session.pk)
    form = VitalsEntryForm(request.POST, site=session.site)
    result = None
    if form.is_valid():
        try:
            result = services.record_vitals(
                session=session,
                values=form.values(),
                by=request.user,
                measured_at=form.cleaned_data["measured_at"],
                note=form.cleaned_data["note"],
                client_key=form.cleaned_data["client_key"],
                artifact_reason=form.cleaned_data["artifact_reason"],
                artifact_fields=form.artifact_fields(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
    if result is not None:
        if not request.htmx:
            messages.success(request, "Reading saved.")
            return redirect("session-chart", pk=session.pk)
        form = VitalsEntryForm(site=session.site)
    if request.htmx:
        context = live_context(request, session)
        context.update(vitals_form=form, result=result, oob=True)
        return render(request, "sessions/partials/vitals_entry.html", context)
    return render_chart(request, session, vitals_form=form)


@session_view
def reading_correct(request, session, reading_pk):
    """Mark a reading entered in error with a reason and, optionally, enter the right values."""
    reading = get_object_or_404(session.readings, pk=reading_pk)
    initial = {field: getattr(reading, field) for field in VitalsForm.MEASUREMENTS}
    initial["on_oxygen"] = {True: "yes", False: "no"}.get(reading.on_oxygen, "")
    form = CorrectionForm(request.POST or None, initial=initial, site=session.site)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        has_values = any(value not in (None, "") for key, value in values.items() if key != "temperature_unit")
        try:
            services.correct_reading(
                reading=reading,
                reason=form.cleaned_data["reason"],
                by=request.user,
                values=values if has_values else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
        else:
            messages.success(request, "Reading marked entered in error" + (" and corrected." if has_values else "."))
            return redirect("session-chart", pk=session.pk)
    context = {
        "session": session,
        "reading": reading,
        "news2": selectors.news2_for_readings([reading])[reading.pk],
        "form": form,
    }
    return render(request, "sessions/correct_reading.html", context)


@session_view
def reading_artifact(request, session, reading_pk):
    """Mark a reading, or some of its values, as an artifact after the fact, with a reason."""
    reading = get_object_or_404(session.readings, pk=reading_pk)
    form = ArtifactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_artifact(
                reading=reading,
                fields=form.artifact_fields(),
                reason=form.cleaned_data["artifact_reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
        else:
            messages.success(request, "Marked as an artifact; rules and NEWS2 now leave it out.")
            return redirect("session-chart", pk=session.pk)
    return render(request, "sessions/mark_artifact.html", {"session": session, "reading": reading, "form": form})
