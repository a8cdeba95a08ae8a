"""The EEN operator console in a real browser: an operator signs in, opens the console from
the navbar, starts a full sync of the simulated POD, follows it to the end and sees the
status and the quarantine; someone without the role sees that it is not for them, and no data."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import expect
from servicekit.ids import new_id

from tests.e2e.browser import steps_een
from tests.e2e.browser.steps_auth import sign_in
from tests.e2e.conftest import PASSWORD, ROOT
from tests.support.browser import check_page


@dataclass
class Account:
    email: str
    token: str
    gateway: httpx.Client

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.gateway.get(path, headers={"Authorization": f"Bearer {self.token}"}, **kwargs)


@pytest.fixture
def account(platform, gateway):
    """account(name, language, role=None): someone registered in their language (the app reads
    it from the profile once signed in), given a platform role with the profiles CLI as ops
    would; the token is taken after the grant, so it carries the role."""
    def make(name: str, language: str, role: str | None = None) -> Account:
        email = f"{name.lower().replace(' ', '.')}.{new_id()[-12:]}@example.org"
        registered = gateway.post("/profiles/users", json={"email": email, "password": PASSWORD,
                                                             "display_name": name, "language": language})
        assert registered.status_code == 201, registered.text
        if role is not None:
            subprocess.run([sys.executable, "-m", "profiles.cli", "grant-role", email, role], check=True,
                           env={**os.environ, "MONGO_URL": platform.mongo_url, "MONGO_DB": "profiles"}, cwd=ROOT,
                           capture_output=True)
        signed_in = gateway.post("/profiles/sessions", json={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        return Account(email, signed_in.json()["access_token"], gateway)
    return make


def test_an_operator_runs_a_sync_and_follows_it_to_the_end(people, platform, account):
    operator = account("Console Operatrice", "it", "een_operator")
    pod = httpx.Client(base_url=platform.pod_url, timeout=10)
    person = people("it")
    sign_in(person, operator.email, PASSWORD)
    steps_een.open_console(person)
    steps_een.expect_status_panel(person)
    check_page(person, "een-console")

    # Slow POD answers, so that the run is seen going on before it ends.
    assert pod.post("/_control/faults", json={"delay": {"count": 6, "seconds": 0.5}}).status_code == 200
    try:
        run_id = steps_een.start_sync(person, "full")
        steps_een.expect_run_in_progress(person)
        check_page(person, "een-console-running")
        steps_een.expect_run_finished(person)
    finally:
        pod.delete("/_control/faults")

    run = operator.get(f"/een/sync/runs/{run_id}").json()
    assert run["status"] == "completed", run
    steps_een.expect_latest_run_listed(person)
    quarantined = operator.get("/een/quarantine", params={"limit": 100}).json()["items"]
    assert len(quarantined) >= 5  # the simulator's malformed profiles
    steps_een.expect_quarantined(person, [q["key"] for q in quarantined[:5]])
    check_page(person, "een-console-finished")

    # The same console on a phone, in English.
    phone = people("en", phone=True)
    sign_in(phone, account("Console Operator", "en", "een_operator").email, PASSWORD)
    steps_een.open_console(phone)
    steps_een.expect_status_panel(phone)
    steps_een.expect_latest_run_listed(phone)
    steps_een.expect_quarantined(phone, [q["key"] for q in quarantined[:5]])
    check_page(phone, "een-console")


def test_the_console_is_not_for_members_without_the_role(people, account):
    signed_out = people("it")
    signed_out.page.goto("/een")
    steps_een.expect_sent_to_sign_in(signed_out)

    for person in (people("en"), people("it", phone=True)):
        plain = account("Plain Member", person.language)
        asked: list[str] = []
        person.page.on("request", lambda request, asked=asked: asked.append(request.url) if "/api/een/" in request.url else None)
        sign_in(person, plain.email, PASSWORD)
        expect(person.page.get_by_role("link", name=steps_een.TEXT[person.language]["nav"])).to_have_count(0)
        steps_een.open_console_in_app(person)
        steps_een.expect_not_allowed(person)
        check_page(person, "een-console-forbidden")
        assert asked == []  # no data asked for, let alone shown
