"""Serializer fields every resource shares: times with their offset, references scoped to the caller."""

from django.utils import timezone
from rest_framework import serializers

from clinic.access import Action, scope, site_ids_for
from clinic.models import Site


class AwareDateTimeField(serializers.DateTimeField):
    """Refuses a time without an offset: a back-timed reading must not be shifted by hours by guesswork."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, e.g. 2026-11-16T09:05:00-05:00 or 2026-11-16T14:05:00Z.",
    }

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to a row of the caller's own sites; another site's row does not exist for them."""

    def __init__(self, *, action: Action = Action.VIEW, site_field: str = "site", **kwargs):
        self.action = action
        self.site_field = site_field
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.context["request"].user
        if queryset.model is Site:
            return queryset.filter(pk__in=site_ids_for(user, self.action))
        return scope(queryset, user, self.action, self.site_field)


def staff_field(**kwargs) -> serializers.SlugRelatedField:
    """Who did it, by username (select_related the relation on lists); null while nobody has."""
    kwargs.setdefault("help_text", "Username of the staff member.")
    kwargs.setdefault("allow_null", True)
    return serializers.SlugRelatedField(slug_field="username", read_only=True, **kwargs)
