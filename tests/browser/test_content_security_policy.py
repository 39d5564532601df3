"""The main pages, as a nurse and as a physician, load under the strict Content-Security-Policy
(no inline script or style allowed) without a single violation: the `page` fixture fails the
test on any violation the browser reports."""

import pytest

from tests import factories
from tests.browser.test_login_and_home import log_in
from tests.review.conftest import chart_high_bp

pytestmark = pytest.mark.browser

NURSE_PAGES = ["/", "/board/", "/patients/", "/sessions/{session}/", "/accounts/"]
PHYSICIAN_PAGES = [
    "/review/alerts/",
    "/review/sessions/",
    "/review/sessions/{session}/",
    "/review/sessions/{session}/history/",
    "/review/patients/{patient}/course/",
    "/review/patients/{patient}/history/",
    "/rules/",
    "/rules/new/",
    "/review/report/",
    "/api/docs/",
    "/api/v1/sessions/",
]


@pytest.mark.parametrize(("user", "paths"), [("nurse_a", NURSE_PAGES), ("physician_a", PHYSICIAN_PAGES)])
def test_the_main_pages_load_without_a_csp_violation(live_server, page, user, paths, nurse_a, physician_a, session_a):
    factories.AlertRuleFactory(site=session_a.site, name="SBP above 180", threshold=180)
    chart_high_bp(session_a, nurse_a)
    log_in(page, user)
    for path in paths:
        response = page.goto(path.format(session=session_a.pk, patient=session_a.patient_id))
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
