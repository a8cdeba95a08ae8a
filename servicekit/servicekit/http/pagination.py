"""Cursor pagination over time-ordered ids: the cursor is the last id of the page,
opaque to clients (base64url), so pages stay stable while new items arrive."""
from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

from pydantic import BaseModel

from servicekit.http.errors import Problem

T = TypeVar("T")
MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        value = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor") from exc
    if not value or len(value) > 200 or not value.isprintable():
        raise Problem("The cursor is not one this API returned.", status=400, title="Invalid cursor")
    return value


def next_cursor(ids: list[str], limit: int) -> str | None:
    """Callers fetch limit+1 rows: an extra row means there is a next page."""
    return encode_cursor(ids[limit - 1]) if len(ids) > limit else None
