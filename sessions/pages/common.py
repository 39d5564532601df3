"""What every session page shares: login, scoping to the user's sites, the site's clock."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sessions.selectors import session_for


def session_view(view):
    """Load the session the URL names (404 outside the user's sites) in its site's timezone."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        session = session_for(request.user, pk)
        with timezone.override(session.site.tzinfo):
            return view(request, session, *args, **kwargs)

    return wrapper


def forbidden_message(error: PermissionDenied) -> str:
    return str(error) or "You may not do that at this site."
