"""FastAPI dependencies every service's routes use: the caller, the unit of work and the
service's database, taken from the ServiceRuntime on the app."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from pymongo.asynchronous.database import AsyncDatabase

from servicekit.auth import Principal, authenticate, require_any_role
from servicekit.unit_of_work import UnitOfWork


# A request's transaction gives up after this long (503), so a client is not kept waiting
# while the database is away; well beyond any transaction of ours when it is there.
REQUEST_TRANSACTION_SECONDS = 10.0


def unit_of_work(request: Request) -> UnitOfWork:
    return request.app.state.runtime.uow.with_deadline(REQUEST_TRANSACTION_SECONDS)


def database(request: Request) -> AsyncDatabase:
    return request.app.state.runtime.db


def with_any_role(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits a signed-in caller holding one of `roles` (403 otherwise).
    As a dependency it runs before the body is judged (servicekit.routing): 403 comes
    before 400, 415 and 422."""

    async def check(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        require_any_role(principal, *roles)
        return principal

    return check


Caller = Annotated[Principal, Depends(authenticate)]
UoW = Annotated[UnitOfWork, Depends(unit_of_work)]
Database = Annotated[AsyncDatabase, Depends(database)]
