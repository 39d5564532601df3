"""Logging in and the home page, in a real browser at tablet size.

Set SCREENSHOT_DIR (e.g. bench/out/browser, which git ignores) to keep a full-page screenshot of
the pages these tests reach.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LOGIN_PATH = "/accounts/login/"


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto(LOGIN_PATH)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def sessions_in_progress(page: Page):
    return page.locator("section.card").filter(has=page.get_by_role("heading", name="Sessions in progress"))


def screenshot(page: Page, name: str) -> None:
    directory = os.environ.get("SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(directory) / f"{name}.png", full_page=True)


def test_a_nurse_logs_in_and_sees_her_sessions_in_progress(live_server, page, nurse_a, patient_a, session_a):
    log_in(page, "nurse_a")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name=f"Welcome, {nurse_a.get_full_name()}")).to_be_visible()
    expect(page.locator(".roles .badge")).to_have_text(["Nurse · Riverside"])
    row = sessions_in_progress(page).get_by_role("row").filter(has_text=patient_a.full_name)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(patient_a.mrn)
    expect(row).to_contain_text("Riverside")
    screenshot(page, "home-nurse-a")


def test_a_wrong_password_shows_an_error_and_stays_on_login(live_server, page, nurse_a):
    log_in(page, "nurse_a", password="not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}")
    expect(page.get_by_label("Username")).to_have_value("nurse_a")
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "login-wrong-password")


def test_an_anonymous_visitor_is_sent_to_login(live_server, page):
    page.goto("/")

    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}?next=/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_a_nurse_of_another_site_does_not_see_site_a_sessions(live_server, page, nurse_b, patient_a, session_a):
    log_in(page, "nurse_b")

    expect(page.locator(".roles .badge")).to_have_text(["Nurse · Harbour"])
    sessions = sessions_in_progress(page)
    expect(sessions).to_contain_text("No session is in progress at your sites.")
    expect(sessions).not_to_contain_text(patient_a.full_name)
    expect(page.locator("body")).not_to_contain_text(patient_a.mrn)
    screenshot(page, "home-nurse-b")


def test_pages_are_styled_by_the_static_stylesheet(live_server, page):
    with page.expect_response(re.compile(r"/static/css/app\.css$")) as stylesheet:
        page.goto(LOGIN_PATH)

    assert stylesheet.value.status == 200
    # The top bar's navy background comes from app.css only.
    expect(page.locator("header.topbar")).to_have_css("background-color", "rgb(18, 52, 77)")
    screenshot(page, "login")
