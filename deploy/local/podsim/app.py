"""The simulated POD over HTTP (Starlette): the partner API of docs/pod-api.md behind HTTP Basic
credentials, and the unauthenticated control API (`/_control/...`) tests use to change the
POD's content, arm faults and read what reached it.

A partner call goes: fault delay / status burst, credentials (401), rate limit (429), the call
itself; each is counted per endpoint and status for GET /_control/stats. Errors are short text
bodies, as the POD answers them.
"""
from __future__ import annotations

import base64
import secrets
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import wire
from .faults import Faults
from .model import TYPES, PodError, canonical_time, validate_content, validate_interest
from .store import PodStore

MAX_BODY_BYTES = 1 << 20
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE = 100, 500, 1_000_000
_UNAUTHORIZED = {"WWW-Authenticate": 'Basic realm="POD"'}

PartnerHandler = Callable[[Request, str], Awaitable[Response]]


def _error_response(request: Request, error: PodError) -> Response:
    return PlainTextResponse(error.message, error.status, error.headers)


@dataclass(frozen=True)
class ListQuery:
    page: int
    page_size: int
    since: str | None  # canonical time, inclusive


def _int_param(request: Request, name: str, default: int, high: int) -> int:
    text = request.query_params.get(name) or str(default)
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= high):
        raise PodError(400, f"{name}: expected an integer from 1 to {high}, got {text!r}.")
    return int(text)


def _list_query(request: Request, since_param: str) -> ListQuery:
    since = request.query_params.get(since_param) or None
    try:
        since = canonical_time(since) if since else None
    except ValueError:
        raise PodError(400, f"{since_param}: expected an ISO 8601 time, got {since!r}.") from None
    return ListQuery(_int_param(request, "page", 1, MAX_PAGE),
                     _int_param(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE), since)


def _wants_json(request: Request) -> bool:
    requested = request.query_params.get("format")
    if requested is not None:
        if requested not in ("json", "xml"):
            raise PodError(400, f"format: expected json or xml, got {requested!r}.")
        return requested == "json"
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "xml" not in accept


