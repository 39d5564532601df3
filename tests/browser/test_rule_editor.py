"""A physician edits an alert rule in a real browser: tries the draft against stored readings,
reads the counts next to the saved rule's, saves it, and finds the change in the rule's history."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_login_and_home import log_in, screenshot
from tests.factories import PatientFactory
from tests.rules.conftest import COURSE, PERIOD, chart, rise_rule

pytestmark = pytest.mark.browser


@pytest.fixture
def charted_course(start, site_a, nurse_a):
    """The hand-worked course of tests/rules: the saved rule raises 3 alerts, a rise of 30 raises 4."""
    patients = {"first": PatientFactory(site=site_a), "second": PatientFactory(site=site_a)}
    for who, days, baseline, during in COURSE:
        chart(start, patients[who], nurse_a, days=days, baseline=baseline, during=during)
    return patients


def test_a_physician_edits_backtests_and_saves_a_rule(page: Page, physician_a, site_a, charted_course):
    rule = rise_rule(site_a, message="Recheck in 5 min and inform the physician.")
    log_in(page, "physician_a")

    page.get_by_role("link", name="Alert rules").click()
    expect(page.locator("table.rules")).to_contain_text("Warn when systolic BP rises 40 mmHg or more above baseline")
    page.get_by_role("link", name="SBP rise 40").click()
    page.get_by_role("link", name="Edit").click()

    page.get_by_label("Threshold").fill("30")
    page.get_by_label("Replay from").fill(PERIOD["start"].date().isoformat())
    page.get_by_label("Replay to").fill(PERIOD["end"].date().isoformat())
    page.get_by_role("button", name="Try this rule").click()
    result = page.locator("#backtest-result")
    expect(result).to_contain_text("Warn when systolic BP rises 30 mmHg or more above baseline")
    expect(result.locator("tr.draft")).to_have_text("This draft432")
    expect(result).to_contain_text("More alerts than the saved rule.")
    expect(result.locator("ul.examples li")).to_have_count(3)
    screenshot(page, "rule-editor-backtest")

    page.get_by_role("button", name="Save rule").click()
    expect(page.locator(".messages")).to_contain_text("Rule saved: Warn when systolic BP rises 30 mmHg")
    history = page.locator("#history")
    expect(history.locator("table.diff").first).to_contain_text("40.00")
    expect(history.locator("table.diff").first).to_contain_text("30.00")
    screenshot(page, "rule-detail-history")
    rule.refresh_from_db()
    assert rule.threshold == 30

    page.get_by_role("link", name="← All rules").click()
    expect(page.locator("table.rules")).to_contain_text("Warn when systolic BP rises 30 mmHg or more above baseline")
    screenshot(page, "rule-list")
