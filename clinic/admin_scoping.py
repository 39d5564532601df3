"""The admin's share of site scoping and of "nothing clinical is destroyed".

Every ModelAdmin of the project derives from `ClinicAdmin`: non-superusers see only the rows
of the sites where they hold an active membership (the same `clinic.access` rules as the
pages and the API), foreign-key choices on forms are limited the same way, and history pages
cannot be used to read or revert a row the user may not see or change. Charting rows are
written by `sessions.services` alone, so their admins derive from `ChartRecordAdmin`
(view only).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from clinic.access import Action, scope, site_ids_for
from clinic.models import Site


def carries_site(model) -> bool:
    return any(field.name == "site" and field.is_relation for field in model._meta.get_fields())


def visible_to(queryset: QuerySet, user, action: Action = Action.VIEW) -> QuerySet:
    """Limit any queryset to what `user` may see in the admin.

    Sites by primary key, site-carrying rows by their `site`, users by their memberships;
    models without a site (the group-wide catalogs) are returned unchanged.
    """
    if user.is_superuser:
        return queryset
    model = queryset.model
    if model is Site:
        return queryset.filter(pk__in=site_ids_for(user, action))
    if model is get_user_model():
        return visible_users(queryset, user, action)
    if carries_site(model):
        return scope(queryset, user, action)
    return queryset


def visible_users(queryset: QuerySet, user, action: Action = Action.VIEW) -> QuerySet:
    """Staff of the user's sites, plus accounts not yet given any site (so a clinic admin can
    finish setting up a login they just created); never superusers, whom only superusers edit."""
    return queryset.filter(
        Q(memberships__site_id__in=site_ids_for(user, action)) | Q(memberships__isnull=True) | Q(pk=user.pk),
        is_superuser=False,
    ).distinct()


def site_time(moment, site: Site) -> str:
    """A stored UTC time as the clinic reads it: in the site's own timezone."""
    if moment is None:
        return "—"
    return f"{timezone.localtime(moment, site.tzinfo):%Y-%m-%d %H:%M %Z}"


class ClinicModelForm(forms.ModelForm):
    """Checks unique constraints on change even when some of their fields are read-only on the
    page (a patient's site, a membership's user), so a clash is a field error, not a 500."""

    def validate_unique(self):
        if self.instance._state.adding:
            return super().validate_unique()
        # Read-only fields hold the stored values, so only fields already in error are skipped.
        exclude = {name for name in self._errors if name != NON_FIELD_ERRORS}
        for validate in (self.instance.validate_unique, self.instance.validate_constraints):
            try:
                validate(exclude=exclude)
            except ValidationError as error:
                self._update_errors(error)


class NoDeleteMixin:
    """Clinical and configuration rows are deactivated or marked in error, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class SiteScopedMixin:
    """Scope the change list, change pages and foreign-key choices to the user's sites."""

    #: A catalog shared by the whole clinic group (no `site`); every staff user sees all of it.
    group_wide = False

    def get_queryset(self, request):
        if not self.group_wide and self.model is not Site and not carries_site(self.model):
            raise ImproperlyConfigured(
                f"{type(self).__name__}: {self.model.__name__} has no site; set group_wide = True if it is a catalog."
            )
        return visible_to(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            related = db_field.remote_field.model
            base = related._default_manager.using(kwargs.get("using"))
            kwargs["queryset"] = visible_to(base.complex_filter(db_field.get_limit_choices_to()), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ClinicAdmin(NoDeleteMixin, SiteScopedMixin, SimpleHistoryAdmin):
    """Base of every model admin here: scoped, undeletable, with the audit trail as History."""

    form = ClinicModelForm

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the latest historical row when the object is not in
        # get_queryset(); that would show another site's record, so refuse instead.
        self._get_visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._get_visible_or_404(request, object_id)
        # simple-history only hides the Revert button; a POST would still save the old version.
        if request.method == "POST" and not self.has_change_history_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _get_visible_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with that id here.")
        return obj


class ChartRecordAdmin(ClinicAdmin):
    """Charting rows go through `sessions.services` (validation, row locks, alert rules,
    audit); the admin only shows them and their history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A view-only table of a record's children (readings, alerts...), scoped like the admins."""

    extra = 0
    can_delete = False
    show_change_link = True
    related_lookups = ()

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_queryset(self, request):
        queryset = visible_to(super().get_queryset(request), request.user)
        return queryset.select_related(*self.related_lookups) if self.related_lookups else queryset

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
