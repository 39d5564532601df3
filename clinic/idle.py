"""Idle timeout for shared clinic workstations.

A session with no page visit or form sent for IDLE_TIMEOUT_MINUTES is logged out; the next
request goes to the login page and, after login, back to the page the user was on. The board
and banners poll with HTMX every few seconds: those background GETs do not count as activity,
or an unattended screen would stay logged in forever.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

LAST_ACTIVITY = "last_activity"
# Activity is noted at most once a minute: a page view within it does not write the session row again.
ACTIVITY_GRANULARITY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.IDLE_TIMEOUT_MINUTES * 60
        if not limit or not request.user.is_authenticated:
            return self.get_response(request)
        now = timezone.now().timestamp()
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > limit:
            return self._expire(request)
        if not _is_background(request) and (last is None or now - last >= ACTIVITY_GRANULARITY):
            request.session[LAST_ACTIVITY] = now
        return self.get_response(request)

    def _expire(self, request):
        next_page = _page_in_front_of_user(request)
        logout(request)
        messages.info(request, f"You were logged out after {settings.IDLE_TIMEOUT_MINUTES} minutes without activity.")
        if request.htmx:
            # A fragment request must not swap the login form into part of a page: reload it all.
            login = redirect_to_login(next_page)["Location"]
            return HttpResponse(status=204, headers={"HX-Redirect": login})
        return redirect_to_login(next_page)


def _is_background(request) -> bool:
    return bool(request.htmx) and request.method == "GET"


def _page_in_front_of_user(request) -> str:
    """Where to return after login: the page itself, or for a POST or fragment, the page it came from."""
    if request.method == "GET" and not request.htmx:
        return request.get_full_path()
    candidate = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        page = urlsplit(candidate)
        return f"{page.path}?{page.query}" if page.query else page.path
    return resolve_url(settings.LOGIN_REDIRECT_URL)
