"""Optimistic concurrency, framework-free: every aggregate carries a version, and a change
that started from another version than the stored one is refused. The HTTP edge turns the
version into an ETag and If-Match (`servicekit.http.concurrency`)."""
from __future__ import annotations

from servicekit.exceptions import PreconditionFailed


def check_version(current: int, expected: int | None) -> None:
    """`expected` is the version the caller last saw (None: the caller did not say, or said '*')."""
    if expected is not None and current != expected:
        raise PreconditionFailed(
            f"The resource changed (now version {current}, you sent {expected}); read it again and retry.",
            current_version=current,
        )
