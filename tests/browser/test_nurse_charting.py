"""A nurse's whole session in a real browser: start, chart, alert, side effect, stop, discharge.

The server's clock is moved with time-machine (it patches the process, so the live server's
thread sees it too), which lets one test walk through 70 minutes of a session in seconds.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import InfusionSession
from tests.browser.test_login_and_home import log_in, screenshot
from tests.factories import AlertRuleFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def clock():
    """The server's clock, ticking, starting now; `clock.shift(minutes=n)` jumps ahead."""
    with time_machine.travel(timezone.now(), tick=True) as traveller:
        yield traveller


def shift(clock, minutes):
    clock.shift(datetime.timedelta(minutes=minutes))


def enter_reading(page: Page, **values):
    form = page.locator("#vitals-entry form")
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(str(value))
    form.locator("[name=systolic]").press("Enter")
    expect(page.locator("#vitals-entry .result")).to_contain_text("Reading saved")


def test_a_nurse_charts_a_whole_session(page: Page, clock, nurse_a, physician_a, patient_a, iv_protocol, site_a):
    AlertRuleFactory(site=site_a, name="SBP critical", metric="systolic", comparator="gt", threshold=Decimal("180"))
    log_in(page, "nurse_a")

    page.goto("/patients/")
    page.get_by_label("Name or MRN").fill(patient_a.mrn)
    page.get_by_role("link", name=patient_a.full_name).click()
    page.get_by_label("Protocol").select_option(label=iv_protocol.name)
    page.get_by_label("Weight", exact=True).fill("72")
    expect(page.locator("#dose-preview")).to_contain_text("0.5 mg/kg × 72 kg = 36 mg")
    page.get_by_label("Chair").fill("4")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator(".messages")).to_contain_text("Session started")

    enter_reading(page, systolic=122, diastolic=78, heart_rate=70, spo2=98, respiratory_rate=14)
    page.get_by_role("button", name="Start infusion").click()
    expect(page.locator(".status-strip")).to_contain_text("Infusion")

    shift(clock, 10)
    enter_reading(page, systolic=134, diastolic=84, heart_rate=76, spo2=98, respiratory_rate=14)
    shift(clock, 10)
    page.locator("#vitals-entry [name=systolic]").fill("188")
    page.locator("#vitals-entry [name=diastolic]").fill("100")
    page.locator("#vitals-entry [name=systolic]").press("Enter")
    expect(page.locator("#vitals-entry .result [role=alert]")).to_contain_text("CRITICAL")
    expect(page.locator("#chart-live .open-alerts")).to_contain_text("SBP critical")
    shift(clock, 10)
    enter_reading(page, systolic=150, diastolic=90, heart_rate=80, spo2=97, respiratory_rate=15)
    expect(page.locator(".readings tbody tr")).to_have_count(4)
    screenshot(page, "chart-during-infusion")

    page.get_by_label("Side effect").select_option(label="Nausea")
    page.get_by_label("Severity").select_option(label="Mild")
    page.get_by_role("button", name="Record side effect").click()
    expect(page.locator("#side-effects")).to_contain_text("Nausea")
    page.get_by_role("button", name="Resolved now").click()
    expect(page.locator("#side-effects")).to_contain_text("resolved")

    shift(clock, 5)
    page.get_by_role("button", name="Stop infusion").click()
    expect(page.locator(".status-strip")).to_contain_text("Observation")

    shift(clock, 10)
    page.get_by_role("link", name="Discharge…").click()
    for _, label in DISCHARGE_CHECKLIST:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Discharge").click()
    expect(page.locator(".form-errors")).to_contain_text("The minimum observation time has not passed.")
    session = InfusionSession.objects.get()
    assert session.discharged_at is None

    page.get_by_role("button", name="Log out").click()
    log_in(page, "physician_a")
    page.goto(f"/sessions/{session.pk}/discharge/")
    for _, label in DISCHARGE_CHECKLIST:
        page.get_by_label(label).check()
    page.get_by_label("Physician override: reason").fill("Stable; escort must leave early")
    page.get_by_role("button", name="Discharge").click()
    expect(page.locator(".instructions")).to_contain_text("Do not drive")
    session.refresh_from_db()
    assert session.discharge_override_by == physician_a
    assert session.readings.count() == 4 and session.alerts.count() == 1


def test_a_reading_can_be_entered_with_the_keyboard_alone(page: Page, clock, nurse_a, session_a):
    log_in(page, "nurse_a")
    page.goto(f"/sessions/{session_a.pk}/")
    expect(page.locator("#vitals-entry [name=systolic]")).to_be_focused()
    page.keyboard.type("118")
    for value in ("76", "68", "99", "16"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    expect(page.locator("#vitals-entry .result")).to_contain_text("Reading saved")
    expect(page.locator("#vitals-entry [name=systolic]")).to_be_focused()
    reading = session_a.readings.get()
    assert (reading.systolic, reading.diastolic, reading.heart_rate, reading.spo2, reading.respiratory_rate) == (
        118,
        76,
        68,
        99,
        16,
    )


def test_a_validation_error_is_shown_and_the_typed_values_kept(page: Page, clock, nurse_a, session_a):
    log_in(page, "nurse_a")
    page.goto(f"/sessions/{session_a.pk}/")
    page.locator("#vitals-entry [name=systolic]").fill("1200")
    page.locator("#vitals-entry [name=diastolic]").fill("80")
    page.locator("#vitals-entry [name=heart_rate]").fill("72")
    page.locator("#vitals-entry [name=heart_rate]").press("Enter")
    expect(page.locator("#vitals-entry .field-error")).to_contain_text("Systolic BP must be between 40 and 300 mmHg")
    expect(page.locator("#vitals-entry [name=systolic]")).to_have_value("1200")
    expect(page.locator("#vitals-entry [name=heart_rate]")).to_have_value("72")
    assert not session_a.readings.exists()
