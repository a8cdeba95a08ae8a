"""Browser tests: the web client, served by the gateway of the e2e platform, in Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import CHROMIUM, open_person, web_root


@pytest.fixture(scope="session")
def web_client_built():
    return web_root()


@pytest.fixture(scope="module")
def browser(web_client_built, platform):
    # After the platform: Playwright's sync API runs an event loop in this thread while it is
    # open, so other modules' asyncio tests need it closed: one browser per module.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-dev-shm-usage"])
        yield chromium
        chromium.close()


@pytest.fixture
def people(browser, platform):
    """open(language="it", phone=False) → a Person with a context of their own; closed after the test."""
    opened = []

    def open_(language: str = "it", phone: bool = False):
        person = open_person(browser, platform.gateway_url, language, phone)
        opened.append(person)
        return person

    yield open_
    for person in opened:
        person.context.close()
