"""Who may read and who may change alert configuration: one matrix of page × user → status.

Nurses must see the limits but never change them; another site's rules are a 404."""

import pytest
from django.urls import reverse

from sessions.models import AlertRule
from tests.factories import PASSWORD

from .conftest import VALID_RULE, rise_rule


@pytest.fixture
def rule(site_a):
    return rise_rule(site_a)


def client_for(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


PAGES = [
    ("get", "rule-list", False),
    ("get", "rule-detail", True),
    ("get", "rule-create", False),
    ("post", "rule-create", False),
    ("get", "rule-edit", True),
    ("post", "rule-edit", True),
    ("post", "rule-backtest", True),
    ("post", "rule-set-active", True),
    ("get", "medication-response-edit", False),
]

# page → expected status for (nurse_a, physician_a, admin_a, nurse_b)
EXPECTED = {
    ("get", "rule-list"): (200, 200, 200, 200),
    ("get", "rule-detail"): (200, 200, 200, 404),
    ("get", "rule-create"): (403, 200, 200, 403),
    ("post", "rule-create"): (403, 302, 302, 403),
    ("get", "rule-edit"): (403, 200, 200, 404),
    ("post", "rule-edit"): (403, 302, 302, 404),
    ("post", "rule-backtest"): (403, 200, 200, 404),
    ("post", "rule-set-active"): (403, 302, 302, 404),
    ("get", "medication-response-edit"): (403, 200, 200, 403),
}


@pytest.mark.parametrize(("method", "name", "takes_rule"), PAGES)
@pytest.mark.parametrize("who", range(4))
def test_it_lets_only_physicians_and_admins_change_rules(
    client, rule, nurse_a, physician_a, admin_a, nurse_b, method, name, takes_rule, who
):
    user = (nurse_a, physician_a, admin_a, nurse_b)[who]
    if name == "medication-response-edit":
        url = reverse(name, args=["maoi"])
    else:
        url = reverse(name, args=[rule.pk] if takes_rule else [])
    data = {"active": "0"} if name == "rule-set-active" else VALID_RULE
    response = getattr(client_for(client, user), method)(url, data if method == "post" else None)
    assert response.status_code == EXPECTED[(method, name)][who]


def test_a_nurse_cannot_create_a_rule(client, nurse_a):
    client_for(client, nurse_a).post(reverse("rule-create"), VALID_RULE)
    assert not AlertRule.objects.filter(name="HR above 130").exists()


def test_a_nurse_cannot_edit_a_rule(client, nurse_a, rule):
    client_for(client, nurse_a).post(reverse("rule-edit", args=[rule.pk]), {**VALID_RULE, "name": "Changed"})
    rule.refresh_from_db()
    assert rule.name == "SBP rise 40"


def test_a_nurse_sees_the_rules_in_plain_words_without_edit_links(client, nurse_a, rule):
    page = client_for(client, nurse_a).get(reverse("rule-list")).content.decode()
    assert "Warn when systolic BP rises 40 mmHg or more above baseline" in page
    assert reverse("rule-create") not in page


def test_the_grace_page_is_for_physicians_and_admins(client, nurse_a, physician_a, iv_protocol):
    url = reverse("protocol-grace-edit", args=[iv_protocol.pk])
    assert client_for(client, nurse_a).get(url).status_code == 403
    assert client_for(client, physician_a).get(url).status_code == 200


def test_the_backtest_only_allows_post(client, physician_a, rule):
    assert client_for(client, physician_a).get(reverse("rule-backtest", args=[rule.pk])).status_code == 405
