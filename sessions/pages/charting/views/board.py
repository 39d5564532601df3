from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from clinic.site_choice import current_site
from sessions.pages.charting import selectors
from sessions.services import alert_overdue_sessions


@login_required
def board(request):
    """The nurse's home: one row per chair, refreshed by HTMX polling of the rows alone."""
    site, sites = current_site(request)
    now = timezone.now()
    rows = []
    if site is not None:
        sessions = selectors.board_sessions(request.user, site, now=now)
        # Without a scheduler (`make run`), the board's own poll is what notices a missed reading.
        alert_overdue_sessions(sessions, now=now)
        rows = selectors.board_rows(sessions, site, now=now)
    context = {"site": site, "sites": sites, "rows": rows, "now": now}
    with timezone.override(site.tzinfo if site else None):
        if request.htmx:
            return render(request, "sessions/partials/board_rows.html", context)
        return render(request, "sessions/board.html", context)
