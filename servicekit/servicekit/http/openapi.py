"""Each service's OpenAPI document and docs pages, derived once here from its routes, so
the documents describe the API as it behaves without anyone annotating routes by hand.

What is derived, per operation:
- security: the bearer JWT scheme where `servicekit.http.dependencies.authenticate` is in the route's
  dependency tree (optional where only `optional_principal` is), `[]` (public) elsewhere;
- problem+json responses (RFC 9457 `Problem`) for what the operation can answer:
  401/403 when it authenticates; 404 for a path parameter or a reachable `NotFound`;
  409 for a write through the unit of work or a reachable `Conflict`; 412/428 and an
  `If-Match` header when it reads `concurrency.expected_version`; 400 for a cursor;
  400/415 for a body a ServiceRoute cannot read as JSON; 422 for what it validates;
  413 for a body, 429 and 503 (the gateway's, or a dependency away) on all;
- `Idempotency-Key` (with its 400/409/422) on creating POSTs, which the middleware honours;
- `ETag` on the success response of operations that call `concurrency.set_etag`;
- `servers`: the prefix the document was fetched under (the gateway's X-Forwarded-Prefix,
  `/api/<route>`), so Swagger UI's "Try it out" calls a path that is served;
- operation ids from the endpoints' names, unique and stable while the names are.

"Reachable" means loaded by the code of the endpoint or its dependencies, as a global or
an attribute of a module (`handlers.sign_in`), following functions of the service's own
package and servicekit transitively: the thin-route convention keeps what a route can
raise a few calls away. Methods of objects (`q.get_proposal()`) are not followed, so
403s raised by domain methods are covered by "authenticates", not by reachability.

The docs pages (Swagger UI at /docs, ReDoc at /redoc) load their scripts and styles from
this service (the pinned `fastapi-offline` package ships them), never from a CDN.
"""
from __future__ import annotations

import copy
import dis
import inspect
import json
import re
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts

from servicekit import auth
from servicekit import exceptions as service
from servicekit.http import concurrency, dependencies, errors, pagination
from servicekit.http.errors import PROBLEM_JSON
from servicekit.http.routing import ServiceRoute

OPENAPI_URL = "/openapi.json"
DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs/assets"
BEARER = "bearerAuth"

_ASSET_DIR = Path(fastapi_offline.__file__).parent / "static"
_ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}

_PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem details document: every error this API answers has this shape "
                   "(media type application/problem+json). Some carry extra members, e.g. `errors`.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference", "default": "about:blank",
                 "description": "Identifies the problem type; `about:blank` when the status says it all."},
        "title": {"type": "string", "description": "A short summary of the problem type."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What went wrong with this request, for a person."},
        "instance": {"type": "string", "format": "uri-reference", "description": "The path that was requested."},
    },
    "additionalProperties": True,
}
_VALIDATION_PROBLEM = {
    "description": "A problem document for a request the API could not accept as it is.",
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {"type": "object", "properties": {"errors": {
            "type": "array", "description": "Each part of the request that does not match the schema.",
            "items": {"type": "object", "required": ["loc", "msg", "type"], "properties": {
                "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        "description": "Where: `body`, `query`, `path` or `header`, then field names."},
                "msg": {"type": "string"},
                "type": {"type": "string"},
            }},
        }}},
    ],
}

