"""A nurse completes an esketamine session's REMS record in a real browser, then submits it."""

import pytest
from playwright.sync_api import Page, expect

from sessions.models import RemsRecord
from tests.browser.test_login_and_home import log_in, screenshot

pytestmark = pytest.mark.browser


def test_a_nurse_completes_and_submits_a_rems_record(page: Page, nurse_a, discharged_esketamine):
    log_in(page, "nurse_a")
    page.goto(f"/sessions/{discharged_esketamine.pk}/rems/")

    expect(page.locator("#charted")).to_contain_text("146/92 mmHg at 09:50")
    expect(page.locator("#rems-missing")).to_contain_text("Medications taken")
    expect(page.get_by_label("Device lot numbers")).to_have_value("LOT-A1")

    page.get_by_role("button", name="Complete record").click()
    expect(page.locator(".form-errors")).to_contain_text("Missing: Medications taken")

    page.get_by_label("I checked these classes").check()
    page.get_by_label("Device lot numbers").fill("LOT-A1, LOT-A2")
    page.get_by_label("Vital signs acceptable before dosing").select_option(label="Yes")
    page.get_by_label("Vital signs acceptable before the end of monitoring").select_option(label="Yes")
    screenshot(page, "rems-record")
    page.get_by_role("button", name="Complete record").click()

    expect(page.locator(".messages")).to_contain_text("REMS record completed.")
    expect(page.locator("#confirm")).to_contain_text("Completed")

    page.get_by_role("link", name="REMS queue").click()
    row = page.locator(f"#rems-{discharged_esketamine.pk}")
    expect(row).to_contain_text("Completed")
    row.get_by_role("button", name="Submitted").click()
    expect(page.locator(".messages")).to_contain_text("marked submitted")
    expect(page.get_by_text("Every REMS record is submitted.")).to_be_visible()
    record = RemsRecord.objects.get()
    assert record.completed_by == nurse_a and record.submitted_on is not None
