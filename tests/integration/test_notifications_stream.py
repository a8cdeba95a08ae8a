"""Live notifications (`GET /stream`, Server-Sent Events) on the real servers: two replicas
of the notifications service sharing MongoDB and Redis, each served by uvicorn on a real
socket (streams need one: httpx's ASGI transport buffers whole responses). Events are fed
to one replica's real consumer path (`EventConsumer.handle_record`: its transaction, its
after-commit push), so which replica stored a notification is known; the other streams it.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import jwt
import pytest
from contracts.envelope import encode
from contracts.events import (
    IntegrationEvent,
    ProfileUpdated,
    ProposalKind,
    ProposalPublished,
    ProposalSource,
)
from contracts.taxonomy import load_taxonomy
from devstack import free_port
from fastapi import FastAPI
from notifications.adapters.live import LiveStreams, channel_of
from notifications.entrypoints.app import NotificationsSettings, create_app
from redis.asyncio import Redis
from servicekit.auth import TokenVerifier
from servicekit.ids import new_id
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.apps import wait_until
from tests.support.notifications import history_handled
from tests.support.serving import serving
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
SERVICE = "notifications-live-it"  # its own consumer group and database: other tests' replicas are not disturbed
DATABASE = "notifications_live_it"
HEARTBEAT = 0.3


# -- the replicas -----------------------------------------------------------------------------
@dataclass
class Replica:
    app: FastAPI
    url: str

    async def feed(self, event: IntegrationEvent, source: str = "/tests") -> None:
        """Handle `event` as this replica's consumer would a record of it (without Kafka)."""
        record = encode(event, event_id=new_id(), source=source)
        await self.app.state.runtime.consumer.handle_record(record.topic, 0, 0, record.headers, record.value)

    @property
    def streams(self) -> LiveStreams:
        return self.app.state.runtime.provided(LiveStreams)




def replica_app(name: str) -> FastAPI:
    app = create_app(NotificationsSettings(service_name=SERVICE, mongo_db=DATABASE, consumer_instance_id=name,
                                           stream_heartbeat_seconds=HEARTBEAT))
    app.state.runtime.provide(TokenVerifier, ISSUER.verifier())
    return app


@pytest.fixture(scope="module")
async def replicas(infra) -> AsyncIterator[tuple[Replica, Replica]]:
    a, b = replica_app(f"{SERVICE}-a"), replica_app(f"{SERVICE}-b")
    async with serving(a, graceful_seconds=5) as url_a, serving(b, graceful_seconds=5) as url_b:  # stopped in reverse order: signal handlers unwind
        # The group reads the shared topics from the start: let it get past what other modules
        # published (proposals that could match these members' interests) before the tests begin.
        def subscribed() -> set[str]:
            consumer = a.state.runtime.consumer.kafka_consumer
            return set(consumer.subscription()) if consumer is not None else set()

        await history_handled(infra.kafka_bootstrap, SERVICE, await wait_until(subscribed, timeout=30))
        yield Replica(a, url_a), Replica(b, url_b)


@pytest.fixture(scope="module")
async def redis(infra) -> AsyncIterator[Redis]:
    client = Redis.from_url(infra.redis_url)
    yield client
    await client.aclose()


# -- an SSE client ------------------------------------------------------------------------------
@dataclass
class Event:
    event: str
    data: dict
    id: str | None = None


@dataclass
class Stream:
    """An open `GET /stream`, read in the background: its events, comments and retry hint."""

    response: httpx.Response
    events: list[Event] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self) -> None:
        fields: dict[str, str] = {}
        data: list[str] = []
        try:
            async for line in self.response.aiter_lines():
                if line == "":
                    if data:
                        self.events.append(Event(fields.get("event", "message"), json.loads("\n".join(data)),
                                                 fields.get("id")))
                    fields, data = {}, []
                elif line.startswith(":"):
                    self.comments.append(line[1:].strip())
                else:
                    name, _, value = line.partition(":")
                    value = value.removeprefix(" ")
                    if name == "data":
                        data.append(value)
                    elif name == "retry":
                        self.retry = int(value)
                    else:
                        fields[name] = value
        except (httpx.ReadError, httpx.RemoteProtocolError):
            pass
        finally:
            self.ended.set()

    def notifications(self) -> list[Event]:
        """About this module's proposals only: the replicas' consumers also read what other test
        modules publish on the shared topics, which may match these members' interests."""
        return [e for e in self.events if e.event == "notification"
                and e.data["notification"]["subject_id"] in PROPOSALS_HERE]

    def unread(self) -> list[int]:
        return [e.data["unread"] for e in self.events if e.event == "unread"]

    async def until(self, predicate, timeout: float = 5.0):
        return await wait_until(lambda: predicate(self), timeout=timeout, interval=0.02)


@contextlib.asynccontextmanager
async def open_stream(url: str, user_id: str | None, *, last_event_id: str | None = None,
                      params: dict | None = None) -> AsyncIterator[Stream]:
    headers = ISSUER.headers(user_id) if user_id else {}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(10, read=None)) as client:
        async with client.stream("GET", "/stream", headers=headers, params=params) as response:
            assert response.status_code == 200, (await response.aread()).decode()
            stream = Stream(response)
            reader = asyncio.create_task(stream.read())
            try:
                await stream.until(lambda s: s.unread())  # the first `unread`: replayed and live from here on
                yield stream
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader


