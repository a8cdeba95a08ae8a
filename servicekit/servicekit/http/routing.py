"""The router every service declares its routes on, so that one order of checks holds on
every route: authentication (401), authorisation (403), preconditions (428, 412), and only
then the body: 415 for a media type other than JSON, 400 for a body that is not JSON at all
(not UTF-8, not well-formed, nested deeper than MAX_JSON_DEPTH), 422 for JSON that does not
match the schema.

FastAPI parses the body before it resolves any dependency, which would answer a malformed
body to a caller not even signed in. Here the route checks the body first and, when it is
unusable, hands FastAPI an empty one and keeps the problem; a last dependency, appended to
every endpoint's own, raises it. FastAPI resolves dependencies in the order of the
endpoint's parameters, and raises schema errors only after all of them: so a route puts its
checks in that order (`Caller`, a role or ownership dependency, `IfMatch`) and the body
comes last by itself.
"""
from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, params
from fastapi.routing import APIRoute
from starlette.types import Message

from servicekit.http.errors import MalformedBody, Problem, UnsupportedMediaType

# Deeper than any of our schemas by far; bounds the work a hostile body can cause.
MAX_JSON_DEPTH = 32
_DEFERRED = "body_problem"
_CHECK_PARAMETER = "servicekit_body_checked_last"


def body_problem(content_type: str | None, body: bytes) -> Problem | None:
    """Why a non-empty request body cannot be read as JSON, or None when it can."""
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type != "application/json" and not (media_type.startswith("application/")
                                                 and media_type.endswith("+json")):
        sent = f"not {media_type}" if media_type else "with a Content-Type"
        problem = UnsupportedMediaType(f"Send the body as application/json, {sent}.")
        problem.headers["Accept"] = "application/json"  # RFC 9110 §15.5.16: what would do
        return problem
    try:
        text = body.decode("utf-8")  # RFC 8259 §8.1: JSON between systems is UTF-8
    except UnicodeDecodeError as exc:
        return MalformedBody(f"The body is not UTF-8 (byte {exc.start} is not valid).")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        return _too_deep()
    except json.JSONDecodeError as exc:
        return MalformedBody(f"The body is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.")
    except ValueError as exc:  # NaN/Infinity, or an integer too long to convert
        return MalformedBody(f"The body is not JSON: {exc}.")
    # No more brackets than levels allowed (most bodies): no need to walk the tree.
    if body.count(b"[") + body.count(b"{") > MAX_JSON_DEPTH and _deeper_than(value, MAX_JSON_DEPTH):
        return _too_deep()
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _too_deep() -> MalformedBody:
    return MalformedBody(f"The body nests arrays and objects deeper than {MAX_JSON_DEPTH} levels.")


def _deeper_than(value: Any, limit: int) -> bool:
    pending = [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        node, depth = pending.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


async def _raise_deferred_body_problem(request: Request) -> None:
    problem = getattr(request.state, _DEFERRED, None)
    if problem is not None:
        raise problem


def _with_body_checked_last(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint with one more dependency after its own: the deferred body check."""
    signature = inspect.signature(endpoint)
    if _CHECK_PARAMETER in signature.parameters:
        return endpoint
    check = inspect.Parameter(_CHECK_PARAMETER, inspect.Parameter.KEYWORD_ONLY,
                              annotation=Annotated[None, Depends(_raise_deferred_body_problem)])
    parameters = list(signature.parameters.values())
    variadic = [p for p in parameters if p.kind is inspect.Parameter.VAR_KEYWORD]
    parameters = [p for p in parameters if p.kind is not inspect.Parameter.VAR_KEYWORD] + [check] + variadic

    if inspect.iscoroutinefunction(endpoint):
        @functools.wraps(endpoint)
        async def checked(*args: Any, **kwargs: Any) -> Any:
            kwargs.pop(_CHECK_PARAMETER, None)
            return await endpoint(*args, **kwargs)
    else:
        @functools.wraps(endpoint)
        def checked(*args: Any, **kwargs: Any) -> Any:
            kwargs.pop(_CHECK_PARAMETER, None)
            return endpoint(*args, **kwargs)

    # String annotations (modules with `from __future__ import annotations`) stay strings:
    # FastAPI resolves them in the unwrapped endpoint's module.
    checked.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return checked


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class ServiceRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _with_body_checked_last(endpoint), **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None or isinstance(self.body_field.field_info, params.Form):
            return handler

        async def body_checked_after_dependencies(request: Request) -> Response:
            body = await request.body()
            problem = body_problem(request.headers.get("content-type"), body) if body else None
            if problem is None:
                return await handler(request)
            setattr(request.state, _DEFERRED, problem)
            return await handler(Request(request.scope, _no_body))

        return body_checked_after_dependencies


class ServiceRouter(APIRouter):
    """An APIRouter of ServiceRoutes; ServiceRuntime.include_router takes no other."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(route_class=ServiceRoute, **kwargs)


def require_service_routes(router: APIRouter) -> None:
    """Refuse a router whose routes would skip the order of checks above."""
    plain = [route.path for route in router.routes if isinstance(route, APIRoute) and not isinstance(route, ServiceRoute)]
    if plain:
        raise TypeError(f"declare these routes on a servicekit.routing.ServiceRouter: {', '.join(plain)}")
