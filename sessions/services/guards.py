"""Checks shared by every service: permission, row lock, and the session being still open."""

from django.core.exceptions import ValidationError

from clinic.access import Action, require
from sessions.models import InfusionSession


def locked_session(session: InfusionSession, by, action: Action = Action.CHART) -> InfusionSession:
    """Re-read the session under a row lock so concurrent writers take turns.

    Only the session's row: a plain FOR UPDATE would lock the joined site and patient rows too, and
    every chair of the site would then wait for the one charting. NO KEY leaves rows that merely
    reference the session (an overdue alert the board raises) free to be inserted meanwhile.
    """
    require(by, action, session.site_id)
    locked = InfusionSession.objects.select_for_update(of=("self",), no_key=True)
    return locked.select_related("site", "patient").get(pk=session.pk)


def ensure_not_signed(session: InfusionSession) -> None:
    if session.is_signed:
        raise ValidationError("This session is signed and read-only; add an addendum instead.")


def ensure_chartable(session: InfusionSession) -> None:
    ensure_not_signed(session)
    if session.discharged_at is not None:
        raise ValidationError("This session has been discharged; nothing more can be charted on it.")


def audited(instance, by):
    """Tell django-simple-history who made the change when it runs outside a request."""
    instance._history_user = by
    return instance
