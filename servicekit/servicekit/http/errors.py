"""RFC 9457 problem details: every error a client sees is application/problem+json,
with a 4xx for anything the client can fix. A 500 is a bug, but even it keeps the shape."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import pymongo.errors
import redis.exceptions
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from contracts.taxonomy import UnknownDescriptors
from servicekit import exceptions as service

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


class Problem(Exception):
    """Raised at the HTTP edge itself (routing, If-Match, cursors) to answer with a problem
    document; service layers raise servicekit.exceptions, mapped below."""

    status: int = 400
    title: str = "Bad request"

    def __init__(self, detail: str, *, status: int | None = None, title: str | None = None,
                 extra: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


class PreconditionFailed(Problem):
    status, title = 412, "Precondition failed"


class PreconditionRequired(Problem):
    status, title = 428, "Precondition required"


class MalformedBody(Problem):
    """A body that is not JSON at all (not UTF-8, not well-formed, nested too deep): 400,
    where JSON that does not match the schema is 422."""
    status, title = 400, "Malformed request body"


class UnsupportedMediaType(Problem):
    status, title = 415, "Unsupported media type"


RETRY_AFTER_SECONDS = 5


class ServiceUnavailable(Problem):
    """Something the request needs is away for now: retry later. The drivers reconnect by
    themselves, so the service answers this meanwhile and recovers without a restart."""
    status, title = 503, "Service unavailable"

    def __init__(self, detail: str, *, retry_after: int = RETRY_AFTER_SECONDS) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


# What a request meets while a backing server is unreachable (pymongo's NotPrimaryError,
# ServerSelectionTimeoutError, AutoReconnect and NetworkTimeout are ConnectionFailures;
# ExecutionTimeout is a request's deadline passing, see servicekit.http.dependencies).
DEPENDENCY_OUTAGES: Mapping[type[Exception], str] = {
    pymongo.errors.ConnectionFailure: "The database is not reachable now; retry shortly.",
    pymongo.errors.ExecutionTimeout: "The database did not answer in time; retry shortly.",
    redis.exceptions.ConnectionError: "The cache is not reachable now; retry shortly.",
    redis.exceptions.TimeoutError: "The cache did not answer in time; retry shortly.",
}


def outage_problem(exc: BaseException) -> ServiceUnavailable | None:
    """The 503 for an error that means a backing server is away, else None."""
    for exc_type, detail in DEPENDENCY_OUTAGES.items():
        if isinstance(exc, exc_type):
            return ServiceUnavailable(detail)
    return None


def problem_response(status: int, title: str, detail: str, instance: str | None = None,
                     extra: Mapping[str, Any] | None = None,
                     headers: Mapping[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=dict(headers or {}))


def install_problem_handlers(app: FastAPI) -> None:
    """Every error a client can see leaves as a problem document."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.title, exc.detail, request.url.path, exc.extra, exc.headers)

    @app.exception_handler(service.ServiceError)
    async def _service_error(request: Request, exc: service.ServiceError) -> JSONResponse:
        return service_error_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return problem_response(422, "Invalid request", "The request does not match the schema.",
                                request.url.path, {"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, _title(exc.status_code), str(exc.detail), request.url.path,
                                headers=getattr(exc, "headers", None))

    async def _outage(request: Request, exc: Exception) -> JSONResponse:
        problem = outage_problem(exc)
        assert problem is not None  # registered for DEPENDENCY_OUTAGES only
        # One line, no traceback: an outage fails every request, and the cause is known.
        log.warning("%s %s: %s (%s)", request.method, request.url.path, problem.detail, type(exc).__name__)
        return problem_response(problem.status, problem.title, problem.detail, request.url.path,
                                headers=problem.headers)

    for outage in DEPENDENCY_OUTAGES:
        app.add_exception_handler(outage, _outage)

    @app.exception_handler(UnknownDescriptors)
    async def _unknown_descriptors(request: Request, exc: UnknownDescriptors) -> JSONResponse:
        return problem_response(422, "Unknown descriptors", str(exc), request.url.path,
                                {"unknown_descriptors": exc.codes})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "Internal error", "An unexpected error occurred.", request.url.path)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# The one mapping from what the service layer says to what HTTP says.
SERVICE_ERROR_STATUS: dict[type[service.ServiceError], tuple[int, str]] = {
    service.NotFound: (404, "Not found"),
    service.Conflict: (409, "Conflict"),
    service.Unauthenticated: (401, "Unauthorized"),
    service.Forbidden: (403, "Forbidden"),
    service.PreconditionRequired: (428, "Precondition required"),
    service.PreconditionFailed: (412, "Precondition failed"),
    service.Invalid: (422, "Unprocessable content"),
    service.RateLimited: (429, "Too many requests"),
    service.Unavailable: (503, "Service unavailable"),
}


def status_of(kind: type[service.ServiceError]) -> tuple[int, str]:
    for cls in kind.__mro__:
        if cls in SERVICE_ERROR_STATUS:
            return SERVICE_ERROR_STATUS[cls]  # type: ignore[index]
    return 400, "Bad request"


def service_error_response(exc: service.ServiceError, instance: str | None,
                           kind: type[service.ServiceError] | None = None) -> JSONResponse:
    status, title = status_of(kind or type(exc))
    headers: dict[str, str] = {}
    if isinstance(exc, service.PreconditionFailed) and exc.current_version is not None:
        headers["ETag"] = etag_for(exc.current_version)
    if isinstance(exc, (service.RateLimited, service.Unavailable)):
        headers["Retry-After"] = str(exc.retry_after_seconds)
    if isinstance(exc, service.Unauthenticated) and not isinstance(exc, service.CredentialsRejected):
        headers["WWW-Authenticate"] = 'Bearer realm="open-innovation"'
    return problem_response(status, title, exc.detail, instance, exc.extra, headers)


def etag_for(version: int) -> str:
    return f'"v{version}"'


def map_domain_errors(app: FastAPI, domain_errors: Mapping[type[Exception], type[service.ServiceError]]) -> None:
    """A service's own domain exceptions, each answered as the kind of service error it is,
    so the domain stays free of HTTP while its rule violations reach clients as 4xx problems."""
    for exc_type, kind in domain_errors.items():
        def make(kind: type[service.ServiceError]):
            async def _domain(request: Request, exc: Exception) -> JSONResponse:
                return service_error_response(service.ServiceError(str(exc)), request.url.path, kind)
            return _domain
        app.add_exception_handler(exc_type, make(kind))
