"""`make demo` against the whole platform through the gateway: it loads communities of every
access type with their members and content (topics and replies, news, a folder with a file of
two versions, events, a consultation with answers; platform-wide news and an event from the
Region's desk), runs twice without failing, duplicating or complaining, and what it loads obeys
the access rules (a closed community stays invisible to a non-member)."""
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
                          text=True, timeout=600, check=False)


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
    print(first.stdout, first.stderr, sep="\n")
    assert "!" not in first.stderr and "refused" not in first.stderr, first.stderr  # every step loaded
    assert again.stderr.strip() == "", again.stderr  # nothing alarming when everything exists

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


def test_the_demo_content_is_there_once(platform, gateway):
    """After the two loads above (or one here, if run alone): each piece of content once."""
    alice = signed_in_or_loaded(platform, gateway, "alice@demo.example")
    communities = {c["name"]: c["id"] for c in gateway.get(
        "/communities/communities", headers=alice, params={"mine": "true", "limit": 100}).json()["items"]}
    assert list(communities).count("Aerospace composites") == 1
    aero = f"/communities/communities/{communities['Aerospace composites']}"

    topics = gateway.get(f"{aero}/posts", headers=alice, params={"limit": 100}).json()["items"]
    assert sorted(t["title"] for t in topics) == ["Calls for funding this quarter", "Welcome to Aerospace composites"]
    welcome = next(t for t in topics if t["title"].startswith("Welcome"))
    assert welcome["reply_count"] >= 2  # a reply, and a threaded answer to it

    folders = gateway.get(f"{aero}/folders", headers=alice).json()["items"]
    assert [f["name"] for f in folders] == ["Minutes"]
    docs = gateway.get(f"{aero}/documents", headers=alice, params={"folder_id": folders[0]["id"]}).json()["items"]
    assert [(d["title"], d["latest"]["number"]) for d in docs] == [("Kick-off minutes", 2)]

    events = gateway.get(f"{aero}/events", headers=alice, params={"limit": 100}).json()["items"]
    assert [e["title"] for e in events] == ["Aerospace composites: workshop"]
    platform_events = gateway.get("/communities/events", headers=alice, params={"limit": 100}).json()["items"]
    assert [e["title"] for e in platform_events if e["community_id"] is None].count("S3 annual forum") == 1

    news = gateway.get("/communities/news", headers=alice, params={"limit": 100}).json()["items"]
    assert [n["title"] for n in news].count("Regional call for aerospace pilots") == 1

    carla = signed_in(gateway, "carla@demo.example")
    clinical = names_to_ids(gateway, carla)["Clinical research network"]
    [consultation] = gateway.get(f"/communities/communities/{clinical}/consultations", headers=carla).json()
    assert consultation["phase"] == "open" and consultation["response_count"] == 2
    results = gateway.get(f"/communities/communities/{clinical}/consultations/{consultation['id']}/results",
                          headers=carla)
    assert results.status_code == 200, results.text
    region = signed_in(gateway, "regione@demo.example")
    platform_consultations = gateway.get("/communities/consultations", headers=region).json()
    assert [c["title"] for c in platform_consultations].count("Priorities of the 2027 work programme") == 1


def signed_in_or_loaded(platform, gateway: httpx.Client, email: str) -> dict[str, str]:
    session = gateway.post("/profiles/sessions", json={"email": email, "password": PASSWORD})
    if session.status_code != 200:
        assert load(platform).returncode == 0
    return signed_in(gateway, email)


def names_to_ids(gateway: httpx.Client, auth: dict[str, str]) -> dict[str, str]:
    listed = gateway.get("/communities/communities", headers=auth, params={"mine": "true", "limit": 100})
    return {c["name"]: c["id"] for c in listed.json()["items"]}
