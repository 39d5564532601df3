"""A user sees, issues and revokes their API token on the account page or with DELETE on the
API; a revoked token gets 401 at once."""

from rest_framework.authtoken.models import Token


def api_get(client, token_key):
    return client.get("/api/v1/sessions/", headers={"Authorization": f"Token {token_key}"})


def test_the_account_page_shows_the_users_own_token(client, nurse_a, physician_a):
    mine = Token.objects.create(user=nurse_a)
    theirs = Token.objects.create(user=physician_a)
    client.force_login(nurse_a)
    body = client.get("/accounts/").content.decode()
    assert mine.key in body and theirs.key not in body


def test_issuing_a_token_on_the_page_replaces_the_old_one(client, nurse_a):
    old = Token.objects.create(user=nurse_a)
    client.force_login(nurse_a)
    assert client.post("/accounts/token/")["Location"] == "/accounts/"
    new = Token.objects.get(user=nurse_a)
    assert new.key != old.key
    assert api_get(client, old.key).status_code == 401
    assert api_get(client, new.key).status_code == 200


def test_a_token_revoked_on_the_page_gets_401(client, nurse_a):
    token = Token.objects.create(user=nurse_a)
    client.force_login(nurse_a)
    client.post("/accounts/token/revoke/")
    client.logout()
    assert api_get(client, token.key).status_code == 401


def test_a_token_revoked_through_the_api_gets_401(client, nurse_a):
    token = Token.objects.create(user=nurse_a)
    response = client.delete("/api/v1/auth/token/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 204
    assert api_get(client, token.key).status_code == 401


def test_the_account_page_needs_a_login(client, db):
    assert client.get("/accounts/")["Location"] == "/accounts/login/?next=/accounts/"
