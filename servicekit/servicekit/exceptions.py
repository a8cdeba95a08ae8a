"""What the service layer says went wrong, in its own words: no HTTP in here.

Handlers and adapters raise these; the HTTP edge (`servicekit.http.errors`) maps each kind
to its status once, and the event consumer treats them like any other failure. A domain
rule violation of one service is mapped by that service's composition root."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class ServiceError(Exception):
    """Base of the failures a caller can understand and act on."""

    def __init__(self, detail: str, *, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = dict(extra or {})


class NotFound(ServiceError):
    """No such thing, or the caller may not know it exists."""


class Conflict(ServiceError):
    """The request clashes with the current state (a duplicate, a state that does not allow it)."""


class AlreadyExists(Conflict):
    """A storage fact: a unique key is already taken. Raised by repositories; handlers that
    can say which rule it breaks catch it and raise their own Conflict."""


class ConcurrentModification(Conflict):
    """Someone else changed the document between our read and our write: re-read and retry
    (a client gets a conflict; a consumer retries)."""

    def __init__(self, document_id: str) -> None:
        super().__init__("Someone else changed this at the same time; read it again and retry.",
                         extra={"id": document_id})


class Unauthenticated(ServiceError):
    """The caller is not signed in, or the credentials are not valid."""


class CredentialsRejected(Unauthenticated):
    """Credentials sent in the request body (a password, a refresh token) are not valid: the
    caller should sign in again, not retry with a bearer token, so no bearer challenge."""


class Forbidden(ServiceError):
    """The caller is known but may not do this."""


class PreconditionRequired(ServiceError):
    """The caller must say which version it last saw."""


class PreconditionFailed(ServiceError):
    """The version the caller saw is not the current one."""

    def __init__(self, detail: str, *, current_version: int | None = None,
                 extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail, extra=extra)
        self.current_version = current_version


class Invalid(ServiceError):
    """Well-formed input that breaks a rule of the service (unknown codes, say)."""


class RateLimited(ServiceError):
    """Too many attempts: try again after `retry_after_seconds`."""

    def __init__(self, detail: str, *, retry_after_seconds: int, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail, extra=extra)
        self.retry_after_seconds = retry_after_seconds


class Unavailable(ServiceError):
    """A dependency (database, broker, cache) is away; the same request may work later."""

    def __init__(self, detail: str, *, retry_after_seconds: int = 5, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail, extra=extra)
        self.retry_after_seconds = retry_after_seconds


def found(value: T | None, detail: str) -> T:
    """The value, or NotFound when there is none."""
    if value is None:
        raise NotFound(detail)
    return value