# -- events -----------------------------------------------------------------------------------------
def profile(user_id: str, *interests: str) -> ProfileUpdated:
    return ProfileUpdated(user_id=user_id, version=1, display_name=f"Member {user_id[-4:]}", interests=list(interests),
                          taxonomy_version=load_taxonomy().version)


PROPOSALS_HERE: set[str] = set()


def proposal(owner_id: str, *descriptors: str, title: str = "Drone corridors") -> ProposalPublished:
    PROPOSALS_HERE.add(proposal_id := new_id())
    return ProposalPublished(proposal_id=proposal_id, version=1, owner_id=owner_id, kind=ProposalKind.TECHNOLOGY_REQUEST,
                             title=title, summary="Partners to test urban air mobility.", descriptors=list(descriptors),
                             source=ProposalSource.LOCAL, published_at=datetime.now(UTC))


async def member(replica: Replica, *interests: str) -> str:
    user_id = new_id()
    await replica.feed(profile(user_id, *interests), source="/profiles")
    return user_id


# -- tests ----------------------------------------------------------------------------------------
async def test_the_stream_needs_a_valid_token_and_a_well_formed_last_event_id(replicas):
    a, _ = replicas
    async with httpx.AsyncClient(base_url=a.url) as client:
        for headers in ({}, {"Authorization": "Bearer not-a-token"},
                        {"Authorization": f"Bearer {TestIssuer().token(new_id())}"},  # another issuer's key
                        {"Authorization": f"Bearer {ISSUER.token(new_id(), ttl_seconds=-60)}"}):
            response = await client.get("/stream", headers=headers)
            assert response.status_code == 401, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
        # 401 comes before judging the input; with a token, a malformed id is a 422 problem.
        assert (await client.get("/stream", headers={"Last-Event-ID": "not-a-seq"})).status_code == 401
        for params, headers in (({"last_event_id": "nope"}, {}), ({}, {"Last-Event-ID": "../../etc"})):
            response = await client.get("/stream", params=params, headers={**ISSUER.headers(new_id()), **headers})
            assert response.status_code == 422, response.text
            assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_notification_stored_by_one_replica_is_streamed_by_the_other_to_its_member_only(replicas):
    a, b = replicas
    alice, carol = await member(a, "s3:aerospace"), await member(a, "s3:aerospace")
    bob = await member(a, "s3:agrifood")  # matches nothing below
    async with (open_stream(b.url, alice) as alice_on_b, open_stream(a.url, carol) as carol_on_a,
                open_stream(b.url, bob) as bob_on_b, open_stream(a.url, bob) as bob_on_a):
        assert alice_on_b.response.headers["content-type"].startswith("text/event-stream")
        assert alice_on_b.response.headers["cache-control"] == "no-cache"
        assert alice_on_b.response.headers["x-accel-buffering"] == "no"
        assert alice_on_b.retry == 3000 and alice_on_b.unread() == [0]

        published = proposal(bob, "s3c:aerospace-03")
        await a.feed(published, source="/proposals")  # stored (and pushed) by replica A
        # Live, not replayed: no reconnect happened. (How fast: the slice's browser test prints it.)
        [event] = await alice_on_b.until(lambda s: s.notifications())
        n = event.data["notification"]
        assert n["id"] == f"proposal.matched:{published.proposal_id}:{alice}"
        assert n["subject_type"] == "proposal" and n["subject_id"] == published.proposal_id
        assert event.id == n["seq"] and n["read_at"] is None and event.data["unread"] == 1

        [carols] = await carol_on_a.until(lambda s: s.notifications())  # the storing replica streams too
        assert carols.data["notification"]["id"] == f"proposal.matched:{published.proposal_id}:{carol}"
        # Bob, the author, is told nothing on either replica; nobody sees another's notification.
        await asyncio.sleep(2 * HEARTBEAT)
        assert bob_on_a.notifications() == bob_on_b.notifications() == []
        assert len(alice_on_b.notifications()) == len(carol_on_a.notifications()) == 1
        assert "keep-alive" in bob_on_b.comments  # idle streams are kept alive

        # Reading it (on the other replica) updates the count on every open stream of the member.
        response = await httpx.AsyncClient(base_url=a.url).post(f"/inbox/{n['id']}/read", headers=ISSUER.headers(alice))
        assert response.status_code == 200
        await alice_on_b.until(lambda s: s.unread()[-1:] == [0])
        response = await httpx.AsyncClient(base_url=a.url).post(f"/inbox/{n['id']}/read", headers=ISSUER.headers(bob))
        assert response.status_code == 404  # not Bob's to read
        assert bob_on_a.unread() == bob_on_b.unread() == [0]


