"""The clinic quality report page and its CSV download."""

import csv
import io

import pytest
from django.urls import reverse

from sessions import services
from tests.conftest import minutes

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def test_it_reports_the_period_at_my_sites(physician_client, physician_a, discharged_session, alert_a, alert_b):
    services.acknowledge_alert(alert=alert_a, by=physician_a, now=alert_a.raised_at + minutes(4))

    response = physician_client.get(reverse("review-report"), PERIOD)

    report = response.context["report"]
    assert report.sessions == 1
    assert [(rate.rule, rate.count, rate.per_100_sessions) for rate in report.alert_rates] == [
        ("SBP above 180", 1, 100.0)
    ]
    assert report.median_minutes_to_acknowledge == 4.0
    assert report.overrides == 1
    assert 'class="report-chart"' in response.content.decode()


def test_a_period_without_sessions_reports_no_data_not_zero(physician_client, discharged_session):
    report = physician_client.get(
        reverse("review-report"), {"date_from": "2025-01-01", "date_to": "2025-01-31"}
    ).context["report"]

    assert report.sessions == 0
    assert report.late_percent is None and report.override_percent is None


def test_it_refuses_a_period_that_ends_before_it_starts(physician_client):
    response = physician_client.get(reverse("review-report"), {"date_from": "2026-11-30", "date_to": "2026-11-01"})

    assert response.context["report"] is None
    assert "date_to" in response.context["form"].errors


def test_it_ignores_another_sites_id(physician_client, site_b, alert_b):
    response = physician_client.get(reverse("review-report"), {**PERIOD, "sites": site_b.pk})

    assert response.context["report"] is None


def test_the_csv_holds_the_same_figures(physician_client, discharged_session):
    response = physician_client.get(reverse("review-report-csv"), PERIOD)

    assert response["Content-Type"].startswith("text/csv")
    assert "quality-report-20261101-20261130.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "item", "severity", "count", "rate", "unit"]
    assert ["Sessions", "Sessions", "", "1", "", ""] in rows
    assert ["Alerts by rule", "SBP above 180", "critical", "1", "100.0", "per 100 sessions"] in rows


def test_the_csv_answers_a_bad_period_with_400(physician_client):
    assert physician_client.get(reverse("review-report-csv"), {"date_from": "nonsense"}).status_code == 400
