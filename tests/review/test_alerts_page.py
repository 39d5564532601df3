"""Live alerts: the list across the physician's sites, acknowledgement, history, the critical banner."""

import pytest
from django.urls import reverse

from sessions import services
from sessions.models import Alert
from tests.factories import AlertRuleFactory
from tests.review.conftest import chart_high_bp

pytestmark = pytest.mark.django_db


def test_it_lists_open_alerts_with_patient_chair_value_and_rule(physician_client, alert_a):
    response = physician_client.get(reverse("review-alerts"))

    assert response.status_code == 200
    row = response.content.decode()
    assert alert_a.session.patient.full_name in row
    assert "SBP above 180" in row
    assert "192" in row
    assert 'hx-trigger="every 15s' in row


def test_it_puts_unacknowledged_and_critical_alerts_first(physician_client, site_a, session_a, nurse_a, physician_a):
    AlertRuleFactory(site=site_a, name="SBP above 150", threshold=150, severity="warning")
    AlertRuleFactory(site=site_a, name="SBP above 185", threshold=185, severity="critical")
    AlertRuleFactory(site=site_a, name="SBP above 160", threshold=160, severity="info")
    alerts = {alert.rule.name: alert for alert in chart_high_bp(session_a, nurse_a)}
    services.acknowledge_alert(alert=alerts["SBP above 185"], by=physician_a)

    response = physician_client.get(reverse("review-alerts"))

    order = [alert.rule.name for alert in response.context["page"].object_list]
    assert order == ["SBP above 150", "SBP above 160", "SBP above 185"]


def test_it_leaves_out_resolved_alerts_and_other_sites(physician_client, alert_a, alert_b):
    resolved = Alert.objects.get(pk=alert_a.pk)
    resolved.resolved_at = resolved.raised_at
    resolved.save()

    response = physician_client.get(reverse("review-alerts"))

    assert list(response.context["page"].object_list) == []
    assert alert_b.session.patient.full_name not in response.content.decode()


def test_the_poll_returns_the_list_region_alone(physician_client, alert_a):
    response = physician_client.get(reverse("review-alerts") + "?region=list", HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="alert-list"')
    assert "<html" not in body


def test_a_physician_acknowledges_with_a_note(physician_client, physician_a, alert_a):
    response = physician_client.post(
        reverse("review-alert-acknowledge", args=[alert_a.pk]), {"note": "Seen at the chair"}
    )

    assert response.status_code == 302
    alert_a.refresh_from_db()
    assert alert_a.acknowledged_by == physician_a
    assert alert_a.acknowledged_at is not None
    assert alert_a.acknowledgement_note == "Seen at the chair"


def test_htmx_acknowledgement_returns_the_updated_row(physician_client, alert_a):
    response = physician_client.post(
        reverse("review-alert-acknowledge", args=[alert_a.pk]), {"note": ""}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="alert-{alert_a.pk}"')
    assert "✓" in body and "Acknowledge</button>" not in body


def test_a_nurse_cannot_acknowledge(nurse_client, alert_a):
    response = nurse_client.post(reverse("review-alert-acknowledge", args=[alert_a.pk]), {"note": "mine"})

    assert response.status_code == 403
    alert_a.refresh_from_db()
    assert alert_a.acknowledged_at is None


def test_a_nurse_sees_alerts_but_no_acknowledge_button(nurse_client, alert_a):
    response = nurse_client.get(reverse("review-alerts"))

    assert response.status_code == 200
    assert alert_a.session.patient.full_name in response.content.decode()
    assert "Acknowledge</button>" not in response.content.decode()


def test_it_refuses_another_sites_alert(physician_client, alert_b):
    response = physician_client.post(reverse("review-alert-acknowledge", args=[alert_b.pk]))

    assert response.status_code == 404
    assert physician_client.get(reverse("review-alert", args=[alert_b.pk])).status_code == 404


def test_it_only_allows_post_to_acknowledge(physician_client, alert_a):
    assert physician_client.get(reverse("review-alert-acknowledge", args=[alert_a.pk])).status_code == 405


def test_the_history_shows_raised_acknowledged_and_resolved(physician_client, physician_a, alert_a):
    services.acknowledge_alert(alert=alert_a, by=physician_a, note="Recheck in 5")
    alert = Alert.objects.get(pk=alert_a.pk)
    alert.resolved_at, alert.resolved_reason = alert.acknowledged_at, "Back in range"
    alert.save()

    response = physician_client.get(reverse("review-alert", args=[alert_a.pk]))

    assert [step.what for step in response.context["steps"]] == ["Raised", "Acknowledged", "Resolved"]
    body = response.content.decode()
    assert "Recheck in 5" in body and "Back in range" in body
    assert len(response.context["audit"]) >= 2


def test_the_banner_shows_unacknowledged_critical_alerts_to_physicians(physician_client, alert_a):
    response = physician_client.get(reverse("review-critical-banner"))

    body = response.content.decode()
    assert "1 unacknowledged critical alert" in body
    assert alert_a.session.patient.full_name in body


def test_the_banner_is_empty_once_acknowledged(physician_client, physician_a, alert_a):
    services.acknowledge_alert(alert=alert_a, by=physician_a)

    assert "critical-banner" not in physician_client.get(reverse("review-critical-banner")).content.decode()


def test_the_banner_is_empty_for_nurses(nurse_client, alert_a):
    assert "critical-banner" not in nurse_client.get(reverse("review-critical-banner")).content.decode()


def test_the_banner_answers_no_content_when_logged_out(client):
    assert client.get(reverse("review-critical-banner")).status_code == 204


def test_every_page_polls_the_banner(physician_client):
    assert reverse("review-critical-banner") in physician_client.get(reverse("home")).content.decode()
