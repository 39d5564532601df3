"""Reads for the home page, scoped to the user's sites."""

from clinic.access import Action, scope, sites_for
from clinic.models import StaffMembership
from sessions.models import Alert, InfusionSession


def home_overview(user, *, now) -> dict:
    sites = list(sites_for(user))
    open_sessions = (
        scope(InfusionSession.objects.all(), user)
        .filter(discharged_at__isnull=True, signed_at__isnull=True)
        .select_related("patient", "site")
        .order_by("site__name", "chair", "arrived_at")
    )
    open_alerts = (
        scope(Alert.objects.open(), user).select_related("session__patient", "site").order_by("-raised_at")[:20]
    )
    awaiting_signature = scope(InfusionSession.objects.all(), user, Action.SIGN).filter(
        discharged_at__isnull=False, signed_at__isnull=True
    )
    return {
        "now": now,
        "sites": sites,
        "memberships": StaffMembership.objects.filter(user=user, active=True).select_related("site"),
        "open_sessions": [(session, session.phase(now)) for session in open_sessions],
        "open_alerts": open_alerts,
        "awaiting_signature_count": awaiting_signature.count(),
        "can_configure_rules": bool(sites_for(user, Action.CONFIGURE_RULES)),
    }
