"""Creating, editing and disabling rules through the pages: validation messages, history rows
for each change, and the backtest partial."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sessions.models import AlertRule
from tests.factories import PASSWORD

from .conftest import VALID_RULE as RULE
from .conftest import rise_rule


@pytest.fixture
def physician(client, physician_a):
    client.login(username=physician_a.username, password=PASSWORD)
    return client


def errors_of(response) -> str:
    return response.content.decode()


def test_it_creates_a_rule_and_records_who_created_it(physician, physician_a, site_a):
    response = physician.post(reverse("rule-create"), {**RULE, "phases": ["infusion", "observation"]})
    rule = AlertRule.objects.get(name="HR above 130")
    assert response.url == reverse("rule-detail", args=[rule.pk])
    assert (rule.site, rule.created_by, rule.phases) == (site_a, physician_a, ["infusion", "observation"])
    [record] = rule.history.all()
    assert (record.history_type, record.history_user) == ("+", physician_a)


def test_it_refuses_a_lower_limit_above_an_upper_limit(physician, site_a):
    AlertRule.objects.create(
        site=site_a, name="HR high", metric="heart_rate", comparator="gt", threshold=120, severity="warning"
    )
    response = physician.post(
        reverse("rule-create"), {**RULE, "name": "HR low", "comparator": "lt", "threshold": "130"}
    )
    assert response.status_code == 200
    assert "This lower limit (130) is above the upper limit (120) set by “HR high”" in errors_of(response)
    assert not AlertRule.objects.filter(name="HR low").exists()


def test_a_lower_limit_at_another_scope_is_not_a_contradiction(physician, site_a, iv_protocol):
    AlertRule.objects.create(
        site=site_a, name="HR high", metric="heart_rate", comparator="gt", threshold=120, severity="warning"
    )
    data = {**RULE, "name": "HR low", "comparator": "lt", "threshold": "130", "protocol": iv_protocol.pk}
    assert physician.post(reverse("rule-create"), data).status_code == 302


def test_it_refuses_a_percent_rule_on_a_score(physician):
    response = physician.post(reverse("rule-create"), {**RULE, "metric": "pain", "reference": "baseline_percent"})
    assert "Pain is a score without a meaningful percent change from baseline" in errors_of(response)


def test_it_refuses_a_baseline_rule_on_news2(physician):
    response = physician.post(reverse("rule-create"), {**RULE, "metric": "news2", "reference": "baseline_units"})
    assert "NEWS2 has no baseline; use an absolute threshold." in errors_of(response)


def test_a_patient_rule_needs_a_reason(physician, patient_a):
    response = physician.post(reverse("rule-create"), {**RULE, "patient": patient_a.pk})
    assert "A patient-level rule needs a reason." in errors_of(response)


def test_it_offers_only_the_sites_own_patients(physician, patient_b):
    response = physician.post(reverse("rule-create"), {**RULE, "patient": patient_b.pk, "patient_reason": "x"})
    assert "Select a valid choice" in errors_of(response)


def test_each_change_leaves_a_history_row_with_before_and_after(physician, physician_a, site_a):
    rule = rise_rule(site_a)
    physician.post(
        reverse("rule-edit", args=[rule.pk]),
        {
            **RULE,
            "name": rule.name,
            "metric": "systolic",
            "reference": "baseline_units",
            "comparator": "gte",
            "threshold": "35",
            "sustained_readings": "2",
            "phases": ["infusion", "observation"],
        },
    )
    physician.post(reverse("rule-set-active", args=[rule.pk]), {"active": "0"})
    physician.post(reverse("rule-set-active", args=[rule.pk]), {"active": "1"})
    records = list(rule.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~", "~", "~"]
    assert [r.history_user for r in records[1:]] == [physician_a] * 3
    assert [(r.threshold, r.active) for r in records] == [
        (Decimal("40"), True),
        (Decimal("35"), True),
        (Decimal("35"), False),
        (Decimal("35"), True),
    ]
    page = physician.get(reverse("rule-detail", args=[rule.pk])).content.decode()
    assert page.count("<strong>Changed</strong>") == 3
    assert '<td class="before">40.00</td><td class="after">35.00</td>' in page
    assert '<td class="before">enabled</td><td class="after">disabled</td>' in page


def test_a_rule_that_raised_alerts_can_be_disabled_but_not_deleted(physician, site_a):
    rule = rise_rule(site_a)
    physician.post(reverse("rule-set-active", args=[rule.pk]), {"active": "0"})
    rule.refresh_from_db()
    assert not rule.active
    page = physician.get(reverse("rule-detail", args=[rule.pk])).content.decode()
    assert "Delete" not in page and "Enable" in page


def test_the_backtest_renders_counts_for_the_draft_without_saving_it(physician, site_a, charted_course):
    rule = rise_rule(site_a)
    data = {
        **RULE,
        "name": rule.name,
        "metric": "systolic",
        "reference": "baseline_units",
        "comparator": "gte",
        "threshold": "30",
        "sustained_readings": "2",
        "phases": ["infusion", "observation"],
        "start": "2026-10-01",
        "end": "2026-12-01",
    }
    response = physician.post(reverse("rule-backtest", args=[rule.pk]), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert (
        '<tr class="draft"><th scope="row">This draft</th>'
        '<td class="num">4</td><td class="num">3</td><td class="num">2</td>' in page
    )
    assert '<th scope="row">Saved rule</th><td class="num">3</td>' in page
    assert reverse("session-chart", args=[charted_course[0].pk]) in page
    rule.refresh_from_db()
    assert rule.threshold == Decimal("40")


def test_the_backtest_names_what_to_fix_in_an_invalid_draft(physician):
    response = physician.post(reverse("rule-backtest-new"), {**RULE, "threshold": ""})
    assert "Fix the form before trying the rule" in response.content.decode()
