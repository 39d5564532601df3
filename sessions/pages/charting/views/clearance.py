from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from clinic.access import Action, can
from sessions import services
from sessions.models import AlertRule
from sessions.pages.common import forbidden_message, session_view
from sessions.services.lifecycle import clearance_pending


@session_view
def session_clear(request, session):
    """A physician clears a session held back by a medication interaction (MAOI by default)."""
    if request.method == "POST":
        try:
            services.clear_session(session=session, by=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, forbidden_message(error))
        else:
            messages.success(request, "Session cleared: the infusion may start.")
    return redirect("session-chart", pk=session.pk)


def monitoring_context(request, session) -> dict:
    """What the chart shows about how this patient is monitored: a pending physician clearance
    and the patient's own alert limits with their reasons."""
    return {
        "clearance_pending": clearance_pending(session),
        "can_clear": can(request.user, Action.SIGN, session.site_id),
        "patient_rules": AlertRule.objects.filter(site_id=session.site_id, patient_id=session.patient_id, active=True),
    }