async def test_a_resumed_stream_replays_exactly_what_it_missed_then_goes_live(replicas):
    a, b = replicas
    alice, owner = await member(a, "s3:agrifood"), new_id()
    async with open_stream(b.url, alice) as first:
        await a.feed(proposal(owner, "s3:agrifood", title="Seen live"), source="/proposals")
        [seen] = await first.until(lambda s: s.notifications())
    missed = [proposal(owner, "s3:agrifood", title=f"Missed {i}") for i in range(3)]
    for event in missed:
        await (a if missed.index(event) % 2 else b).feed(event, source="/proposals")

    for how in ({"last_event_id": seen.id}, {"params": {"last_event_id": seen.id}}):
        async with open_stream(a.url, alice, **how) as resumed:
            replayed = resumed.notifications()
            assert [e.data["notification"]["subject_id"] for e in replayed] == [p.proposal_id for p in missed]
            assert [e.id for e in replayed] == sorted(e.id for e in replayed)
            assert resumed.unread() == [4] and all(e.data["unread"] == 4 for e in replayed)
            assert resumed.events[-1].event == "unread"  # the replay, then the count, then live

    async with open_stream(b.url, alice, last_event_id=seen.id) as resumed:
        latest = proposal(owner, "s3:agrifood", title="Live after the replay")
        await a.feed(latest, source="/proposals")
        await resumed.until(lambda s: len(s.notifications()) == 4)
        await asyncio.sleep(2 * HEARTBEAT)
        ids = [e.data["notification"]["subject_id"] for e in resumed.notifications()]
        assert ids == [p.proposal_id for p in missed] + [latest.proposal_id]  # each once
        assert resumed.notifications()[-1].data["unread"] == 5

    # Someone else's Last-Event-ID replays nothing of theirs.
    async with open_stream(b.url, new_id(), last_event_id=seen.id) as stranger:
        assert stranger.notifications() == [] and stranger.unread() == [0]


async def test_closing_a_stream_ends_its_subscription(replicas, redis):
    a, _ = replicas
    user = new_id()
    async with open_stream(a.url, user):
        [(_, subscribers)] = await redis.pubsub_numsub(channel_of(user))
        assert subscribers == 1 and a.streams.open_streams == 1
    await wait_until(lambda: a.streams.open_streams == 0, timeout=5)
    await wait_until(lambda: _no_subscriber(redis, user), timeout=5)


async def _no_subscriber(redis: Redis, user: str) -> bool:
    [(_, subscribers)] = await redis.pubsub_numsub(channel_of(user))
    return subscribers == 0


# -- shutdown: a real process, a real SIGTERM -------------------------------------------------------------
@contextlib.asynccontextmanager
async def jwks_server() -> AsyncIterator[str]:
    public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ISSUER._key.public_key()))
    public.update({"kid": ISSUER.kid, "alg": "ES256", "use": "sig"})
    app = Starlette(routes=[Route("/jwks.json", lambda request: JSONResponse({"keys": [public]}))])
    async with serving(app, graceful_seconds=5) as url:
        yield f"{url}/jwks.json"


async def test_sigterm_ends_open_streams_and_the_server_stops_at_once(infra, tmp_path):
    port = free_port()
    log = tmp_path / "notifications.log"
    async with jwks_server() as jwks_url:
        env = {**os.environ, "SERVICE_NAME": SERVICE, "MONGO_DB": DATABASE, "JWKS_URL": jwks_url,
               "CONSUMER_INSTANCE_ID": f"{SERVICE}-process"}
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "notifications.entrypoints.app:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--timeout-graceful-shutdown", "20"],
            env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            async def ready() -> bool:
                async with httpx.AsyncClient(base_url=url) as client:
                    return (await client.get("/inbox/unread-count", headers=ISSUER.headers(new_id()))).status_code == 200

            await wait_until(ready, timeout=30, interval=0.2)
            async with open_stream(url, new_id()) as stream:
                started = time.monotonic()
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(stream.ended.wait(), timeout=5)  # the stream ends, cleanly
                # uvicorn re-raises the signal once it has shut down gracefully
                assert await asyncio.to_thread(process.wait, 15) in (0, -signal.SIGTERM)
                assert time.monotonic() - started < 5, "the open stream held the server up"
            output = log.read_text()
            assert "Application shutdown complete" in output and "timeout graceful shutdown exceeded" not in output
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


# -- the after-commit hook it rests on (servicekit.unit_of_work) -----------------------------------------
async def test_after_commit_callbacks_run_once_for_the_attempt_that_commits_and_never_on_abort(mongo):
    from servicekit.unit_of_work import UnitOfWork

    client, database = mongo
    uow = UnitOfWork(client, database, source="/tests")
    ran: list[str] = []

    async def work(tx):
        await tx.db["rows"].insert_one({"_id": new_id()}, session=tx.session)

        async def told() -> None:
            ran.append("told")

        tx.after_commit(told)

    await uow.run(work)
    assert ran == ["told"]

    async def failing(tx):
        async def never() -> None:
            ran.append("never")

        tx.after_commit(never)
        raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        await uow.run(failing)

    async def broken_callback(tx):
        async def boom() -> None:
            raise ConnectionError("redis away")

        tx.after_commit(boom)
        return "committed"

    assert await uow.run(broken_callback) == "committed"  # a failing callback does not fail the work
    assert ran == ["told"]
