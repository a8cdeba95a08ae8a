"""Crash the notifications service with SIGKILL while 200 matching proposals are being
published; afterwards every matched member has exactly one notification per proposal."""
from __future__ import annotations

import threading
import time

import httpx
from pymongo import MongoClient

from tests.e2e.test_vertical_slice import wait_for

PROPOSALS = 200
KILL_AFTER = 60


def test_sigkill_notifications_mid_stream_loses_and_doubles_nothing(platform, member):
    bob = member("Bob Publisher")
    matched = [member(f"Matched {n}") for n in range(3)]
    unmatched = member("Unmatched Member")
    for m in matched:
        m.set_interests(["s3:life-sciences"])
    unmatched.set_interests(["s3:agrifood"])

    proposals = httpx.Client(base_url=platform.service_url("proposals"), headers=bob.auth, timeout=30)

    def publish(title: str) -> str:
        response = proposals.post("/proposals", json={
            "kind": "research_request", "title": title, "summary": "Clinical validation partner wanted.",
            "descriptors": ["s3c:life-sciences-02"]})
        assert response.status_code == 201, response.text
        return response.json()["id"]

    # The notifications read model must know the three profiles before the stream starts.
    probe = publish("Probe proposal for read-model readiness")
    for m in matched:
        wait_for(lambda m=m: [n for n in m.inbox() if n["subject_id"] == probe], timeout=30)

    published: list[str] = []
    notifications = platform.processes["notifications"]

    def crash_and_restart() -> None:
        wait_for(lambda: len(published) >= KILL_AFTER, timeout=120)
        notifications.kill()  # SIGKILL: no shutdown, no final commit
        time.sleep(1.0)
        platform.start_service("notifications", wait=False)

    crasher = threading.Thread(target=crash_and_restart)
    crasher.start()
    for n in range(PROPOSALS):
        published.append(publish(f"Clinical partner wanted #{n}"))
    crasher.join()
    platform.wait_healthy("notifications")

    expected = set(published)
    mongo = MongoClient(platform.mongo_url)
    inbox = mongo["notifications"]["inbox"]
    try:
        for m in matched:
            wait_for(lambda m=m: expected <= {d["subject_id"] for d in inbox.find({"user_id": m.user_id})},
                     timeout=120, interval=0.5)
        time.sleep(3)  # let any late redelivery land before counting
        per_pair = list(inbox.aggregate([
            # Only this test's members: other tests' members may match these proposals too.
            {"$match": {"subject_id": {"$in": published},
                        "user_id": {"$in": [m.user_id for m in [*matched, unmatched]]}}},
            {"$group": {"_id": {"user": "$user_id", "proposal": "$subject_id"}, "count": {"$sum": 1}}},
        ]))
    finally:
        mongo.close()

    counts = {(p["_id"]["user"], p["_id"]["proposal"]): p["count"] for p in per_pair}
    assert len(counts) == len(matched) * PROPOSALS, "a matched member is missing notifications"
    assert set(counts.values()) == {1}, "a notification was doubled"
    assert {user for user, _ in counts} == {m.user_id for m in matched}
    # And as the members see it, through the API:
    for m in matched:
        seen = [n["subject_id"] for n in m.inbox() if n["subject_id"] in expected]
        assert sorted(seen) == sorted(published)
    assert not [n for n in unmatched.inbox() if n["subject_id"] in expected]