# status -> (component name, description, headers)
_STANDARD_RESPONSES: dict[int, tuple[str, str, dict[str, Any]]] = {
    400: ("BadRequest", ("The request is malformed (a body that is not JSON, a cursor this API did not "
                         "issue, an invalid Idempotency-Key)."), {}),
    401: ("Unauthorized", "No valid bearer token: sign in (or refresh) and send `Authorization: Bearer <token>`.",
          {"WWW-Authenticate": {"description": "The authentication scheme to use.", "schema": {"type": "string"}}}),
    403: ("Forbidden", ("The caller is signed in but may not do this (a role or a relationship to the "
                        "resource is missing)."), {}),
    404: ("NotFound", "No such resource, or one the caller may not see.", {}),
    409: ("Conflict", ("The request conflicts with the resource's current state, a concurrent change, or a "
                       "request with the same Idempotency-Key still in flight."),
          {"Retry-After": {"description": "Seconds to wait before retrying an in-flight Idempotency-Key.",
                           "schema": {"type": "integer"}}}),
    412: ("PreconditionFailed", "If-Match names a version that is no longer current: read the resource again.",
          {"ETag": {"description": "The current version.", "schema": {"type": "string"}}}),
    413: ("PayloadTooLarge", "The request body exceeds the gateway's limit (1 MiB).", {}),
    415: ("UnsupportedMediaType", "Send the body as application/json.",
          {"Accept": {"description": "The media type to send.", "schema": {"type": "string"}}}),
    422: ("Unprocessable", ("The request does not match the schema, breaks a rule of the domain, or reuses an "
                            "Idempotency-Key with another body."), {}),
    428: ("PreconditionRequired", "If-Match is required: send the ETag you last read.", {}),
    429: ("TooManyRequests", "Too many requests (the gateway's per-client limit, or sign-in throttling).",
          {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}}),
    503: ("ServiceUnavailable", "The service, or something it needs, is not available now; retry later.",
          {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}}),
}

_IF_MATCH = {
    "name": "If-Match", "in": "header", "required": True,
    "description": "The ETag from your last read of this resource (or `*` to overwrite whatever is there). "
                   "A stale one gets 412, none gets 428: concurrent edits are never silently lost.",
    "schema": {"type": "string", "examples": ['"v3"']},
}
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "A key of your choosing (e.g. a UUID) that makes retrying safe: a repeat with the same key "
                   "and body replays the first response (header `Idempotent-Replayed: true`); while the first "
                   "is in flight it gets 409; the same key with another body gets 422. Kept for 24 hours.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
_ETAG_HEADER = {"description": "The resource's version, to send back in If-Match.", "schema": {"type": "string"}}
_SECURITY_SCHEME = {
    "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
    "description": "An access token from the profiles service's `POST /sessions` (through the gateway: "
                   "`/api/profiles/sessions`): an ES256 JWT, valid 15 minutes; refresh it with `POST /sessions/refresh`.",
}


