"""Who may see and do what, derived from staff memberships.

Every queryset that views and services use goes through `scope()`, so a user of site A can
never reach site B's rows, whichever page or endpoint asks.
"""

import enum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from clinic.models import Role, Site, StaffMembership


class Action(enum.Enum):
    VIEW = frozenset({Role.NURSE, Role.PHYSICIAN, Role.ADMIN})
    CHART = frozenset({Role.NURSE, Role.PHYSICIAN})
    ACKNOWLEDGE = frozenset({Role.PHYSICIAN})
    SIGN = frozenset({Role.PHYSICIAN})
    OVERRIDE_DISCHARGE = frozenset({Role.PHYSICIAN})
    PLAN_COURSE = frozenset({Role.PHYSICIAN})
    CONFIGURE_RULES = frozenset({Role.PHYSICIAN, Role.ADMIN})
    READ_AUDIT_TRAIL = frozenset({Role.PHYSICIAN, Role.ADMIN})
    MANAGE = frozenset({Role.ADMIN})


def site_ids_for(user, action: Action = Action.VIEW) -> set[int]:
    """The sites where `user` may take `action`; cached per user object and action."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_site_ids_cache", {})
    if "memberships" not in cache:  # one query per user object, whatever the actions asked about
        cache["memberships"] = list(
            StaffMembership.objects.filter(user=user, active=True, site__active=True).values_list("site_id", "role")
        )
    if action not in cache:
        cache[action] = {site_id for site_id, role in cache["memberships"] if role in action.value}
    return cache[action]


def sites_for(user, action: Action = Action.VIEW) -> QuerySet[Site]:
    return Site.objects.filter(pk__in=site_ids_for(user, action))


def scope(queryset: QuerySet, user, action: Action = Action.VIEW, site_field: str = "site") -> QuerySet:
    """Filter any site-carrying queryset to the rows `user` may take `action` on."""
    return queryset.filter(**{f"{site_field}_id__in": site_ids_for(user, action)})


def can(user, action: Action, site) -> bool:
    site_id = site if isinstance(site, int) else site.pk
    return site_id in site_ids_for(user, action)


def require(user, action: Action, site) -> None:
    if not can(user, action, site):
        raise PermissionDenied(f"You may not {action.name.lower().replace('_', ' ')} at this site.")


def roles_for(user, site) -> set[str]:
    return set(StaffMembership.objects.filter(user=user, site=site, active=True).values_list("role", flat=True))
