"""ASGI middleware every service runs behind the gateway."""
from __future__ import annotations

import re
from typing import Any

from opentelemetry import trace

from servicekit.ids import new_id
from servicekit.logging import request_id_var

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class ForwardedPrefixMiddleware:
    """Behind the gateway a service lives under /api/<service>: honour X-Forwarded-Prefix
    so the docs and generated links point where clients can reach them."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers") or ():
                if name == b"x-forwarded-prefix" and value.startswith(b"/api/"):
                    scope = dict(scope, root_path=value.decode())
                    break
        await self.app(scope, receive, send)


class RequestIdMiddleware:
    """Carry the gateway's X-Request-ID (or make one) into every log line and the server
    span, and echo it back, so a client's report can be matched to logs and traces."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode(errors="replace")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else new_id()
        token = request_id_var.set(request_id)
        trace.get_current_span().set_attribute("http.request.header.x_request_id", request_id)

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
