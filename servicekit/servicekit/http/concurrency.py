"""Optimistic concurrency over HTTP: a version number becomes a strong ETag, and
updates that can race must carry it back in If-Match."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from servicekit import exceptions as service
from servicekit import versioning
from servicekit.http.errors import PreconditionFailed, PreconditionRequired, etag_for


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


def if_match(request: Request) -> int | None:
    """FastAPI dependency: the version If-Match names (428 without one). A route declares it
    after its authorisation, so that a caller who may not change the resource at all hears
    403 rather than how to ask."""
    return expected_version(request)


IfMatch = Annotated[int | None, Depends(if_match)]


def check_version(current: int, expected: int | None) -> None:
    """At the edge, before the body is judged: the 412 carries the current ETag, so the
    client can re-read and retry (the handler checks again in its transaction)."""
    try:
        versioning.check_version(current, expected)
    except service.PreconditionFailed as exc:
        raise PreconditionFailed(exc.detail, headers={"ETag": etag_for(current)}) from exc
