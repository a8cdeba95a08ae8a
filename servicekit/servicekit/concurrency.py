"""Optimistic concurrency over HTTP: a version number becomes a strong ETag, and
updates that can race must carry it back in If-Match."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection

from servicekit.errors import Conflict, PreconditionFailed, PreconditionRequired


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


def if_match(request: Request) -> int | None:
    """FastAPI dependency: the version If-Match names (428 without one). A route declares it
    after its authorisation, so that a caller who may not change the resource at all hears
    403 rather than how to ask."""
    return expected_version(request)


IfMatch = Annotated[int | None, Depends(if_match)]


def check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise PreconditionFailed(
            f"The resource changed (now version {current}, you sent {expected}); read it again and retry.",
            headers={"ETag": etag_for(current)},
        )


class ConcurrentModification(Conflict):
    """Someone else changed the document between our read and our write. A 409 for a
    client (re-read and retry); an ordinary failure, hence a retry, for a consumer."""

    def __init__(self, document_id: str) -> None:
        super().__init__("Someone else changed this at the same time; read it again and retry.",
                         extra={"id": document_id})


async def replace_versioned(collection: AsyncCollection, document: dict, *, session: AsyncClientSession | None,
                            previous_version: int | None = None) -> None:
    """Optimistic write: replace the document only if the stored version is the one the
    change started from (by default, the document's own version minus one)."""
    expected = document["version"] - 1 if previous_version is None else previous_version
    result = await collection.replace_one({"_id": document["_id"], "version": expected}, document, session=session)
    if result.matched_count != 1:
        raise ConcurrentModification(str(document["_id"]))
