"""Commands and handlers of news (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`."""
from __future__ import annotations

from datetime import datetime

from servicekit.unit_of_work import UnitOfWork


async def run_due(uow: UnitOfWork, now: datetime) -> int:
    """What has come due by `now`, handled in transactions of its own; how many were."""
    return 0