def _represent(request: Request, data: dict, element: Callable[[], Element], status: int = 200,
               headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse(data, status, headers)
    return Response(wire.to_bytes(element()), status, headers, media_type=wire.XML)


class _Pod:
    """The handlers, over one store, one set of fault switches and one partner credential."""

    def __init__(self, store: PodStore, faults: Faults, username: str, password: str, max_body_bytes: int) -> None:
        self.store, self.faults, self.max_body_bytes = store, faults, max_body_bytes
        self._credentials = (username.encode(), password.encode())
        self.stats: defaultdict[str, Counter] = defaultdict(Counter)

    def routes(self) -> list[Route]:
        partner = [
            ("GET", "/profiles", self.list_profiles),
            ("POST", "/profiles", self.create_profile),
            ("GET", "/profiles/{reference}", self.get_profile),
            ("PUT", "/profiles/{reference}", self.replace_profile),
            ("POST", "/profiles/{reference}/withdraw", self.withdraw_profile),
            ("POST", "/profiles/{reference}/interests", self.send_interest),
            ("GET", "/interests", self.list_interests),
        ]
        control = [
            ("POST", "/_control/faults", self.arm_faults),
            ("GET", "/_control/faults", self.fault_state),
            ("DELETE", "/_control/faults", self.reset_faults),
            ("POST", "/_control/profiles", self.put_profiles),
            ("GET", "/_control/profiles", self.all_profiles),
            ("GET", "/_control/profiles/{reference}", self.raw_profile),
            ("PATCH", "/_control/profiles/{reference}", self.patch_profile),
            ("POST", "/_control/profiles/{reference}/expire", self._status_setter("expired")),
            ("POST", "/_control/profiles/{reference}/withdraw", self._status_setter("withdrawn")),
            ("POST", "/_control/profiles/{reference}/interests", self.inject_interest),
            ("GET", "/_control/interests", self.interests_of_profile),
            ("GET", "/_control/stats", self.read_stats),
        ]
        return ([Route(path, self._partner_call(f"{method} {path}", handler), methods=[method])
                 for method, path, handler in partner]
                + [Route(path, handler, methods=[method]) for method, path, handler in control])

    # -- the way in ----------------------------------------------------------------------------
    def _partner_call(self, endpoint: str, handler: PartnerHandler) -> Callable[[Request], Awaitable[Response]]:
        async def call(request: Request) -> Response:
            try:
                await self.faults.before_call()
                caller = self._authenticate(request)
                self.faults.admit(caller)
                response = await handler(request, caller)
            except PodError as error:
                response = _error_response(request, error)
            self.stats[endpoint][str(response.status_code)] += 1
            return response

        return call

    def _authenticate(self, request: Request) -> str:
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                username, _, password = base64.b64decode(encoded, validate=True).partition(b":")
            except ValueError:
                raise PodError(401, "Malformed credentials.", _UNAUTHORIZED) from None
            # Both parts compared, always: how long a refusal takes says nothing about which was wrong.
            if all([secrets.compare_digest(given, expected)
                    for given, expected in zip((username, password), self._credentials, strict=True)]):
                return username.decode()
        raise PodError(401, "Unauthorized.", _UNAUTHORIZED)

    async def _read(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise PodError(413, f"The body exceeds {self.max_body_bytes} bytes.")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise PodError(413, f"The body exceeds {self.max_body_bytes} bytes.")
            chunks.append(chunk)
        return b"".join(chunks)

    async def _body(self, request: Request, root: str) -> object:
        return wire.parse_body(await self._read(request), request.headers.get("content-type"), root)

    # -- partner calls -------------------------------------------------------------------------
    async def list_profiles(self, request: Request, caller: str) -> Response:
        query = _list_query(request, "modified_since")
        profile_type = request.query_params.get("type") or None
        if profile_type is not None and profile_type not in TYPES:
            raise PodError(400, f"type: expected one of {', '.join(TYPES)}, got {profile_type!r}.")
        total, profiles = self.store.profiles_page(profile_type=profile_type, modified_since=query.since,
                                                   page=self._served_page(request, caller, query.page),
                                                   page_size=query.page_size)
        return self._list(request, "profiles", query, total, [wire.ordered(p) for p in profiles],
                          wire.profile_element)

    async def list_interests(self, request: Request, caller: str) -> Response:
        query = _list_query(request, "received_since")
        total, interests = self.store.received_interests(caller, received_since=query.since,
                                                         page=self._served_page(request, caller, query.page),
                                                         page_size=query.page_size)
        return self._list(request, "interests", query, total, [i.wire() for i in interests], wire.interest_element)

    def _served_page(self, request: Request, caller: str, page: int) -> int:
        stale = page > 1 and self.faults.serve_stale((caller, request.url.path, str(request.query_params)))
        return page - 1 if stale else page

    def _list(self, request: Request, root: str, query: ListQuery, total: int, items: list[dict],
              element: Callable[[dict], Element]) -> Response:
        if _wants_json(request):
            return JSONResponse({"page": query.page, "pageSize": query.page_size, "total": total, root: items})
        body = wire.to_bytes(wire.list_element(root, page=query.page, page_size=query.page_size, total=total,
                                               items=map(element, items)))
        return Response(self.faults.spoil_list(body, root), media_type=wire.XML)

    async def get_profile(self, request: Request, caller: str) -> Response:
        profile = self.store.get(request.path_params["reference"])
        return _represent(request, wire.ordered(profile), lambda: wire.profile_element(profile))

    async def create_profile(self, request: Request, caller: str) -> Response:
        profile = self.store.create(caller, validate_content(await self._body(request, "profile")))
        return _represent(request, wire.ordered(profile), lambda: wire.profile_element(profile), 201,
                          {"Location": f"/profiles/{profile['reference']}"})

    async def replace_profile(self, request: Request, caller: str) -> Response:
        reference = request.path_params["reference"]
        self.store.owned(caller, reference)
        profile = self.store.replace(caller, reference, validate_content(await self._body(request, "profile")))
        return _represent(request, wire.ordered(profile), lambda: wire.profile_element(profile))

    async def withdraw_profile(self, request: Request, caller: str) -> Response:
        profile = self.store.withdraw(caller, request.path_params["reference"])
        return _represent(request, wire.ordered(profile), lambda: wire.profile_element(profile))

    async def send_interest(self, request: Request, caller: str) -> Response:
        reference = request.path_params["reference"]
        self.store.get(reference)
        fields = validate_interest(await self._body(request, "expressionOfInterest"))
        interest, created = self.store.send_interest(caller, reference, fields)
        return _represent(request, interest.wire(), lambda: wire.interest_element(interest.wire()),
                          201 if created else 200)

    # -- control API ---------------------------------------------------------------------------
    async def _json(self, request: Request) -> object:
        """Control bodies are JSON, whatever their Content-Type says."""
        return wire.parse_json(await self._read(request))

    async def arm_faults(self, request: Request) -> Response:
        self.faults.configure(await self._json(request))
        return JSONResponse(self.faults.state())

    async def fault_state(self, request: Request) -> Response:
        return JSONResponse(self.faults.state())

    async def reset_faults(self, request: Request) -> Response:
        self.faults.reset()
        return JSONResponse(self.faults.state())

    async def put_profiles(self, request: Request) -> Response:
        body = await self._json(request)
        stored = self.store.put_raw(body if isinstance(body, list) else [body])
        return JSONResponse({"stored": [p["reference"] for p in stored]})

    async def all_profiles(self, request: Request) -> Response:  # noqa: ARG002
        return JSONResponse(list(self.store))

    async def raw_profile(self, request: Request) -> Response:
        return JSONResponse(self.store.get(request.path_params["reference"]))

    async def patch_profile(self, request: Request) -> Response:
        fields = await self._json(request)
        if not isinstance(fields, dict):
            raise PodError(400, "Expected a JSON object of fields.")
        return JSONResponse(self.store.patch(request.path_params["reference"], fields))

    def _status_setter(self, status: str) -> Callable[[Request], Awaitable[Response]]:
        async def set_status(request: Request) -> Response:
            return JSONResponse(self.store.set_status(request.path_params["reference"], status))

        return set_status

    async def inject_interest(self, request: Request) -> Response:
        fields = validate_interest(await self._json(request), required=("organisation",))
        interest = self.store.inject_interest(request.path_params["reference"], fields)
        return JSONResponse(interest.wire(), 201)

    async def interests_of_profile(self, request: Request) -> Response:
        reference = request.query_params.get("profile", "")
        return JSONResponse([{**i.wire(), "sender": i.sender} for i in self.store.interests_of(reference)])

    async def read_stats(self, request: Request) -> Response:
        return JSONResponse({endpoint: dict(statuses) for endpoint, statuses in self.stats.items()})


def create_app(store: PodStore, *, username: str, password: str, faults: Faults | None = None,
               max_body_bytes: int = MAX_BODY_BYTES) -> Starlette:
    """The simulated POD serving `store` to one partner credential. `app.state` exposes the
    store, the faults and the stats to in-process tests."""
    pod = _Pod(store, faults or Faults(), username, password, max_body_bytes)
    app = Starlette(routes=pod.routes(), exception_handlers={PodError: _error_response})
    app.state.store, app.state.faults, app.state.stats = store, pod.faults, pod.stats
    return app
