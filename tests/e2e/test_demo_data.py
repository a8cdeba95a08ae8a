"""`make demo` against the whole platform through the gateway: it loads communities of every
access type with their members and content, runs twice without failing, and what it loads
obeys the access rules (a closed community stays invisible to a non-member)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo-password-2026"


def load(platform) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "deploy/local/demo_data.py", "--gateway", platform.gateway_url],
                          cwd=ROOT, env={**os.environ, "MONGO_URL": platform.mongo_url}, capture_output=True,
                          text=True, timeout=600)


def signed_in(gateway: httpx.Client, email: str) -> dict[str, str]:
    session = gateway.post("/profiles/sessions", json={"email": email, "password": PASSWORD})
    assert session.status_code == 200, session.text
    return {"Authorization": f"Bearer {session.json()['access_token']}"}


def names(gateway: httpx.Client, auth: dict[str, str], **params) -> set[str]:
    listed = gateway.get("/communities/communities", headers=auth, params={"limit": 100, **params})
    assert listed.status_code == 200, listed.text
    return {c["name"] for c in listed.json()["items"]}


def test_the_demo_data_loads_twice_and_respects_the_access_types(platform, gateway):
    first = load(platform)
    assert first.returncode == 0, first.stderr
    again = load(platform)
    assert again.returncode == 0, again.stderr
    assert "exists" in again.stdout  # found, not made twice
    print(first.stdout, first.stderr, sep="\n")  # what the demo could not load yet shows in the test's output

    dario = signed_in(gateway, "dario@demo.example")
    assert {"S3 steering group", "Urban mobility pilots"} <= names(gateway, dario, mine="true")
    carla = signed_in(gateway, "carla@demo.example")
    listed = names(gateway, carla)
    assert {"Precision farming", "Aerospace composites", "Clinical research network"} <= listed
    assert "Urban mobility pilots" not in listed  # closed, and carla is neither a member nor invited
    assert "S3 steering group" in names(gateway, carla, mine="true")  # she moderates it

    alice = signed_in(gateway, "alice@demo.example")
    [aero] = [c for c in gateway.get("/communities/communities", headers=alice,
                                     params={"mine": "true", "limit": 100}).json()["items"]
              if c["name"] == "Aerospace composites"]
    assert aero["member_count"] >= 4
    news = gateway.get(f"/communities/communities/{aero['id']}/news", headers=alice)
    assert news.status_code == 200, news.text
    assert any(item["highlighted"] for item in news.json()["items"])
