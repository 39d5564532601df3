"""The address a login attempt came from, for django-axes' lockouts.

Behind a reverse proxy every request arrives from the proxy: locking "username + address" would
lock a user out for the whole clinic. Each trusted proxy appends the address it saw to
X-Forwarded-For, so with N of them the client's address is the N-th entry from the right; the
entries left of it are whatever the client sent, and could be forged.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies and (address := _ip(forwarded[-proxies])):
        return address
    return request.META.get("REMOTE_ADDR")


def _ip(entry: str) -> str | None:
    """The address in an entry, which some proxies write with its port ("192.0.2.1:5123",
    "[2001:db8::1]:443"); None for anything else ("unknown")."""
    if entry.startswith("["):
        host = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:
        host = entry.partition(":")[0]
    else:
        host = entry
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None
