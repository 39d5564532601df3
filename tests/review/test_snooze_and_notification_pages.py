"""The snooze action on the alert list and the notification-target pages, over HTTP."""

import pytest
from django.urls import reverse

from sessions.models import NotificationTarget
from tests.sessions.receivers import Receiver

pytestmark = pytest.mark.django_db


def test_a_nurse_snoozes_an_alert_with_a_reason(nurse_client, alert_a, nurse_a):
    response = nurse_client.post(
        reverse("review-alert-snooze", args=[alert_a.pk]), {"minutes": "10", "reason": "Patient moving"}
    )
    assert response.status_code == 302
    alert_a.refresh_from_db()
    assert (alert_a.snoozed_by, alert_a.snooze_reason) == (nurse_a, "Patient moving")
    listing = nurse_client.get(reverse("review-alerts")).content.decode()
    assert "Snoozed until" in listing and "Patient moving" in listing
    detail = nurse_client.get(reverse("review-alert", args=[alert_a.pk])).content.decode()
    assert "Snoozed until" in detail


def test_a_snooze_beyond_the_limit_is_refused_with_a_message(nurse_client, alert_a, settings):
    settings.ALERT_SNOOZE_MAX_MINUTES = 15
    response = nurse_client.post(
        reverse("review-alert-snooze", args=[alert_a.pk]), {"minutes": "60", "reason": "x"}, follow=True
    )
    assert "Not snoozed" in response.content.decode()
    alert_a.refresh_from_db()
    assert alert_a.snoozed_until is None


def test_another_sites_alert_cannot_be_snoozed(nurse_client, alert_b):
    response = nurse_client.post(reverse("review-alert-snooze", args=[alert_b.pk]), {"minutes": "5", "reason": "x"})
    assert response.status_code == 404


def test_a_nurse_may_not_configure_notifications(nurse_client):
    assert nurse_client.get(reverse("notification-targets")).status_code == 403


def test_only_those_who_may_configure_see_the_notifications_link(client, nurse_a, physician_a):
    link = f'href="{reverse("notification-targets")}"'
    client.force_login(nurse_a)
    assert link not in client.get(reverse("board")).content.decode()
    client.force_login(physician_a)
    assert link in client.get(reverse("board")).content.decode()


def test_a_physician_adds_a_webhook_and_sees_its_secret_once(physician_client, site_a):
    response = physician_client.post(
        reverse("notification-targets"),
        {"site": site_a.pk, "name": "Pager", "kind": "webhook", "url": "http://127.0.0.1:9/hook", "active": "on"},
    )
    target = NotificationTarget.objects.get()
    assert target.secret in response.content.decode()
    again = physician_client.get(reverse("notification-target", args=[target.pk])).content.decode()
    assert target.secret not in again


def test_a_webhook_without_a_url_is_a_field_error(physician_client, site_a):
    response = physician_client.post(
        reverse("notification-targets"), {"site": site_a.pk, "name": "Pager", "kind": "webhook", "active": "on"}
    )
    assert response.status_code == 200
    assert "A webhook needs a URL." in response.content.decode()
    assert not NotificationTarget.objects.exists()


def test_the_test_button_delivers_and_the_log_shows_it(physician_client, site_a):
    with Receiver() as receiver:
        target = NotificationTarget.objects.create(site=site_a, name="Pager", kind="webhook", url=receiver.url)
        physician_client.post(reverse("notification-target-test", args=[target.pk]))
    assert len(receiver.requests) == 1
    page = physician_client.get(reverse("notification-target", args=[target.pk])).content.decode()
    assert "Test notification" in page and "✓ 200" in page


def test_disabling_a_target_keeps_it_and_its_log(physician_client, site_a):
    target = NotificationTarget.objects.create(site=site_a, name="Pager", kind="email", email="a@example.org")
    response = physician_client.post(
        reverse("notification-target", args=[target.pk]), {"name": "Pager", "kind": "email", "email": "a@example.org"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.active


def test_another_sites_target_is_not_found(physician_client, site_b):
    target = NotificationTarget.objects.create(site=site_b, name="Theirs", kind="email", email="b@example.org")
    assert physician_client.get(reverse("notification-target", args=[target.pk])).status_code == 404
