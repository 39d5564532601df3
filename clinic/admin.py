"""Admin for the clinic-wide records: sites, staff and their roles, patients, medicines.

Scoping, the no-delete rule and the History page come from `clinic.admin_scoping`.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from clinic.admin_scoping import (
    ChartRecordAdmin,
    ClinicAdmin,
    ClinicModelForm,
    NoDeleteMixin,
    ReadOnlyInline,
    SiteScopedMixin,
    site_time,
    visible_to,
)
from clinic.models import (
    Medication,
    MedicationClassResponse,
    Patient,
    PatientMedication,
    PatientWeight,
    Site,
    StaffMembership,
)

User = get_user_model()

SITE_FILTER = ("site", admin.RelatedOnlyFieldListFilter)  # lists only the sites the user can see
PATIENT_SEARCH = ("patient__family_name", "patient__given_name", "=patient__mrn")


@admin.register(Site)
class SiteAdmin(ClinicAdmin):
    list_display = ("name", "code", "timezone", "unit_system", "active")
    list_filter = ("active", "unit_system")
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        # A new location is set up by the group's superuser: a site nobody belongs to yet
        # would vanish from its creator's own scoped lists.
        return request.user.is_superuser and super().has_add_permission(request)


class StaffMembershipForm(ClinicModelForm):
    class Meta:
        model = StaffMembership
        fields = ("user", "site", "role", "active")


@admin.register(StaffMembership)
class StaffMembershipAdmin(ClinicAdmin):
    form = StaffMembershipForm
    list_display = ("user", "user_full_name", "site", "role", "active")
    list_filter = (SITE_FILTER, "role", "active")
    search_fields = ("user__username", "user__first_name", "user__last_name", "site__name")
    list_select_related = ("user", "site")
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request, obj=None):
        # Who and where define the membership; a different person or site is a new membership.
        return ("user", "site") if obj else ()

    @admin.display(description="Name", ordering="user__last_name")
    def user_full_name(self, obj):
        return obj.user.get_full_name()


class StaffMembershipInline(SiteScopedMixin, admin.TabularInline):
    """A user's roles at the sites the admin can see; other sites' memberships stay hidden."""

    model = StaffMembership
    fields = ("site", "role", "active")
    extra = 0
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(NoDeleteMixin, DjangoUserAdmin):
    """Django's user admin, scoped to the staff of the admin's sites, with their memberships. A login
    that charted is referenced by clinical rows: it is deactivated (is_active), never deleted."""

    inlines = (StaffMembershipInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active")

    def get_queryset(self, request):
        return visible_to(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # Only a superuser may hand out superuser status or individual permissions.
            readonly += ("is_superuser", "user_permissions")
        return readonly


class PatientMedicationInline(SiteScopedMixin, admin.TabularInline):
    model = PatientMedication
    fields = ("medication", "dose", "started_on", "stopped_on", "note")
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("medication")

    def has_delete_permission(self, request, obj=None):
        return False


class PatientWeightInline(ReadOnlyInline):
    model = PatientWeight
    fields = ("measured_at", "value", "unit", "kg", "recorded_by")
    related_lookups = ("recorded_by",)
    show_change_link = True


@admin.register(Patient)
class PatientAdmin(ClinicAdmin):
    list_display = ("family_name", "given_name", "mrn", "date_of_birth", "site", "active", "created_at")
    list_filter = (SITE_FILTER, "active", "created_at")
    search_fields = ("family_name", "given_name", "=mrn")
    list_select_related = ("site",)
    inlines = (PatientMedicationInline, PatientWeightInline)
    fieldsets = (
        (None, {"fields": ("site", "mrn", "given_name", "family_name", "date_of_birth", "active")}),
        ("Clinical notes", {"fields": ("allergies", "notes")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return (*fieldsets, ("Record", {"fields": ("created_at",)})) if obj else fieldsets

    def get_readonly_fields(self, request, obj=None):
        # Sessions, readings and medicines carry the patient's site; moving the patient
        # would split the record across sites.
        return ("site", "created_at") if obj else ()

    def save_formset(self, request, form, formset, change):
        if formset.model is PatientMedication:
            for medication_form in formset.forms:
                medication_form.instance.site_id = form.instance.site_id
        super().save_formset(request, form, formset, change)


@admin.register(PatientWeight)
class PatientWeightAdmin(ChartRecordAdmin):
    list_display = ("patient", "value", "unit", "kg", "measured_local", "site", "recorded_by")
    list_filter = (SITE_FILTER, "unit", "measured_at")
    search_fields = PATIENT_SEARCH
    date_hierarchy = "measured_at"
    list_select_related = ("patient", "site", "recorded_by")
    readonly_fields = ("kg",)

    @admin.display(description="Measured (site time)", ordering="measured_at")
    def measured_local(self, obj):
        return site_time(obj.measured_at, obj.site)


@admin.register(Medication)
class MedicationAdmin(ClinicAdmin):
    group_wide = True
    list_display = ("name", "drug_class", "active", "interaction_note")
    list_filter = ("drug_class", "active")
    search_fields = ("name", "interaction_note")


@admin.register(MedicationClassResponse)
class MedicationClassResponseAdmin(ClinicAdmin):
    """What a site does for patients taking a medicine of a class; `clean()` validates it."""

    list_display = ("drug_class", "severity", "interval_minutes", "clearance_required", "active", "site")
    list_filter = (SITE_FILTER, "drug_class", "clearance_required", "active")
    search_fields = ("banner_text",)
    list_select_related = ("site",)


class CurrentMedicationFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return (("current", "Current"), ("stopped", "Stopped"))

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(stopped_on__isnull=True)
        if self.value() == "stopped":
            return queryset.filter(stopped_on__isnull=False)
        return queryset


class PatientMedicationForm(ClinicModelForm):
    class Meta:
        model = PatientMedication
        fields = ("patient", "medication", "dose", "started_on", "stopped_on", "note")

    def clean(self):
        cleaned_data = super().clean()
        patient = cleaned_data.get("patient")
        if patient is not None:
            # The row's site is always its patient's, never chosen separately.
            self.instance.site_id = patient.site_id
        return cleaned_data


@admin.register(PatientMedication)
class PatientMedicationAdmin(ClinicAdmin):
    form = PatientMedicationForm
    list_display = ("patient", "medication", "drug_class", "dose", "started_on", "stopped_on", "site")
    list_filter = (SITE_FILTER, CurrentMedicationFilter, "medication__drug_class")
    search_fields = (*PATIENT_SEARCH, "medication__name")
    list_select_related = ("patient", "medication", "site")
    autocomplete_fields = ("patient", "medication")

    def get_readonly_fields(self, request, obj=None):
        return ("patient",) if obj else ()

    @admin.display(description="Drug class", ordering="medication__drug_class")
    def drug_class(self, obj):
        return obj.medication.get_drug_class_display()
