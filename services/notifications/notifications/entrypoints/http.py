"""HTTP routes: thin. Every route serves the signed-in member's own inbox only."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from notifications.adapters.repository import InboxQueries
from notifications.entrypoints.schemas import MarkedReadOut, NotificationOut, UnreadCountOut
from notifications.service_layer import commands, handlers
from servicekit.http.dependencies import Caller, Database, UoW
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
