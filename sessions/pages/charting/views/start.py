from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.access import Action, scope, site_ids_for
from clinic.interactions import interaction_warnings, responses_for
from clinic.models import Patient, Role, StaffMembership
from clinic.site_choice import current_site
from clinic.units import to_kg
from sessions import services
from sessions.clinical.dosing import compute_dose
from sessions.pages.charting.forms import PatientForm, StartSessionForm
from sessions.pages.forms import apply_service_errors


@login_required
def patient_search(request):
    """Find a patient by name or MRN at the current site; the list swaps in as the nurse types."""
    site, sites = current_site(request, Action.CHART)
    query = request.GET.get("q", "").strip()
    patients = []
    if site is not None and query:
        terms = Q()
        for word in query.split():
            terms &= Q(mrn__iexact=word) | Q(given_name__icontains=word) | Q(family_name__icontains=word)
        patients = scope(Patient.objects.filter(site=site, active=True), request.user, Action.CHART).filter(terms)[:20]
    context = {"site": site, "sites": sites, "query": query, "patients": patients, "form": PatientForm()}
    template = "sessions/partials/patient_results.html" if request.htmx else "sessions/start_find_patient.html"
    return render(request, template, context)


@login_required
def patient_create(request):
    site, sites = current_site(request, Action.CHART)
    if site is None:
        raise PermissionDenied("You do not chart at any site.")
    form = PatientForm(request.POST or None, instance=Patient(site=site))
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        patient = form.save()
        return redirect("session-start", patient_pk=patient.pk)
    return render(request, "sessions/start_find_patient.html", {"site": site, "sites": sites, "form": form})


def _chartable_patient(request, patient_pk) -> Patient:
    patients = Patient.objects.filter(site_id__in=site_ids_for(request.user, Action.CHART))
    return get_object_or_404(patients.select_related("site"), pk=patient_pk)


def _start_defaults(patient) -> dict:
    last_weight = patient.weights.first()
    return {
        "weight_value": last_weight.value if last_weight else None,
        "weight_unit": last_weight.unit if last_weight else patient.site.weight_unit,
        "course_number": patient.sessions.count() + 1,
    }


@login_required
def session_start(request, patient_pk):
    """Protocol, weight (last visit's, editable), dose with its formula, interactions, chair."""
    patient = _chartable_patient(request, patient_pk)
    physicians = StaffMembership.objects.filter(site=patient.site, role=Role.PHYSICIAN, active=True)
    form = StartSessionForm(
        request.POST or None,
        initial=_start_defaults(patient),
        physicians=get_user_model().objects.filter(pk__in=physicians.values("user")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.start_session(patient=patient, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Session started for {patient.full_name}: {session.dose_formula}.")
            return redirect("session-chart", pk=session.pk)
    medications = patient.medications.current().select_related("medication")
    context = {
        "patient": patient,
        "form": form,
        "warnings": interaction_warnings(medications, responses_for(patient.site_id)),
        "medications": medications,
    }
    return render(request, "sessions/start_session.html", context)


@login_required
def dose_preview(request, patient_pk):
    """The dose and its formula for the protocol and weight currently in the form."""
    patient = _chartable_patient(request, patient_pk)
    form = StartSessionForm(request.GET, physicians=get_user_model().objects.none())
    dose, problem = None, ""
    form.is_valid()
    data = form.cleaned_data
    protocol = data.get("protocol")
    if protocol and data.get("weight_value") and data.get("weight_unit"):
        try:
            dose = compute_dose(
                protocol.snapshot(), to_kg(data["weight_value"], data["weight_unit"]), data.get("dose_mg")
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
    context = {"dose": dose, "problem": problem, "protocol": protocol, "patient": patient, "now": timezone.now()}
    return render(request, "sessions/partials/dose_preview.html", context)
