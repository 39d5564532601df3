"""The REMS monitoring record: the nurse's form, the queue of records to submit, print and PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.access import Action, can
from sessions import services
from sessions.clinical import rems
from sessions.models import RemsRecord
from sessions.pages.common import forbidden_message, session_view
from sessions.pages.documents import pdf_response
from sessions.pages.forms import apply_service_errors
from sessions.pages.rems import selectors
from sessions.pages.rems.forms import RemsRecordForm, RemsSubmitForm


def _record_context(session) -> dict:
    """The record as it stands: frozen items once completed, else what the chart says now."""
    try:
        services.ensure_esketamine(session)
    except ValidationError:
        raise Http404("Only esketamine sessions have a REMS monitoring record.") from None
    record = RemsRecord.objects.filter(session=session).select_related("completed_by", "submitted_by").first()
    record = record or RemsRecord(session=session, site=session.site)
    charted = services.charted_rems_items(session)
    items = record.items if record.is_completed else rems.describe(charted, session.site.tzinfo)
    return {
        "session": session,
        "patient": session.patient,
        "record": record,
        "charted": charted,
        "items": items,
        "class_labels": dict(rems.FORM_CLASSES),
        "missing": [] if record.is_completed else rems.missing_items(charted, record),
        "deadline": rems.submission_deadline(charted.dosed_at, session.site.tzinfo) if charted.dosed_at else None,
    }


def _initial(context) -> dict:
    charted, record = context["charted"], context["record"]
    if record.pk:
        return {}
    return {
        "medication_classes": charted.medication_classes,
        "dose_mg": charted.dose_mg,
        "device_lot_numbers": charted.lot_numbers,
    }


@session_view
def rems_record(request, session):
    context = _record_context(session)
    record = context["record"]
    form = RemsRecordForm(request.POST or None, instance=record, initial=_initial(context))
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.save_rems_record(session=session, by=request.user, values=values, complete=complete)
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, forbidden_message(error))
        else:
            messages.success(request, "REMS record completed." if complete else "REMS record saved.")
            return redirect("rems-record", pk=session.pk)
        context = _record_context(session)
    context |= {"form": form, "can_chart": can(request.user, Action.CHART, session.site_id)}
    return render(request, "sessions/rems/record.html", context)


@session_view
def rems_print(request, session):
    return render(request, "sessions/documents/rems_record.html", _record_context(session))


@session_view
def rems_pdf(request, session):
    filename = f"rems-{session.patient.mrn}-{session.arrived_at:%Y%m%d}.pdf"
    return pdf_response("sessions/documents/rems_record.html", _record_context(session), filename=filename)


@require_POST
@session_view
def rems_submit(request, session):
    form = RemsSubmitForm(request.POST)
    if form.is_valid():
        try:
            services.submit_rems_record(
                session=session, by=request.user, submitted_on=form.cleaned_data["submitted_on"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, f"REMS record for {session.patient.full_name} marked submitted.")
    else:
        messages.error(request, "Give the date the record was submitted.")
    return redirect("rems-queue")


@login_required
def rems_queue(request):
    now = timezone.now()
    rows = selectors.rems_queue(request.user, now=now)
    return render(
        request, "sessions/rems/queue.html", {"rows": rows, "now": now, "submission_days": rems.SUBMISSION_DAYS}
    )
