"""Alert rules (configured here) and the alerts and clearances they lead to (view-only)."""

from django.contrib import admin
from django.db.models import Count

from clinic.admin import PATIENT_SEARCH, SITE_FILTER
from clinic.admin_scoping import ChartRecordAdmin, ClinicAdmin, ClinicModelForm, site_time
from sessions.admin.charting import SESSION_PATIENT_SEARCH
from sessions.models import (
    Alert,
    AlertRule,
    SessionClearance,
)
from sessions.pages.rules.forms import RuleFieldsForm


class AlertRuleForm(ClinicModelForm, RuleFieldsForm):
    class Meta(RuleFieldsForm.Meta):
        fields = ("site", *AlertRule.SCOPE_FIELDS, *AlertRule.LIMIT_FIELDS, "active")


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
