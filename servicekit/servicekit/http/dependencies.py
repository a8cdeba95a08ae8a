"""FastAPI dependencies every service's routes use: the caller, the unit of work, the
service's database, and whatever its composition root provided (`ServiceRuntime.provide`).
This is the one place that reaches into the app for them: routes declare what they need."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.auth import Principal, TokenVerifier, require_any_role
from servicekit.exceptions import Unauthenticated
from servicekit.unit_of_work import UnitOfWork

T = TypeVar("T")

# A request's transaction gives up after this long (503), so a client is not kept waiting
# while the database is away; well beyond any transaction of ours when it is there.
REQUEST_TRANSACTION_SECONDS = 10.0


def provided(kind: type[T]) -> Callable[[Request], T]:
    """A dependency giving what the composition root provided as `kind`
    (`runtime.provide(kind, value)`); tests may override it like any dependency."""

    def dependency(request: Request) -> T:
        return request.app.state.runtime.provided(kind)

    dependency.__name__ = f"provided_{kind.__name__}"
    return dependency


def unit_of_work(request: Request) -> UnitOfWork:
    return request.app.state.runtime.uow.with_deadline(REQUEST_TRANSACTION_SECONDS)


def database(request: Request) -> AsyncDatabase:
    return request.app.state.runtime.db


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


async def authenticate(request: Request,
                       verifier: Annotated[TokenVerifier, Depends(provided(TokenVerifier))]) -> Principal:
    """The caller, or 401."""
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("Sign in: this endpoint needs a bearer token.")
    return await verifier.verify(token)


async def optional_principal(request: Request,
                             verifier: Annotated[TokenVerifier, Depends(provided(TokenVerifier))]) -> Principal | None:
    """The caller, or None for an anonymous visitor (endpoints anyone may read)."""
    if bearer_token(request) is None:
        return None
    return await authenticate(request, verifier)


def with_any_role(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits a signed-in caller holding one of `roles` (403 otherwise).
    As a dependency it runs before the body is judged (servicekit.http.routing): 403 comes
    before 400, 415 and 422."""

    async def check(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        require_any_role(principal, *roles)
        return principal

    return check


Caller = Annotated[Principal, Depends(authenticate)]
UoW = Annotated[UnitOfWork, Depends(unit_of_work)]
Database = Annotated[AsyncDatabase, Depends(database)]
