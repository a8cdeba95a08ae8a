"""Optimistic concurrency over HTTP: a version number becomes a strong ETag, and
updates that can race must carry it back in If-Match."""
from __future__ import annotations

from fastapi import Request, Response

from servicekit.errors import PreconditionFailed, PreconditionRequired


def etag_for(version: int) -> str:
    return f'"v{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_for(version)


def expected_version(request: Request, *, required: bool = True) -> int | None:
    """The version the client last saw, from If-Match; 428 when missing and required."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise PreconditionRequired("Send If-Match with the ETag you last read, so concurrent edits are not lost.")
        return None
    tag = header.strip()
    if tag == "*":
        return None
    tag = tag.removeprefix("W/")
    if not (tag.startswith('"v') and tag.endswith('"') and tag[2:-1].isdigit()):
        raise PreconditionFailed(f"If-Match {header!r} is not an ETag this API issued.")
    return int(tag[2:-1])


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise PreconditionFailed(
            f"The resource changed (now version {current}, you sent {expected}); read it again and retry.",
            headers={"ETag": etag_for(current)},
        )
