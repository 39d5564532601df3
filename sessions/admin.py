"""Admin for protocols, sessions and what is charted on them, and the alert rules.

Charting rows (sessions, readings, side effects, events, assessments, addenda, alerts) are
view-only here: they are written by `sessions.services`, which validates, locks the session
and judges the alert rules. Protocols and alert rules are configured here; their model
`clean()` validates and simple-history keeps who changed what.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Q

from clinic.admin import PATIENT_SEARCH, SITE_FILTER
from clinic.admin_scoping import ChartRecordAdmin, ClinicAdmin, ClinicModelForm, ReadOnlyInline, site_time
from sessions.models import (
    Addendum,
    Alert,
    AlertRule,
    Assessment,
    InfusionSession,
    Phase,
    Protocol,
    SessionClearance,
    SessionEvent,
    SideEffect,
    VitalSigns,
)

SESSION_PATIENT_SEARCH = ("session__patient__family_name", "session__patient__given_name", "=session__patient__mrn")


# --- Protocols ---------------------------------------------------------------------------


class ProtocolForm(ClinicModelForm):
    required_fields = forms.MultipleChoiceField(
        choices=[(name, name.replace("_", " ")) for name in VitalSigns.CHARTABLE_FIELDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Vital fields every reading must include.",
    )

    class Meta:
        model = Protocol
        fields = "__all__"


@admin.register(Protocol)
class ProtocolAdmin(ClinicAdmin):
    group_wide = True
    form = ProtocolForm
    list_display = (
        "name",
        "drug",
        "route",
        "dose",
        "infusion_minutes",
        "infusion_interval_minutes",
        "observation_interval_minutes",
        "min_observation_minutes",
        "version",
        "active",
    )
    list_filter = ("drug", "route", "dose_rule", "active")
    search_fields = ("name",)
    readonly_fields = ("version",)
    fieldsets = (
        (None, {"fields": ("name", "drug", "route", "active", "version")}),
        ("Dose", {"fields": ("dose_rule", "dose_mg_per_kg", "fixed_doses_mg", "max_dose_mg")}),
        (
            "Monitoring",
            {
                "fields": (
                    "infusion_minutes",
                    "infusion_interval_minutes",
                    "observation_interval_minutes",
                    "min_observation_minutes",
                    "overdue_grace_minutes",
                    "required_fields",
                )
            },
        ),
    )

    @admin.display(description="Dose")
    def dose(self, obj):
        if obj.dose_rule == Protocol.DoseRule.PER_KG:
            text = f"{obj.dose_mg_per_kg} mg/kg" if obj.dose_mg_per_kg is not None else "— mg/kg"
        else:
            text = " or ".join(f"{dose} mg" for dose in obj.fixed_doses_mg) or "—"
        return f"{text} (max {obj.max_dose_mg} mg)" if obj.max_dose_mg is not None else text


# --- Sessions and what is charted on them ------------------------------------------------


class ReadingInline(ReadOnlyInline):
    model = VitalSigns
    fields = (
        "measured_at",
        "phase",
        "systolic",
        "diastolic",
        "heart_rate",
        "spo2",
        "respiratory_rate",
        "temperature_value",
        "temperature_unit",
        "sedation_moaas",
        "consciousness",
        "entered_in_error",
        "recorded_by",
    )
    related_lookups = ("recorded_by",)


class SideEffectInline(ReadOnlyInline):
    model = SideEffect
    fields = ("onset_at", "term", "other_term", "severity", "action_taken", "resolved_at", "entered_in_error")


class SessionEventInline(ReadOnlyInline):
    model = SessionEvent
    fields = ("occurred_at", "kind", "rate", "drug", "dose", "route", "note", "entered_in_error")


class AlertInline(ReadOnlyInline):
    model = Alert
    fields = ("raised_at", "severity", "kind", "message", "acknowledged_at", "acknowledged_by", "resolved_at")
    related_lookups = ("acknowledged_by",)


class AddendumInline(ReadOnlyInline):
    model = Addendum
    fields = ("created_at", "author", "text", "reason")
    related_lookups = ("author",)


class SessionStatusFilter(admin.SimpleListFilter):
    """Where a session stands, from its timestamps (the phase itself is never stored)."""

    title = "status"
    parameter_name = "status"
    STATUSES = {
        "pre_check": ("Pre-check", Q(infusion_started_at__isnull=True, discharged_at__isnull=True)),
        "infusion": (
            "Infusing",
            Q(infusion_started_at__isnull=False, infusion_ended_at__isnull=True, discharged_at__isnull=True),
        ),
        "observation": (
            "Observation / ready for discharge",
            Q(infusion_ended_at__isnull=False, discharged_at__isnull=True),
        ),
        "unsigned": ("Discharged, awaiting sign-off", Q(discharged_at__isnull=False, signed_at__isnull=True)),
        "signed": ("Signed", Q(signed_at__isnull=False)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.STATUSES.items()]

    def queryset(self, request, queryset):
        if self.value() in self.STATUSES:
            return queryset.filter(self.STATUSES[self.value()][1])
        return queryset


@admin.register(InfusionSession)
class InfusionSessionAdmin(ChartRecordAdmin):
    list_display = (
        "patient",
        "course_number",
        "protocol",
        "arrived_local",
        "phase",
        "chair",
        "nurse",
        "dose_given_mg",
        "site",
    )
    list_filter = (
        SITE_FILTER,
        SessionStatusFilter,
        ("protocol", admin.RelatedOnlyFieldListFilter),
        "arrived_at",
        "infusion_started_at",
        "discharged_at",
        "signed_at",
    )
    search_fields = ("patient__family_name", "patient__given_name", "=patient__mrn", "lot_number", "chair")
    date_hierarchy = "arrived_at"
    list_select_related = ("site", "patient", "protocol", "nurse")
    inlines = (ReadingInline, SideEffectInline, SessionEventInline, AlertInline, AddendumInline)
    fieldsets = (
        (None, {"fields": ("site", "patient", "course_number", "chair", "nurse", "supervising_physician")}),
        (
            "Protocol and dose",
            {
                "fields": (
                    "protocol",
                    "protocol_snapshot",
                    "weight_value",
                    "weight_unit",
                    "weight_kg",
                    "dose_formula",
                    "dose_computed_mg",
                    "dose_given_mg",
                    "lot_number",
                    "interaction_warnings",
                )
            },
        ),
        ("Timeline", {"fields": ("arrived_at", "infusion_started_at", "infusion_ended_at")}),
        (
            "Discharge",
            {
                "fields": (
                    "discharged_at",
                    "discharged_by",
                    "discharge_checklist",
                    "discharge_override_by",
                    "discharge_override_reason",
                )
            },
        ),
        ("Sign-off", {"fields": ("signed_at", "signed_by", "sign_attestation")}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = ("created_at", "updated_at")

    def has_change_permission(self, request, obj=None):
        # A signed session is fixed; what comes later is an addendum (PostgreSQL refuses it too).
        if obj is not None and obj.is_signed:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="Arrived (site time)", ordering="arrived_at")
    def arrived_local(self, obj):
        return site_time(obj.arrived_at, obj.site)

    @admin.display(description="Phase")
    def phase(self, obj):
        return obj.get_phase_display()


@admin.register(VitalSigns)
class VitalSignsAdmin(ChartRecordAdmin):
    list_display = (
        "measured_local",
        "patient",
        "phase",
        "blood_pressure",
        "heart_rate",
        "spo2",
        "respiratory_rate",
        "temperature",
        "sedation_moaas",
        "source",
        "is_late",
        "entered_in_error",
        "recorded_by",
        "site",
    )
    list_filter = (SITE_FILTER, "phase", "entered_in_error", "is_late", "source", "measured_at")
    search_fields = SESSION_PATIENT_SEARCH
    date_hierarchy = "measured_at"
    list_select_related = ("site", "session__patient", "recorded_by")
    readonly_fields = ("temperature_c",)

    @admin.display(description="Measured (site time)", ordering="measured_at")
    def measured_local(self, obj):
        return site_time(obj.measured_at, obj.site)

    @admin.display(description="Patient", ordering="session__patient__family_name")
    def patient(self, obj):
        return obj.session.patient

    @admin.display(description="BP (mmHg)")
    def blood_pressure(self, obj):
        return f"{obj.systolic}/{obj.diastolic}" if obj.systolic is not None else "—"

    @admin.display(description="Temp.")
    def temperature(self, obj):
        if obj.temperature_value is None:
            return "—"
        return f"{obj.temperature_value} {obj.get_temperature_unit_display()}"


@admin.register(SideEffect)
class SideEffectAdmin(ChartRecordAdmin):
    list_display = (
        "onset_local",
        "patient",
        "label",
        "severity",
        "action_taken",
        "resolved_at",
        "entered_in_error",
        "site",
    )
    list_filter = (SITE_FILTER, "severity", "term", "action_taken", "entered_in_error", "onset_at")
    search_fields = (*SESSION_PATIENT_SEARCH, "other_term", "note")
    date_hierarchy = "onset_at"
    list_select_related = ("site", "session__patient")

    @admin.display(description="Onset (site time)", ordering="onset_at")
    def onset_local(self, obj):
        return site_time(obj.onset_at, obj.site)

    @admin.display(description="Patient", ordering="session__patient__family_name")
    def patient(self, obj):
        return obj.session.patient

    @admin.display(description="Side effect", ordering="term")
    def label(self, obj):
        return obj.label


@admin.register(SessionEvent)
class SessionEventAdmin(ChartRecordAdmin):
    list_display = ("occurred_local", "patient", "kind", "rate", "drug", "dose", "route", "entered_in_error", "site")
    list_filter = (SITE_FILTER, "kind", "entered_in_error", "occurred_at")
    search_fields = (*SESSION_PATIENT_SEARCH, "drug", "note")
    date_hierarchy = "occurred_at"
    list_select_related = ("site", "session__patient")

    @admin.display(description="Occurred (site time)", ordering="occurred_at")
    def occurred_local(self, obj):
        return site_time(obj.occurred_at, obj.site)

    @admin.display(description="Patient", ordering="session__patient__family_name")
    def patient(self, obj):
        return obj.session.patient


@admin.register(Assessment)
class AssessmentAdmin(ChartRecordAdmin):
    list_display = (
        "administered_local",
        "patient",
        "instrument",
        "total",
        "band",
        "safety_flag",
        "session",
        "entered_in_error",
        "site",
    )
    list_filter = (SITE_FILTER, "instrument", "safety_flag", "entered_in_error", "administered_at")
    search_fields = PATIENT_SEARCH
    date_hierarchy = "administered_at"
    list_select_related = ("site", "patient", "session__patient")

    @admin.display(description="Administered (site time)", ordering="administered_at")
    def administered_local(self, obj):
        return site_time(obj.administered_at, obj.site)


@admin.register(Addendum)
class AddendumAdmin(ChartRecordAdmin):
    list_display = ("created_local", "session", "author", "reason", "site")
    list_filter = (SITE_FILTER, "created_at")
    search_fields = (*SESSION_PATIENT_SEARCH, "text", "reason")
    date_hierarchy = "created_at"
    list_select_related = ("site", "session__patient", "author")

    @admin.display(description="Added (site time)", ordering="created_at")
    def created_local(self, obj):
        return site_time(obj.created_at, obj.site)


# --- Alert rules and alerts --------------------------------------------------------------


class AlertRuleForm(ClinicModelForm):
    phases = forms.MultipleChoiceField(
        choices=[(phase.value, phase.label) for phase in (Phase.PRE_CHECK, Phase.INFUSION, Phase.OBSERVATION)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Where the rule applies; none ticked = every phase.",
    )

    class Meta:
        model = AlertRule
        fields = (
            "site",
            "protocol",
            "patient",
            "patient_reason",
            "medication_class",
            "name",
            "metric",
            "reference",
            "comparator",
            "threshold",
            "sustained_readings",
            "phases",
            "severity",
            "message",
            "active",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Keep any phase an older rule was saved with selectable, so editing it never drops it.
        stored = [phase for phase in (self.instance.phases or []) if phase in Phase.values]
        known = {value for value, _ in self.fields["phases"].choices}
        self.fields["phases"].choices += [(phase, Phase(phase).label) for phase in stored if phase not in known]


class RuleScopeFilter(admin.SimpleListFilter):
    title = "scope"
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        return (("site", "Whole site"), ("protocol", "One protocol"), ("patient", "One patient"))

    def queryset(self, request, queryset):
        if self.value() == "site":
            return queryset.filter(protocol__isnull=True, patient__isnull=True)
        if self.value() == "protocol":
            return queryset.filter(protocol__isnull=False, patient__isnull=True)
        if self.value() == "patient":
            return queryset.filter(patient__isnull=False)
        return queryset


@admin.register(AlertRule)
class AlertRuleAdmin(ClinicAdmin):
    """Rules are configured here and never deleted (alerts keep pointing at them); a rule that
    is no longer wanted is deactivated."""

    form = AlertRuleForm
    list_display = ("name", "scope", "what_it_does", "severity", "active", "alerts_raised", "site")
    list_filter = (
        SITE_FILTER,
        RuleScopeFilter,
        ("protocol", admin.RelatedOnlyFieldListFilter),
        "severity",
        "metric",
        "medication_class",
        "active",
    )
    search_fields = ("name", "message", *PATIENT_SEARCH)
    list_select_related = ("site", "protocol", "patient")
    autocomplete_fields = ("patient",)
    readonly_fields = ("what_it_does", "alerts_raised", "created_by")
    fieldsets = (
        (None, {"fields": ("name", "active", "severity", "message")}),
        ("Scope", {"fields": ("site", "protocol", "patient", "patient_reason", "medication_class")}),
        (
            "Condition",
            {"fields": ("metric", "reference", "comparator", "threshold", "sustained_readings", "phases")},
        ),
        ("Record", {"fields": ("what_it_does", "alerts_raised", "created_by")}),
    )
    actions = ("deactivate",)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else fieldsets[:-1]  # nothing to show in "Record" before it exists

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(alert_count=Count("alerts"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Scope")
    def scope(self, obj):
        if obj.patient_id:
            return f"Patient: {obj.patient}"
        if obj.protocol_id:
            return f"Protocol: {obj.protocol}"
        return f"Site: {obj.site}"

    @admin.display(description="What it does")
    def what_it_does(self, obj):
        if obj.pk is None:
            return "—"
        return obj.summary()

    @admin.display(description="Alerts raised", ordering="alert_count")
    def alerts_raised(self, obj):
        return getattr(obj, "alert_count", None) if obj.pk else 0

    @admin.action(description="Deactivate selected rules", permissions=("change",))
    def deactivate(self, request, queryset):
        changed = 0
        for rule in queryset.filter(active=True):
            rule.active = False
            rule._history_user = request.user
            rule.save(update_fields=["active"])
            changed += 1
        self.message_user(request, f"Deactivated {changed} rule(s).")


class AlertAcknowledgedFilter(admin.SimpleListFilter):
    title = "acknowledged"
    parameter_name = "acknowledged"

    def lookups(self, request, model_admin):
        return (("yes", "Acknowledged"), ("no", "Not acknowledged"))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(acknowledged_at__isnull=self.value() == "no")
        return queryset


class AlertOpenFilter(admin.SimpleListFilter):
    title = "open / resolved"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return (("open", "Open"), ("resolved", "Resolved"))

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(SessionClearance)
class SessionClearanceAdmin(ChartRecordAdmin):
    """A physician's go-ahead is recorded by `clear_session`; here it is only shown."""

    list_display = ("cleared_local", "patient", "cleared_by", "note", "site")
    list_filter = (SITE_FILTER, "cleared_at")
    search_fields = SESSION_PATIENT_SEARCH
    list_select_related = ("site", "session__patient", "cleared_by")

    @admin.display(description="Cleared (site time)", ordering="cleared_at")
    def cleared_local(self, obj):
        return site_time(obj.cleared_at, obj.site)

    @admin.display(description="Patient", ordering="session__patient__family_name")
    def patient(self, obj):
        return obj.session.patient


@admin.register(Alert)
class AlertAdmin(ChartRecordAdmin):
    list_display = (
        "raised_local",
        "severity",
        "kind",
        "patient",
        "message",
        "value",
        "rule",
        "acknowledged_by",
        "escalated_at",
        "is_open",
        "site",
    )
    list_filter = (
        SITE_FILTER,
        "severity",
        "kind",
        ("escalated_at", admin.EmptyFieldListFilter),
        AlertOpenFilter,
        AlertAcknowledgedFilter,
        "raised_at",
    )
    search_fields = (*SESSION_PATIENT_SEARCH, "message", "rule__name")
    date_hierarchy = "raised_at"
    list_select_related = ("site", "session__patient", "rule", "acknowledged_by")

    @admin.display(description="Raised (site time)", ordering="raised_at")
    def raised_local(self, obj):
        return site_time(obj.raised_at, obj.site)

    @admin.display(description="Patient", ordering="session__patient__family_name")
    def patient(self, obj):
        return obj.session.patient

    @admin.display(description="Open", boolean=True)
    def is_open(self, obj):
        return obj.is_open
