"""Commands and handlers of documents (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`."""
from __future__ import annotations
