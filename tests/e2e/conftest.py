"""The whole platform as separate processes (five services and the nginx gateway) on
the session's real servers; tests talk to it over HTTP through the gateway."""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from contracts.topics import PROFILES_PROFILE
from devstack import LocalStack, Ports
from servicekit.ids import new_id
from tests.support.notifications import ReadModelWatch

PASSWORD = "a long enough password"


def run_aside(coroutine):
    """asyncio.run in a thread of its own: a browser test's thread already runs Playwright's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    """Its own servers, not the integration tests': the services' consumer groups must
    not meet the in-process apps that integration tests run under the same names."""
    # Roomy enough for the slice's own calls; the rate-limit test bursts well past it.
    os.environ["GATEWAY_RATE_LIMIT"] = "100r/s"
    os.environ["GATEWAY_RATE_BURST"] = "100"
    # A killed bridge's sync run is taken up once its lease expires: short here, 30 s by default.
    os.environ["POD_SYNC_LEASE_SECONDS"] = "4"
    # No scheduled sync: the tests start theirs and count what each did.
    os.environ["POD_SYNC_INTERVAL_SECONDS"] = "36000"
    # Scheduled community work (news going live, reminders, consultations closing) looks every second.
    os.environ["PERIODIC_INTERVAL_SECONDS"] = "1"
    stack = LocalStack(tmp_path_factory.mktemp("platform"), Ports.free())
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="session")
def operator_token(platform) -> str:
    """An EEN operator's access token (the role granted with the profiles CLI, as ops would)."""
    profiles = platform.service_url("profiles")
    email, password = "een.operator@example.org", "operating-password-1"
    httpx.post(f"{profiles}/users", json={"email": email, "password": password, "display_name": "EEN operator"})
    subprocess.run([sys.executable, "-m", "profiles.cli", "grant-role", email, "een_operator"], check=True,
                   env={**os.environ, "MONGO_URL": platform.mongo_url, "MONGO_DB": "profiles"}, cwd=ROOT)
    return httpx.post(f"{profiles}/sessions", json={"email": email, "password": password}).json()["access_token"]


@pytest.fixture(scope="session")
def gateway(platform):
    with httpx.Client(base_url=f"{platform.gateway_url}/api", timeout=30) as client:
        yield client


class Member:
    """A person using the platform through the gateway."""

    def __init__(self, gateway: httpx.Client, name: str, kafka_bootstrap: str | None = None,
                 language: str = "it") -> None:
        self.gateway = gateway
        self.name = name
        self.kafka_bootstrap = kafka_bootstrap
        self.language = language
        self.email = f"{name.lower().replace(' ', '.')}.{new_id()[-12:]}@example.org"
        # The web client speaks the member's language once they sign in.
        registered = gateway.post("/profiles/users", json={"email": self.email, "password": PASSWORD,
                                                             "display_name": name, "language": language})
        assert registered.status_code == 201, registered.text
        self.user_id = registered.json()["user_id"]
        signed_in = gateway.post("/profiles/sessions", json={"email": self.email, "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        self.auth = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.gateway.get(path, headers={**self.auth, **kwargs.pop("headers", {})}, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.gateway.post(path, headers={**self.auth, **kwargs.pop("headers", {})}, **kwargs)

    def put(self, path: str, **kwargs) -> httpx.Response:
        return self.gateway.put(path, headers={**self.auth, **kwargs.pop("headers", {})}, **kwargs)

    def set_interests(self, interests: list[str], organisation: str = "Acme S.p.A.") -> dict:
        """Returns once the notifications service has recorded the new profile, so a proposal
        published next is matched against it (matching happens once, at publication)."""
        etag = self.get("/profiles/me").headers["etag"]
        watch = ReadModelWatch(self.kafka_bootstrap, PROFILES_PROFILE) if self.kafka_bootstrap else None
        if watch:
            run_aside(watch.mark())
        response = self.put("/profiles/me/profile", headers={"If-Match": etag}, json={
            "display_name": self.name, "organisation": organisation, "interests": interests,
            "competences": [], "language": self.language})
        assert response.status_code == 200, response.text
        if watch:
            run_aside(watch.caught_up())
        return response.json()

    def inbox(self, **params) -> list[dict]:
        items, cursor = [], None
        while True:
            page = self.get("/notifications/inbox", params={**params, "limit": 100,
                                                            **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200, page.text
            body = page.json()
            items += body["items"]
            cursor = body.get("next_cursor")
            if not cursor:
                return items


@pytest.fixture
def member(gateway, platform):
    return lambda name, language="it": Member(gateway, name, platform.kafka_bootstrap, language)
