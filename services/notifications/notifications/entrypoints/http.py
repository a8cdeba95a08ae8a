"""HTTP routes: thin. Every route serves the signed-in member's own inbox only."""
from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Header, Query
from fastapi.responses import StreamingResponse
from redis.exceptions import RedisError
from starlette.background import BackgroundTask

from notifications.adapters.live import LiveStreams, LiveSubscription
from notifications.adapters.repository import InboxQueries
from notifications.entrypoints import sse
from notifications.entrypoints.schemas import MarkedReadOut, NotificationOut, StreamNotificationOut, UnreadCountOut
from notifications.service_layer import commands, handlers
from servicekit.exceptions import Unavailable
from servicekit.http.dependencies import Caller, Database, UoW, provided
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["notifications"])


def queries(db: Database) -> InboxQueries:
    return InboxQueries(db)


Queries = Annotated[InboxQueries, Depends(queries)]


@router.get("/inbox", response_model=Page[NotificationOut], summary="My notifications, newest first")
async def inbox(q: Queries, caller: Caller, unread: bool = False,
                limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
                cursor: str | None = None) -> Page[NotificationOut]:
    rows = await q.inbox(caller.user_id, unread_only=unread, after_seq=decode_cursor(cursor), limit=limit)
    # The cursor is the time-ordered `seq` of the page's last item, not its id.
    return Page(items=[NotificationOut.of(n) for n in rows[:limit]], next_cursor=next_cursor([n.seq for n in rows], limit))


@router.get("/inbox/unread-count", response_model=UnreadCountOut)
async def unread_count(q: Queries, caller: Caller) -> UnreadCountOut:
    return UnreadCountOut(unread=await q.unread_count(caller.user_id))


@router.post("/inbox/read-all", response_model=MarkedReadOut, summary="Mark all my notifications read")
async def read_all(caller: Caller, unit: UoW) -> MarkedReadOut:
    marked = await unit.handle(handlers.mark_all_read, commands.MarkAllRead(user_id=caller.user_id))
    return MarkedReadOut(marked_read=marked)


@router.post("/inbox/{notification_id}/read", response_model=NotificationOut)
async def read(notification_id: str, caller: Caller, unit: UoW) -> NotificationOut:
    notification = await unit.handle(
        handlers.mark_read, commands.MarkRead(notification_id=notification_id, user_id=caller.user_id))
    return NotificationOut.of(notification)


# -- live -----------------------------------------------------------------------------------
SEQ_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
REPLAY_PAGE = 200
WAKE_SECONDS = 0.5  # how often an idle stream looks whether it must end (shutdown, token expiry)
Live = Annotated[LiveStreams, Depends(provided(LiveStreams))]
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


@router.get(
    "/stream", response_class=StreamingResponse, summary="My notifications as they arrive (Server-Sent Events)",
    description="A `text/event-stream`. Each notification stored for the caller is an event `notification` whose "
                "`id` is its `seq` and whose data is `{notification: NotificationOut, unread}`; an event `unread` "
                "(data `{unread}`) comes first and whenever the unread count changes otherwise. With "
                "`Last-Event-ID` (or `?last_event_id=`) the stream first replays what was stored after it. "
                "A `: keep-alive` comment comes every 15 s; the stream ends when the access token expires "
                "(reconnect with a fresh one) or the server stops (reconnect and resume).",
    responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}},
                     "description": "The event stream."}})
async def stream(q: Queries, caller: Caller, live: Live,
                 last_event_id: Annotated[str | None, Query(pattern=SEQ_PATTERN)] = None,
                 last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID",
                                                                    pattern=SEQ_PATTERN)] = None) -> StreamingResponse:
    subscription = live.subscribe(caller.user_id)
    try:
        await subscription.open()  # before the replay: nothing stored from now on is missed
    except (RedisError, OSError, TimeoutError) as exc:
        raise Unavailable("Live notifications are not available now; retry shortly.") from exc
    frames = _frames(q, live, subscription, caller.user_id, last_event_id_header or last_event_id,
                     caller.expires_at)
    # The subscription is closed by the frames when they end, and by the background task
    # when the client went away before they began.
    return StreamingResponse(frames, media_type="text/event-stream", headers=STREAM_HEADERS,
                             background=BackgroundTask(subscription.close))


def _notification_frame(n: NotificationOut, unread: int) -> bytes:
    return sse.event(StreamNotificationOut(notification=n, unread=unread).model_dump_json(),
                     event="notification", id=n.seq)


def _unread_frame(unread: int) -> bytes:
    return sse.event(UnreadCountOut(unread=unread).model_dump_json(), event="unread")


async def _frames(q: InboxQueries, live: LiveStreams, subscription: LiveSubscription, user_id: str,
                  after: str | None, expires_at: float) -> AsyncIterator[bytes]:
    live.open_streams += 1
    try:
        yield sse.retry(live.retry_ms)
        merge = sse.ResumeMerge()
        unread = await q.unread_count(user_id)
        while after is not None:
            rows = await q.since(user_id, after, limit=REPLAY_PAGE)
            for n in rows:
                merge.replayed(n.seq)
                yield _notification_frame(NotificationOut.of(n), unread)
            after = rows[-1].seq if len(rows) == REPLAY_PAGE else None
        yield _unread_frame(unread)
        loop = asyncio.get_running_loop()
        next_beat = loop.time() + live.heartbeat_seconds
        while not live.closing.is_set() and time.time() < expires_at:
            if loop.time() >= next_beat:
                yield sse.KEEP_ALIVE
                next_beat = loop.time() + live.heartbeat_seconds
            try:
                message = await subscription.next(min(next_beat - loop.time(), WAKE_SECONDS))
            except (RedisError, OSError):
                return  # the client reconnects and resumes from its last event
            if message is None:
                continue
            if message.get("type") == "notification":
                seq, notification_id = str(message.get("seq")), str(message.get("id"))
                if not merge.admit(seq):
                    continue
                n = await q.one(user_id, notification_id)
                if n is not None:
                    yield _notification_frame(NotificationOut.of(n), await q.unread_count(user_id))
            elif message.get("type") == "unread":
                yield _unread_frame(await q.unread_count(user_id))
    finally:
        live.open_streams -= 1
        await subscription.close()
