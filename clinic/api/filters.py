"""Filters every collection shares: by site, and `updated_since` for incremental sync."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from clinic.models import Patient

MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number within the database's range, so no input reaches SQL as an overflow."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def status_filter(statuses: dict[str, tuple[str, Q]], *, help_text: str) -> django_filters.ChoiceFilter:
    """A `status` filter: each value has its label and the condition of the rows it keeps."""
    return django_filters.ChoiceFilter(
        choices=[(value, label) for value, (label, _) in statuses.items()],
        method=lambda queryset, name, value: queryset.filter(statuses[value][1]),
        help_text=help_text,
    )


class SiteFilterSet(django_filters.FilterSet):
    site = IdFilter(field_name="site_id", help_text="Only this site's rows (a site id).")


class SyncFilterSet(SiteFilterSet):
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only rows created or changed at or after this time (ISO 8601): pass the time of your last "
        "sync, ordered by `updated_at`, to pull what changed.",
    )


def time_range(field: str, label: str) -> tuple[django_filters.Filter, django_filters.Filter]:
    """`<label>_after` / `<label>_before` on `field`, both inclusive, ISO 8601."""
    return (
        django_filters.IsoDateTimeFilter(field_name=field, lookup_expr="gte", help_text=f"{field} at or after."),
        django_filters.IsoDateTimeFilter(field_name=field, lookup_expr="lte", help_text=f"{field} at or before."),
    )


class PatientFilterSet(SyncFilterSet):
    mrn = django_filters.CharFilter(help_text="Exact MRN.")
    active = django_filters.BooleanFilter()

    class Meta:
        model = Patient
        fields = ("site", "mrn", "active", "updated_since")
