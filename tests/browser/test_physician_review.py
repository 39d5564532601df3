"""The demo physician's review in a real browser: acknowledge an alert, review and sign a
session, add an addendum, open the patient's course.

It loads the demo data (as `make run` does), then charts a hypertensive reading on today's
running infusion so there is a critical alert to acknowledge, and discharges that session so
it waits for the physician's sign-off.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from clinic.demo import load_demo_data
from clinic.demo.catalog import PASSWORD, TODAY_IN_INFUSION
from sessions import services
from sessions.clinical.discharge import DISCHARGE_CHECKLIST
from sessions.models import Addendum, Alert, InfusionSession
from tests.browser.test_login_and_home import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def todays_session(live_server):
    """Today's running infusion at Riverside, after a reading of 188/112 raised critical alerts."""
    load_demo_data()
    users = get_user_model().objects
    session = InfusionSession.objects.get(patient__mrn=TODAY_IN_INFUSION, discharged_at__isnull=True)
    services.record_vitals(
        session=session,
        values={"systolic": 188, "diastolic": 112, "heart_rate": 96, "spo2": 97, "respiratory_rate": 16},
        by=users.get(username="nurse"),
    )
    return session


def test_the_demo_physician_reviews_signs_and_follows_the_course(page: Page, todays_session):
    session = todays_session
    alert = Alert.objects.filter(session=session, severity="critical", acknowledged_at__isnull=True).first()
    log_in(page, "physician", PASSWORD)

    expect(page.locator(".critical-banner")).to_contain_text("unacknowledged critical alert")
    page.get_by_role("link", name="Review", exact=True).click()
    row = page.locator(f"#alert-{alert.pk}")
    expect(row).to_contain_text(session.patient.full_name)
    screenshot(page, "physician-alerts")
    row.get_by_placeholder("Note (optional)").fill("Seen at the chair; recheck in 5 min")
    row.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(f"#alert-{alert.pk}")).to_contain_text("Seen at the chair; recheck in 5 min")
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "physician"

    physician = get_user_model().objects.get(username="physician")
    services.record_event(session=session, by=physician, kind="stopped")
    services.discharge(
        session=session,
        by=physician,
        checklist={item: True for item, _ in DISCHARGE_CHECKLIST},
        override_reason="BP settled on recheck; escort waiting.",
    )
    page.get_by_role("link", name="Awaiting my sign-off").click()
    page.get_by_role("link", name=session.patient.full_name).first.click()
    expect(page.locator(".trend-chart")).to_be_visible()
    expect(page.locator("#alerts")).to_contain_text("Seen at the chair")
    page.get_by_label("I attest to the above and sign this session.").check()
    page.get_by_role("button", name="Sign session").click()
    expect(page.locator(".messages")).to_contain_text("Session signed")
    expect(page.locator(".sign-off")).to_contain_text("Signed")
    session.refresh_from_db()
    assert session.signed_by == physician

    page.get_by_text("Add an addendum").click()
    page.get_by_label("Addendum").fill("Phoned the patient in the evening: well, no headache.")
    page.get_by_label("Why it is added after sign-off").fill("Follow-up call")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.locator("#addenda")).to_contain_text("Phoned the patient in the evening")
    assert Addendum.objects.get(session=session).author == physician
    screenshot(page, "physician-session-review")

    page.get_by_role("link", name="Patient course").click()
    expect(page.locator(".course-chart")).to_be_visible()
    expect(page.locator(".course-table tbody tr")).to_have_count(session.course_number)
    screenshot(page, "patient-course")
