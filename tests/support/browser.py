"""What the browser tests share: Debian's Chromium under Playwright, a context per person
(language, viewport), axe-core run inside the page, and screenshots kept as artefacts.

Chromium is /usr/bin/chromium (`make system-packages`): Playwright cannot download its own
browsers here. axe-core is the web client's own dev dependency (web/node_modules)."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Git-ignored; CI keeps whatever it keeps of the work tree.
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "test-artifacts" / "screenshots"))

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
LOCALES = {"it": "it-IT", "en": "en-GB"}


def web_root() -> Path:
    """The built client the gateway serves: GATEWAY_WEB_ROOT, else web/dist (built if absent)."""
    root = Path(os.environ.get("GATEWAY_WEB_ROOT", ROOT / "web" / "dist"))
    if not (root / "index.html").is_file():
        subprocess.run(["npm", "run", "build", "--silent", "--", "--outDir", str(root), "--emptyOutDir"],
                       cwd=ROOT / "web", check=True)
    return root


@dataclass
class Person:
    """One person's browser: a context of its own (cookies, storage), in their language."""
    context: BrowserContext
    page: Page
    language: str
    viewport: str
    problems: list[str] = field(default_factory=list)
    # Requests under way, but for event streams (the live notifications stream stays open while
    # signed in, so Playwright's "networkidle" would never come): see `settle`.
    in_flight: set = field(default_factory=set)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{safe(name)}.{self.language}.{self.viewport}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def open_person(browser: Browser, base_url: str, language: str = "it", phone: bool = False) -> Person:
    context = browser.new_context(base_url=base_url, locale=LOCALES[language],
                                  viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone)
    # Injected through the DevTools protocol, so the page's own CSP still holds for the app.
    context.add_init_script(path=str(AXE))
    # The app remembers a chosen language in localStorage; start each person in theirs.
    context.add_init_script(f"try {{ localStorage.getItem('oi.language') || "
                            f"localStorage.setItem('oi.language', '{language}') }} catch (e) {{}}")
    context.set_default_timeout(10_000)
    page = context.new_page()
    person = Person(context, page, language, "phone" if phone else "desktop")

    def on_console(message: ConsoleMessage) -> None:
        # A CSP refusal or an uncaught error is a defect, whatever the test is looking at.
        if message.type == "error" and not _expected_console_error(message.text):
            person.problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: person.problems.append(f"page error: {error} {getattr(error, 'stack', '')}"))
    page.on("request", lambda request: None if EVENT_STREAM.search(request.url) else person.in_flight.add(request))
    page.on("requestfinished", lambda request: person.in_flight.discard(request))
    page.on("requestfailed", lambda request: person.in_flight.discard(request))
    return person


EVENT_STREAM = re.compile(r"/api/notifications/stream(\?|$)")


def settle(person: Person, quiet_ms: int = 500, timeout_ms: int = 15_000) -> None:
    """Playwright's "networkidle" (no request for `quiet_ms`), with open event streams left out."""
    person.page.wait_for_load_state("load")
    waited = quiet = 0
    while quiet < quiet_ms:
        if waited > timeout_ms:
            raise TimeoutError(f"requests still under way after {timeout_ms} ms: {[r.url for r in person.in_flight]}")
        person.page.wait_for_timeout(50)
        waited += 50
        quiet = 0 if person.in_flight else quiet + 50


def _expected_console_error(text: str) -> bool:
    # The browser logs every 4xx/5xx fetch as an error; the app handles those (tests check what it shows).
    return text.startswith("Failed to load resource")


SERIOUS = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """WCAG 2.1 A/AA rules; only serious and critical ones, what the issue holds us to."""
    result = page.evaluate("""async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }));
    }""")
    return [v for v in result if v["impact"] in SERIOUS]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check_page(person: Person, name: str) -> None:
    """What every page of the slice must pass: no serious axe violation, nothing wider than a
    phone, no console error; and a screenshot to look at."""
    settle(person)
    person.screenshot(name)
    violations = axe_violations(person.page)
    assert not violations, f"{name} ({person.language}, {person.viewport}): {violations}"
    overflow = horizontal_overflow(person.page)
    assert overflow <= 0, f"{name} ({person.language}, {person.viewport}) scrolls sideways by {overflow}px"
    assert not person.problems, f"{name}: {person.problems}"
