"""Headless Chromium driven by Playwright against a live server on the test database.

Chromium is Debian's (``/usr/bin/chromium``, or ``FACTORY_EVAL_CHROMIUM``); browser downloads
by test tools do not work on these machines, so nothing is ever downloaded. When Chromium or
Playwright is missing the tests **fail** with the reason, they never skip. The live server
listens on a free port in 8750-8799 (``FACTORY_EVAL_LIVE_PORTS`` changes the range).
Screenshots of the main pages go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.web.conftest import certificate_settings, criteria  # noqa: F401

CHROMIUM = os.environ.get("FACTORY_EVAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port for the live server in {first}-{last}")


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, on a port of this project's range."""
    from pytest_django.live_server_helper import LiveServer

    first, last = (
        int(part) for part in os.environ.get("FACTORY_EVAL_LIVE_PORTS", "8750-8799").split("-")
    )
    server = LiveServer(f"127.0.0.1:{_free_port(first, last)}")
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the package's tests; each role gets its own context (cookies)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - the set-up installs it
        pytest.fail(f"Playwright is not installed ({error}); pip install playwright")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium "
            "(or set FACTORY_EVAL_CHROMIUM)"
        )
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # are still plain synchronous code, so Django's async guard is lifted for these tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:
        manager.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}")
    yield chromium
    chromium.close()
    manager.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Site:
    """The live site seen by one browser context per role."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def context(self, *, language: str = "zh-CN", viewport=None):
        context = self.browser.new_context(
            base_url=self.base_url,
            locale=language,
            viewport=viewport or DESKTOP,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context

    def page_as(self, user=None, **kwargs):
        """A page signed in as ``user`` (a session made on the server, as a sign-in would)."""
        context = self.context(**kwargs)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie.value,
                        "url": self.base_url,
                    }
                ]
            )
        return context.new_page()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def site(browser, live_server):
    site = Site(browser, live_server.url)
    yield site
    site.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
