"""Timeline events, side effects and discharge: small forms that post and come back to the chart."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.access import Action, can
from sessions import selectors, services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST, vitals_near_baseline
from sessions.pages.charting.forms import DischargeForm, EventForm, SideEffectForm
from sessions.pages.charting.views.chart import render_chart
from sessions.pages.common import forbidden_message, session_view
from sessions.pages.forms import apply_service_errors


def _post_then_chart(request, session, form, action, success, form_name):
    """Run `action` on a valid form; on refusal, show the chart with the errors by the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
        else:
            messages.success(request, success)
            return redirect("session-chart", pk=session.pk)
    return render_chart(request, session, **{form_name: form})


@session_view
def event_create(request, session):
    form = EventForm(request.POST or None)

    def record(data):
        services.record_event(session=session, by=request.user, **{k: v for k, v in data.items() if v or k == "kind"})

    label = dict(form.fields["kind"].choices).get(request.POST.get("kind"), "Event")
    return _post_then_chart(request, session, form, record, f"{label} recorded.", "event_form")


@session_view
def side_effect_create(request, session):
    form = SideEffectForm(request.POST or None)

    def record(data):
        services.record_side_effect(session=session, by=request.user, **data)

    return _post_then_chart(request, session, form, record, "Side effect recorded.", "side_effect_form")


@session_view
def side_effect_resolve(request, session, side_effect_pk):
    if request.method == "POST":
        side_effect = get_object_or_404(session.side_effects, pk=side_effect_pk)
        try:
            services.resolve_side_effect(side_effect=side_effect, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"{side_effect.label} marked resolved.")
    return redirect("session-chart", pk=session.pk)


@session_view
def discharge(request, session):
    """The checklist, what is still missing, and the override only a physician may give."""
    now = timezone.now()
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.discharge(
                session=session,
                by=request.user,
                checklist=form.checklist(),
                override_reason=form.cleaned_data["override_reason"],
                now=now,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
        else:
            messages.success(request, f"{session.patient.full_name} discharged.")
            return redirect("session-discharge", pk=session.pk)
    session.refresh_from_db()
    complete_at = session.observation_complete_at()
    context = {
        "session": session,
        "form": form,
        "checklist": DISCHARGE_CHECKLIST,
        "observation_complete_at": complete_at,
        "observation_done": complete_at is not None and now >= complete_at,
        "vitals_ok": vitals_near_baseline(session),
        "can_override": can(request.user, Action.OVERRIDE_DISCHARGE, session.site_id),
        "next_appointment": selectors.next_treatment_due(session.patient, now=now),
        "now": now,
    }
    return render(request, "sessions/discharge.html", context)
