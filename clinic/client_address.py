"""The address a login attempt came from, for django-axes' lockouts.

Behind a reverse proxy every request arrives from the proxy: locking "username + address" would
lock a user out for the whole clinic. Each trusted proxy appends the address it saw to
X-Forwarded-For, so with N of them the client's address is the N-th entry from the right; the
entries left of it are whatever the client sent, and could be forged.
"""

from django.conf import settings


def client_address(request) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
