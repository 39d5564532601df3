"""Alert configuration pages: rules by scope, their history, the backtest, medicine-class
responses and overdue grace. Everyone at a site may read the limits (nurses must know them);
only physicians and admins may change them, which the services check again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clinic.access import Action, can, scope, site_ids_for
from clinic.models import DrugClass, MedicationClassResponse
from clinic.site_choice import current_site
from sessions import services
from sessions.clinical import schedule
from sessions.clinical.backtest import backtest_rule
from sessions.models import AlertRule, Protocol
from sessions.pages.forms import apply_service_errors
from sessions.pages.rules.forms import (
    MEDICATION_CLASSES,
    AlertRuleForm,
    BacktestPeriodForm,
    MedicationResponseForm,
    ProtocolGraceForm,
)
from sessions.pages.rules.history import changes

SCOPES = (("site", "Whole site"), ("protocol", "Per protocol"), ("patient", "Per patient"))


def _rule(request, pk, action=Action.VIEW) -> AlertRule:
    """A rule of the user's sites (404 elsewhere); 403 when the role may not take `action`."""
    rule = get_object_or_404(
        scope(AlertRule.objects.select_related("site", "protocol", "patient"), request.user), pk=pk
    )
    if not can(request.user, action, rule.site_id):
        raise PermissionDenied("Only physicians and clinic admins may change alert rules.")
    return rule


def _configurable_site(request):
    site, _ = current_site(request, Action.CONFIGURE_RULES)
    if site is None:
        raise PermissionDenied("Only physicians and clinic admins may change alert rules.")
    return site


@login_required
def rule_list(request):
    site, sites = current_site(request)
    rules = []
    if site is not None:
        rules = list(
            AlertRule.objects.filter(site=site)
            .select_related("protocol", "patient")
            .annotate(alert_count=Count("alerts"))
            .order_by("-active", "metric", "name")
        )
    groups = [(label, [rule for rule in rules if _scope_name(rule) == key]) for key, label in SCOPES]
    context = {
        "site": site,
        "sites": sites,
        "groups": groups,
        "can_configure": site is not None and can(request.user, Action.CONFIGURE_RULES, site),
        "responses": _responses(site) if site else [],
        "protocols": [
            (protocol, [schedule.grace_minutes(protocol.snapshot(), phase) for phase in Protocol.GRACE_PHASES])
            for protocol in Protocol.objects.filter(active=True)
        ],
    }
    return render(request, "rules/list.html", context)


def _scope_name(rule) -> str:
    return ("site", "protocol", "patient")[rule.scope_level]


def _responses(site) -> list[tuple[str, str, MedicationClassResponse | None]]:
    configured = {r.drug_class: r for r in MedicationClassResponse.objects.filter(site=site)}
    return [(value, label, configured.get(value)) for value, label in MEDICATION_CLASSES]


@login_required
def rule_detail(request, pk):
    rule = _rule(request, pk)
    context = {
        "rule": rule,
        "history": changes(rule),
        "alert_count": rule.alerts.count(),
        "can_configure": can(request.user, Action.CONFIGURE_RULES, rule.site_id),
    }
    return render(request, "rules/detail.html", context)


@login_required
def rule_create(request):
    site = _configurable_site(request)
    return _edit(request, AlertRule(site=site), site)


@login_required
def rule_edit(request, pk):
    rule = _rule(request, pk, Action.CONFIGURE_RULES)
    return _edit(request, rule, rule.site)


def _edit(request, rule, site):
    form = AlertRuleForm(request.POST or None, instance=rule, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.save_alert_rule(rule=form.save(commit=False), by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Rule saved: {rule.describe()}.")
            return redirect("rule-detail", pk=rule.pk)
    with timezone.override(site.tzinfo):
        context = {"form": form, "rule": rule, "site": site, "period": BacktestPeriodForm()}
        return render(request, "rules/form.html", context)


@login_required
def rule_backtest(request, pk=None):
    """Replay the draft in the form (unsaved) over stored readings; renders the result partial."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    current = _rule(request, pk, Action.CONFIGURE_RULES) if pk else None
    site = current.site if current else _configurable_site(request)
    draft = AlertRule.objects.get(pk=pk) if pk else AlertRule(site=site)
    form = AlertRuleForm(request.POST, instance=draft, site=site)
    period = BacktestPeriodForm(request.POST)
    with timezone.override(site.tzinfo):
        result = None
        if form.is_valid() and period.is_valid():
            start, end = period.bounds()
            result = backtest_rule(form.instance, start=start, end=end, current=current)
        context = {"result": result, "form": form, "period": period, "draft": form.instance}
        return render(request, "rules/partials/backtest.html", context)


@login_required
def rule_set_active(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    rule = _rule(request, pk, Action.CONFIGURE_RULES)
    active = request.POST.get("active") == "1"
    try:
        services.set_rule_active(rule=rule, active=active, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Rule {'enabled' if active else 'disabled'}: {rule.name}.")
    return redirect("rule-detail", pk=rule.pk)


@login_required
def medication_response_edit(request, drug_class):
    if drug_class not in dict(MEDICATION_CLASSES):
        raise Http404("Unknown medicine class.")
    site = _configurable_site(request)
    response = MedicationClassResponse.objects.filter(site=site, drug_class=drug_class).first()
    response = response or MedicationClassResponse(site=site, drug_class=drug_class)
    form = MedicationResponseForm(request.POST or None, instance=response)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_medication_response(response=form.save(commit=False), by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{DrugClass(drug_class).label} response saved.")
            return redirect("rule-list")
    extra_rules = AlertRule.objects.filter(site=site, medication_class=drug_class)
    context = {
        "form": form,
        "site": site,
        "title": f"{DrugClass(drug_class).label}: monitoring response",
        "extra_rules": extra_rules,
        "drug_class": drug_class,
    }
    return render(request, "rules/settings_form.html", context)


@login_required
def protocol_grace_edit(request, pk):
    protocol = get_object_or_404(Protocol, pk=pk)
    if not site_ids_for(request.user, Action.CONFIGURE_RULES):
        raise PermissionDenied("Only physicians and clinic admins may change monitoring settings.")
    form = ProtocolGraceForm(request.POST or None, protocol=protocol)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_protocol_grace(protocol=protocol, grace_by_phase=form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Overdue grace saved for {protocol.name}.")
            return redirect("rule-list")
    context = {"form": form, "title": f"Overdue grace · {protocol.name}", "protocol": protocol}
    return render(request, "rules/settings_form.html", context)
