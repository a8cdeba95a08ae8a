"""EEN offers end to end: an operator starts a full import through the gateway, the bridge is
killed with SIGKILL half-way, and after its restart the run is taken up where it stopped.
Afterwards every published POD profile is exactly one proposal, found by members next to local
proposals, and a member whose interests match was notified once per matching offer."""
from __future__ import annotations

import json
import time

import httpx
from pymongo import MongoClient

from contracts.taxonomy import load_taxonomy
from tests.support.apps import wait_for

S3_AREAS = [d.code for d in load_taxonomy() if d.scheme == "s3"]


def test_a_killed_full_import_resumes_and_offers_reach_members_once(platform, gateway, member, operator_token):
    watcher = member("EEN Watcher")
    watcher.set_interests(S3_AREAS)
    publisher = member("Local Publisher")
    local = publisher.post("/proposals/proposals", json={
        "kind": "technology_offer", "title": "Local titanium brackets", "summary": "Printed in Brescia.",
        "descriptors": ["s3:aerospace"]})
    assert local.status_code == 201, local.text
    wait_for(lambda: [n for n in watcher.inbox() if n["subject_id"] == local.json()["id"]], timeout=30)

    pod = httpx.Client(base_url=platform.pod_url, timeout=10)
    references = {p["reference"]: p for p in pod.get("/_control/profiles").json()}
    # Slow pages, so that the kill lands in the middle of the run.
    assert pod.post("/_control/faults", json={"delay": {"count": 40, "seconds": 0.4}}).status_code == 200

    operator = {"Authorization": f"Bearer {operator_token}"}
    started = gateway.post("/een/sync/runs", json={"mode": "full"}, headers=operator)
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    mongo = MongoClient(platform.mongo_url)
    runs = mongo["een_bridge"]["sync_runs"]
    wait_for(lambda: (runs.find_one({"_id": run_id}) or {}).get("counts", {}).get("pages", 0) >= 1, timeout=30)
    platform.processes["een-bridge"].kill()  # SIGKILL: no shutdown, the lease is not released
    killed = runs.find_one({"_id": run_id})
    assert killed["status"] == "running" and killed["counts"]["pages"] < 4
    time.sleep(0.5)
    platform.start_service("een-bridge")

    def finished():
        response = gateway.get(f"/een/sync/runs/{run_id}", headers=operator)
        return response.json() if response.status_code == 200 and response.json()["status"] != "running" else None
    run = wait_for(finished, timeout=90, interval=0.5)
    assert run["status"] == "completed" and run["resumed"] == 1, run
    assert run["counts"]["quarantined"] == 5  # the simulator's malformed profiles

    # No duplicates: one een.offer.synced per published profile, one proposal per offer.
    outbox = mongo["een_bridge"]["outbox"]
    synced = [json.loads(r["value"])["een_reference"]
              for r in outbox.find({"headers.ce_type": "een.offer.synced.v1"})]
    assert len(synced) == len(set(synced)) == run["counts"]["created"]
    published = {r for r in synced}
    proposals = mongo["proposals"]["proposals"]
    wait_for(lambda: proposals.count_documents({"source": "een"}) >= len(published), timeout=90, interval=0.5)
    assert proposals.count_documents({"source": "een"}) == len(published)
    assert published <= set(references)

    # Found next to local proposals, through the gateway.
    found, cursor = [], None
    while True:
        page = watcher.get("/proposals/proposals", params={"limit": 100, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        found += page.json()["items"]
        cursor = page.json().get("next_cursor")
        if not cursor:
            break
    sources = {p["source"] for p in found}
    assert sources == {"local", "een"}
    assert {p["een_reference"] for p in found if p["source"] == "een"} == published
    offer = next(p for p in found if p["source"] == "een")
    assert offer["owner_id"] is None and offer["description"]  # anonymous, with the POD's sections

    # Matched like any proposal, once each.
    with_s3 = {p["id"] for p in found if p["source"] == "een" and any(d.startswith("s3") for d in p["descriptors"])}
    assert with_s3
    inbox = mongo["notifications"]["inbox"]
    wait_for(lambda: with_s3 <= {d["subject_id"] for d in inbox.find({"user_id": watcher.user_id})},
             timeout=120, interval=0.5)
    per_subject = [d["subject_id"] for d in inbox.find({"user_id": watcher.user_id}) if d["subject_id"] in with_s3]
    assert len(per_subject) == len(set(per_subject))
    pod.delete("/_control/faults")


def test_a_shared_proposal_goes_to_the_pod_and_interest_travels_both_ways(platform, member):
    """After the import above: a member's proposal shared with EEN is published in the POD; an
    EEN partner's interest in it reaches the owner as an ordinary interest with a notification;
    a member's interest in an EEN offer reaches the POD."""
    owner, curious = member("Sharing Owner"), member("Curious Member")
    created = owner.post("/proposals/proposals", json={
        "kind": "technology_offer", "title": "Hydrogen-ready burners for kilns",
        "summary": "Retrofit kit for ceramic kilns.", "description": "Tested at 1,200 °C.\n\nCE marked.",
        "descriptors": ["s3:eco-industry"], "share_with_een": True})
    assert created.status_code == 201, created.text
    proposal_id = created.json()["id"]

    def exported():
        body = owner.get(f"/proposals/proposals/{proposal_id}").json()
        return body if body.get("een_export_status") == "published" else None
    reference = wait_for(exported, timeout=60, interval=0.5)["een_reference"]
    pod = httpx.Client(base_url=platform.pod_url, timeout=10)
    in_pod = pod.get(f"/_control/profiles/{reference}").json()
    assert (in_pod["title"], in_pod["description"], in_pod["type"]) == (
        "Hydrogen-ready burners for kilns", "Tested at 1,200 °C.\n\nCE marked.", "TO")

    injected = pod.post(f"/_control/profiles/{reference}/interests", json={
        "organisation": "Keramik Werke GmbH", "country": "DE", "message": "We run twelve kilns."})
    assert injected.status_code == 201, injected.text
    notified = wait_for(lambda: [n for n in owner.inbox() if "Keramik Werke GmbH" in n["title"]],
                        timeout=60, interval=0.5)
    assert len(notified) == 1
    [interest] = owner.get(f"/proposals/proposals/{proposal_id}/interests").json()["items"]
    assert (interest["sender_organisation"], interest["sender_country"], interest["message"]) == (
        "Keramik Werke GmbH", "DE", "We run twelve kilns.")
    accepted = owner.post(f"/proposals/interests/{interest['id']}/accept")
    assert accepted.status_code == 200, accepted.text

    offer = curious.get("/proposals/proposals", params={"source": "een", "limit": 1}).json()["items"][0]
    sent = curious.post(f"/proposals/proposals/{offer['id']}/interests",
                        json={"message": "Could we license this for Lombardy?"})
    assert sent.status_code == 201, sent.text
    reached = wait_for(lambda: pod.get("/_control/interests", params={"profile": offer["een_reference"]}).json(),
                       timeout=60, interval=0.5)
    assert [i["message"] for i in reached] == ["Could we license this for Lombardy?"]
    assert reached[0]["externalId"] == sent.json()["id"]
