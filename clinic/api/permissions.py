"""Role checks for direct writes. Reads need only a login: every queryset is already scoped."""

from rest_framework import permissions

from clinic.access import can, site_ids_for


class SiteRolePermission(permissions.IsAuthenticated):
    """Writes need the view's `write_action` at the row's site.

    Creating needs that role at some site up front (so a nurse is refused with 403 whatever
    she sent); which site is checked when the row is saved. Another site's row was never found
    (404) before this check runs.
    """

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if getattr(view, "action", None) == "create":
            return bool(site_ids_for(request.user, view.write_action))
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can(request.user, view.write_action, obj.site_id)
