"""Sessions and what is charted on them: view-only, with their history."""

from django.contrib import admin
from django.db.models import Q

from clinic.admin import PATIENT_SEARCH, SITE_FILTER
from clinic.admin_scoping import ChartRecordAdmin, ReadOnlyInline, site_time
from sessions.models import (
    Addendum,
    Alert,
    Assessment,
    InfusionSession,
    SessionEvent,
    SideEffect,
    VitalSigns,
)
from sessions.models.limits import ENTERED_FIELDS

SESSION_PATIENT_SEARCH = ("session__patient__family_name", "session__patient__given_name", "=session__patient__mrn")


class ReadingInline(ReadOnlyInline):
    model = VitalSigns
    fields = ("measured_at", "phase", *ENTERED_FIELDS, "entered_in_error", "recorded_by")
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
