"""Login on shared workstations: lockout after repeated failures, strong passwords, the idle
timeout with a return to the page, logging out everywhere, CSRF and the security headers."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from tests import factories

PASSWORD = factories.PASSWORD


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def idle_timeout(settings):
    settings.IDLE_TIMEOUT_MINUTES = 15


def log_in(client, username, password, next_page=""):
    return client.post("/accounts/login/", {"username": username, "password": password, "next": next_page})


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client, nurse_a, axes_on):
    for _ in range(4):
        assert log_in(client, "nurse_a", "wrong password").status_code == 200
    assert log_in(client, "nurse_a", "wrong password").status_code == 429
    response = log_in(client, "nurse_a", PASSWORD)
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_a_colleague_on_the_same_workstation(client, nurse_a, physician_a, axes_on):
    for _ in range(5):
        log_in(client, "nurse_a", "wrong password")
    assert log_in(client, "physician_a", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1!", "password12345", "12345678901234", "nurse_a12345"])
def test_weak_passwords_are_refused(nurse_a, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=nurse_a)


def test_after_idle_minutes_the_next_page_asks_for_login_then_returns(client, nurse_a, idle_timeout):
    with time_machine.travel(datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert log_in(client, "nurse_a", PASSWORD).status_code == 302
        assert client.get("/board/").status_code == 200
        clock.shift(datetime.timedelta(minutes=16))
        response = client.get("/board/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/board/"
        back = log_in(client, "nurse_a", PASSWORD, next_page="/board/")
        assert back["Location"] == "/board/"


def test_background_polling_does_not_keep_a_session_alive(client, nurse_a, idle_timeout):
    with time_machine.travel(datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC), tick=False) as clock:
        log_in(client, "nurse_a", PASSWORD)
        client.get("/board/")
        for _ in range(3):
            clock.shift(datetime.timedelta(minutes=5))
            assert client.get("/review/alerts/critical/", headers={"HX-Request": "true"}).status_code == 200
        clock.shift(datetime.timedelta(minutes=1))
        poll = client.get(
            "/review/alerts/critical/",
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/board/?room=2"},
        )
        assert poll["HX-Redirect"] == "/accounts/login/?next=/board/%3Froom%3D2"
        assert client.get("/board/").status_code == 302


def test_activity_within_the_limit_keeps_the_session(client, nurse_a, idle_timeout):
    with time_machine.travel(datetime.datetime(2026, 11, 16, 14, 0, tzinfo=datetime.UTC), tick=False) as clock:
        log_in(client, "nurse_a", PASSWORD)
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=14))
            assert client.get("/board/").status_code == 200


def test_logging_out_everywhere_ends_every_session_of_the_user_only(nurse_a, physician_a):
    workstation, phone, colleague = Client(), Client(), Client()
    workstation.force_login(nurse_a)
    phone.force_login(nurse_a)
    colleague.force_login(physician_a)
    response = workstation.post("/accounts/logout-everywhere/")
    assert response["Location"] == "/accounts/login/"
    assert phone.get("/board/").status_code == 302
    assert colleague.get("/board/").status_code == 200


def test_every_form_post_needs_a_csrf_token(nurse_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(nurse_a)
    assert client.post("/accounts/logout-everywhere/").status_code == 403
    assert client.post("/accounts/token/").status_code == 403


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_behind_a_proxy_a_lockout_counts_the_clients_address_not_the_proxys(settings, nurse_a, axes_on):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(5):
        log_in(attacker, "nurse_a", "wrong password")
    assert log_in(attacker, "nurse_a", PASSWORD).status_code == 429
    assert log_in(colleague, "nurse_a", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_does_not_escape_a_lockout(settings, nurse_a, axes_on):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(6):
        # The client forges a fresh first entry each time; the proxy appends the address it saw.
        forging = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.9")
        response = log_in(forging, "nurse_a", "wrong password" if n < 5 else PASSWORD)
    assert response.status_code == 429


def test_without_trusted_proxies_forwarded_for_is_ignored(rf, settings):
    from clinic.client_address import client_address

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert client_address(request) == "192.0.2.1"


@pytest.mark.parametrize(
    "forwarded, seen",
    [
        ("198.51.100.9:50312", "198.51.100.9"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        ("unknown", "10.0.0.2"),
        ("", "10.0.0.2"),
    ],
)
def test_a_forwarded_entry_with_a_port_or_no_address_is_read_or_ignored(rf, settings, forwarded, seen):
    from clinic.client_address import client_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == seen


def test_a_login_through_a_proxy_writing_junk_is_answered_not_a_500(settings, nurse_a, axes_on):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="unknown")
    assert log_in(client, "nurse_a", PASSWORD).status_code == 302
