"""The site a user is working at right now, remembered in their login session.

A nurse who works at several sites picks one on the board; pages that are not about one
session (board, start a session) show that site.
"""

from clinic.access import Action, sites_for

SESSION_KEY = "current_site_id"


def current_site(request, action: Action = Action.VIEW):
    """The chosen site if the user may still act there, else their first site (or None)."""
    sites = list(sites_for(request.user, action))
    wanted = request.GET.get("site") or request.session.get(SESSION_KEY)
    chosen = next((site for site in sites if str(site.pk) == str(wanted)), sites[0] if sites else None)
    if chosen is not None and request.session.get(SESSION_KEY) != chosen.pk:
        request.session[SESSION_KEY] = chosen.pk  # only on a change: an unchanged session is not written again
    return chosen, sites