def install_api_docs(app: FastAPI) -> None:
    """Serve the derived OpenAPI document at /openapi.json and the docs pages on local assets.
    The app must be built with FastAPI's own openapi_url, docs_url and redoc_url set to None."""
    cache: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        base = FastAPI.openapi(app)  # FastAPI regenerates it when routes were added
        if cache.get("base") is not base:
            cache["base"], cache["document"] = base, describe(app, copy.deepcopy(base))
        return cache["document"]

    app.openapi = openapi  # type: ignore[method-assign]
    app.openapi_url = OPENAPI_URL

    def prefix(request: Request) -> str:
        return request.scope.get("root_path", "").rstrip("/")

    @app.get(OPENAPI_URL, include_in_schema=False)
    async def openapi_document(request: Request) -> JSONResponse:
        return JSONResponse(with_servers(app.openapi(), prefix(request)))

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = prefix(request)
        return get_swagger_ui_html(
            openapi_url=root + OPENAPI_URL, title=f"{app.title} API",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            oauth2_redirect_url=None,
            # The token survives a reload; no call to an online validator.
            swagger_ui_parameters={"persistAuthorization": True, "validatorUrl": None},
        )

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = prefix(request)
        return get_redoc_html(openapi_url=root + OPENAPI_URL, title=f"{app.title} API",
                              redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png", with_google_fonts=False)

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    async def docs_asset(name: str) -> FileResponse:
        # A fixed list, not a directory mount: nothing else of the package is reachable, and a
        # mount would resolve files against root_path, which the gateway's prefix is not part of.
        if name not in _ASSET_TYPES:
            raise service.NotFound(f"No docs asset {name!r}.")
        return FileResponse(_ASSET_DIR / name, media_type=_ASSET_TYPES[name],
                            headers={"Cache-Control": "public, max-age=3600"})


def with_servers(document: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The document as served under `prefix`: the gateway's /api/<route>, or / directly."""
    where = "this service through the API gateway" if prefix else "this service, addressed directly"
    return {**document, "servers": [{"url": prefix or "/", "description": where}]}


# -- the document -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Traits:
    """What an operation can do, as far as its code shows."""
    authenticated: bool
    anonymous_allowed: bool
    writes: bool
    reachable: tuple[object, ...]  # what its code can reach (by identity: not all are hashable)

    def reaches(self, *objects: object) -> bool:
        reached = {id(o) for o in self.reachable}
        return any(id(o) in reached for o in objects)

    def service_error_statuses(self) -> set[int]:
        """The statuses of the service exceptions its code raises (servicekit.exceptions)."""
        return {errors.status_of(target)[0] for target in self.reachable
                if isinstance(target, type) and issubclass(target, service.ServiceError)
                and target is not service.ServiceError}


def describe(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    """Complete FastAPI's document in place (see the module docstring) and return it."""
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = _PROBLEM
    schemas["ValidationProblem"] = _VALIDATION_PROBLEM
    components["securitySchemes"] = {BEARER: _SECURITY_SCHEME}
    used_responses: set[int] = set()
    names = _operation_names(app)

    for route in _api_routes(app):
        traits = _traits(route)
        for method in sorted(route.methods):
            operation = document["paths"][route.path_format][method.lower()]
            operation["operationId"] = names.get((route.path_format, method), operation["operationId"])
            _describe_operation(operation, route, method, traits, used_responses)

    components["responses"] = {
        _STANDARD_RESPONSES[status][0]: _problem_response(status) for status in sorted(used_responses)}
    # FastAPI's own validation error schemas, replaced by ValidationProblem (the first
    # refers to the second, so in this order).
    for replaced in ("HTTPValidationError", "ValidationError"):
        if json.dumps(f"#/components/schemas/{replaced}") not in json.dumps(document):
            schemas.pop(replaced, None)
    return document


def _describe_operation(operation: dict[str, Any], route: Any, method: str, traits: _Traits,
                        used_responses: set[int]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    successes = sorted(int(s) for s in responses if s.isdigit() and 200 <= int(s) < 300)
    has_body = "requestBody" in operation
    creates = method == "POST" and any(s in (201, 202) for s in successes)
    if_match = traits.reaches(concurrency.expected_version)

    if traits.authenticated:
        operation["security"] = [{BEARER: []}]
    elif traits.anonymous_allowed:
        operation["security"] = [{BEARER: []}, {}]
    else:
        operation["security"] = []

    parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
    declared_headers = {p["name"].lower() for p in parameters if p.get("in") == "header"}
    for wanted, header in ((if_match, _IF_MATCH), (creates, _IDEMPOTENCY_KEY)):
        if wanted and header["name"].lower() not in declared_headers:
            parameters.append(header)
    if not parameters:
        del operation["parameters"]

    if traits.reaches(concurrency.set_etag):
        for status in successes:
            if status != 204:
                responses[str(status)].setdefault("headers", {})["ETag"] = _ETAG_HEADER

    # Error statuses the route declares itself get a problem body too.
    statuses = {429, 503} | {int(s) for s in responses if s.isdigit() and int(s) in _STANDARD_RESPONSES}
    statuses |= {status for status in traits.service_error_statuses() if status in _STANDARD_RESPONSES}
    if traits.reaches(pagination.decode_cursor) or creates:
        statuses.add(400)
    if traits.authenticated:
        statuses.add(401)
    if traits.authenticated or traits.reaches(auth.require_role, auth.require_any_role):
        statuses.add(403)
    if "{" in route.path_format or traits.reaches(service.found):
        statuses.add(404)
    if (traits.writes and method != "GET") or creates:
        statuses.add(409)
    if if_match:
        statuses.add(412)
    if has_body:
        statuses.add(413)
    if has_body and isinstance(route.original_route, ServiceRoute):
        statuses.update((400, 415))  # servicekit.routing judges the body itself
    if "422" in responses or has_body or creates:
        statuses.add(422)
    if if_match:
        statuses.add(428)

    for status in sorted(statuses):
        declared = responses.get(str(status))
        if declared is None or status == 422:  # FastAPI's own 422 names a body we never send
            responses[str(status)] = {"$ref": f"#/components/responses/{_STANDARD_RESPONSES[status][0]}"}
            used_responses.add(status)
        elif not declared.get("content"):
            # The route says why it answers this status; the body is a problem document all the same.
            responses[str(status)] = {**_problem_response(status), "description": declared["description"]}
        # else: the route documents its own body for this status (e.g. /health's 503)
    operation["responses"] = dict(sorted(responses.items()))


def _problem_response(status: int) -> dict[str, Any]:
    _, description, headers = _STANDARD_RESPONSES[status]
    schema = "ValidationProblem" if status == 422 else "Problem"
    response: dict[str, Any] = {"description": description,
                                "content": {PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    if headers:
        response["headers"] = headers
    return response


def _api_routes(app: FastAPI) -> Iterator[Any]:
    """The documented routes, as RouteContexts: they read like the APIRoutes they wrap, with
    the paths their routers were included under."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            yield context


def _operation_names(app: FastAPI) -> dict[tuple[str, str], str]:
    """camelCase endpoint names as operation ids; a name two operations share keeps FastAPI's ids."""
    named: dict[tuple[str, str], str] = {}
    for route in _api_routes(app):
        name = re.sub(r"_+([a-z0-9])", lambda m: m.group(1).upper(), route.endpoint.__name__.strip("_"))
        for method in route.methods:
            named[(route.path_format, method)] = name
    counts: dict[str, int] = {}
    for name in named.values():
        counts[name] = counts.get(name, 0) + 1
    return {key: name for key, name in named.items() if counts[name] == 1}


def _traits(route: Any) -> _Traits:
    calls = [route.endpoint, *_dependency_calls(route.dependant)]
    return _Traits(
        authenticated=dependencies.authenticate in calls,
        anonymous_allowed=dependencies.optional_principal in calls,
        writes=dependencies.unit_of_work in calls,
        reachable=tuple(_reachable(calls, _packages_of(route.endpoint))),
    )


def _dependency_calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _dependency_calls(sub)


def _packages_of(endpoint: Callable[..., Any]) -> tuple[str, ...]:
    return (endpoint.__module__.partition(".")[0], "servicekit")


def _reachable(roots: list[Callable[..., Any]], packages: tuple[str, ...]) -> list[object]:
    """Objects the roots' code refers to, following functions of `packages` transitively."""
    found: list[object] = []
    seen: set[int] = set()
    pending = list(roots)
    while pending:
        func = inspect.unwrap(pending.pop())
        code = getattr(func, "__code__", None)
        if code is None or id(code) in seen:
            continue
        seen.add(id(code))
        for target in _referenced(func, code):
            found.append(target)
            module = getattr(target, "__module__", None) or ""
            if inspect.isfunction(target) and module.partition(".")[0] in packages:
                pending.append(target)
    return found


def _referenced(func: Any, code: types.CodeType) -> Iterator[object]:
    """What a function's code (and its nested functions') loads as a global of its module, or
    as an attribute of a module so loaded (`handlers.sign_in`). Attributes of anything else
    (`q.get_proposal`) are not followed: what they are is not known before the call."""
    namespace = getattr(func, "__globals__", {})
    codes = [code]
    while codes:
        current = codes.pop()
        codes.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
        module: types.ModuleType | None = None
        for instruction in dis.get_instructions(current):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and instruction.argval in namespace:
                value = namespace[instruction.argval]
                yield value
                module = value if isinstance(value, types.ModuleType) else None
            elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and module is not None:
                if hasattr(module, instruction.argval):
                    yield getattr(module, instruction.argval)
                module = None
            else:
                module = None
