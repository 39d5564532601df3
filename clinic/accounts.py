"""A user's ways in: the API token and the browser sessions. The account page and the API
call these, so revoking means the same thing on both."""

from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_issue(*, user) -> Token:
    """A fresh token; the old one, if any, stops working at once."""
    token_revoke(user=user)
    return Token.objects.create(user=user)


def token_revoke(*, user) -> None:
    Token.objects.filter(user=user).delete()


def sessions_end_all(*, user) -> int:
    """Log the user out on every workstation (a badge left logged in, a shared password).

    Sessions are signed blobs, not rows per user, so each live one is decoded; a clinic has
    hundreds at most."""
    ended = 0
    user_pk = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_pk:
            session.delete()
            ended += 1
    return ended
