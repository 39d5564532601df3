"""Fixtures for real-browser tests: Playwright's sync API driving Debian's Chromium.

Playwright cannot download its own browsers on our machines, so we launch the distribution's
/usr/bin/chromium (`make browser-deps` installs it). The browser is started once per session;
each test gets a fresh context (no shared cookies) at tablet size, which is what the nurses use.

Tests that take `page` also take pytest-django's `live_server`, which switches them to
`transactional_db`: the server answers from another thread, so the data a test creates must be
committed to be visible there. Tests that don't use these fixtures are unaffected.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, Response, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TABLET = {"width": 1024, "height": 768}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)", pytrace=False)
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps an asyncio event loop running in this thread for as long as
        # it is started. Django sees that running loop and raises SynchronousOnlyOperation on any
        # ORM call from the test thread (fixtures, assertions), although nothing here is async.
        # The variable is set only while Playwright runs and removed when it stops (which also
        # ends the loop), so a run without browser tests keeps Django's check.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh tab at tablet size; the test errors if a request failed, a script threw or the
    Content-Security-Policy blocked anything."""
    context = browser.new_context(viewport=TABLET, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []

    def check_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} {response.request.method} {response.url}")

    page.on("response", check_response)

    def check_failure(request) -> None:
        # The browser aborts what is still loading (a favicon, a poll) when the page navigates away;
        # that is not the server failing.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"failed {request.method} {request.url}: {request.failure}")

    page.on("requestfailed", check_failure)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    # Every page must pass the Content-Security-Policy: a blocked inline script or style is a failure.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) =>"
        " console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));"
    )

    def check_console(message) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            problems.append(message.text)

    page.on("console", check_console)
    yield page
    context.close()
    if problems:
        pytest.fail("the browser saw problems:\n" + "\n".join(problems), pytrace=False)


# The charted esketamine session of the REMS tests, for the REMS flow in the browser.
from tests.rems.conftest import discharged_esketamine, dosed_session, lorazepam  # noqa: E402, F401
