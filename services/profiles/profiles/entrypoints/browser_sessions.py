"""A browser's session: the refresh token in a cookie no script can read, and a CSRF
defence for the endpoints that cookie authenticates (issue 8; `docs/architecture.md`).

Mobile and other API clients keep the JSON flow: the refresh token travels in the bodies of
`POST /sessions`, `/sessions/refresh` and `/sessions/revoke`. A browser signs in with
`"refresh_transport": "cookie"`; its refresh token is then never in JSON (so never in reach
of an injected script) but set as

- `oi_refresh`: HttpOnly, Secure, SameSite=Strict, Path=<where the service is reached>/sessions
  (`/api/profiles/sessions` through the gateway, from its X-Forwarded-Prefix; `/sessions`
  addressed directly; or `session_cookie_path`), Max-Age the refresh token's lifetime; and
- `oi_csrf`: readable (not HttpOnly), Secure, SameSite=Strict, Path=/: the CSRF token, which
  the client echoes in `X-CSRF-Token` when it refreshes or signs out with the cookie.

The CSRF token is derived from the refresh token (SHA-256, one way): it is bound to the
session, so a cookie planted by a sibling host cannot be paired with a header that matches,
and it rotates with the refresh token. It is compared in constant time. A request whose
`Origin` is another host's (or `Sec-Fetch-Site: cross-site`) is refused before the cookie is
looked at; `browser_origins` names extra origins to trust (a development server, say).

Both cookies are Secure: browsers count http://127.0.0.1 and http://localhost as secure
contexts, so the local stack works over plain HTTP on loopback."""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Response
from starlette.requests import Request

from servicekit.exceptions import CredentialsRejected, Forbidden
from servicekit.http.errors import service_error_response

REFRESH_COOKIE = "oi_refresh"
CSRF_COOKIE = "oi_csrf"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token_for(refresh_token: str) -> str:
    """The CSRF token that goes with a refresh token: readable by the page, and no way back."""
    digest = hashlib.sha256(b"oi-csrf\0" + refresh_token.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _host_and_port(url: str) -> tuple[str, int | None] | None:
    """("host", port or None) of a URL or of `//host:port`; None when it is no such thing."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or not parts.hostname:
            return None
        return parts.hostname, parts.port
    except ValueError:  # a broken IPv6 literal, a port out of range
        return None


@dataclass(frozen=True)
class BrowserSessions:
    """How this deployment keeps browser sessions in cookies (the composition root's settings)."""

    max_age_seconds: int
    cookie_path: str = ""  # empty: where the service is reached (X-Forwarded-Prefix) + /sessions
    trusted_origins: frozenset[str] = frozenset()

    @classmethod
    def configured(cls, max_age_seconds: int, cookie_path: str, origins: Iterable[str]) -> BrowserSessions:
        return cls(max_age_seconds, cookie_path.strip(),
                   frozenset(o.strip().rstrip("/") for o in origins if o.strip()))

    def refresh_cookie_path(self, request: Request) -> str:
        if self.cookie_path:
            return self.cookie_path
        return request.scope.get("root_path", "").rstrip("/") + "/sessions"

    # -- what requests must show ------------------------------------------------------------

    def check_origin(self, request: Request) -> None:
        """403 for a request another site's page sent. No Origin (not a browser, or an old
        one): SameSite=Strict and the CSRF token still hold."""
        if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
            raise Forbidden("Cross-site requests may not use the session cookie.")
        origin = request.headers.get("origin")
        if origin is None or origin.rstrip("/") in self.trusted_origins:
            return
        theirs = _host_and_port(origin) if origin.startswith(("http://", "https://")) else None
        ours = _host_and_port(f"//{request.headers.get('host', '')}")
        # The gateway passes the Host without its port ($host); directly, the port must match too.
        if theirs is None or ours is None or theirs[0] != ours[0] or (ours[1] is not None and theirs[1] != ours[1]):
            raise Forbidden(f"Requests from {origin} may not use the session cookie.")

    def refresh_token_of(self, request: Request, cookie: str | None, csrf: str | None) -> str:
        """The refresh token the cookie carries, once the request has shown it comes from our
        page: 403 for a foreign origin or a missing or wrong CSRF token, 401 without a cookie."""
        self.check_origin(request)
        if not cookie:
            raise CredentialsRejected(f"No session cookie ({REFRESH_COOKIE}) and no refresh token: sign in.")
        if not csrf or not hmac.compare_digest(csrf.encode(), csrf_token_for(cookie).encode()):
            raise Forbidden(f"Send the {CSRF_COOKIE} cookie's value in the {CSRF_HEADER} header.")
        return cookie

    # -- what responses set ---------------------------------------------------------------------

    def keep(self, response: Response, request: Request, refresh_token: str) -> None:
        """Set (or rotate) both cookies."""
        response.set_cookie(REFRESH_COOKIE, refresh_token, max_age=self.max_age_seconds,
                            path=self.refresh_cookie_path(request), secure=True, httponly=True, samesite="strict")
        response.set_cookie(CSRF_COOKIE, csrf_token_for(refresh_token), max_age=self.max_age_seconds,
                            path="/", secure=True, httponly=False, samesite="strict")

    def clear(self, response: Response, request: Request) -> Response:
        """Expire both cookies (sign-out, or a session that is over)."""
        response.delete_cookie(REFRESH_COOKIE, path=self.refresh_cookie_path(request), secure=True,
                               httponly=True, samesite="strict")
        response.delete_cookie(CSRF_COOKIE, path="/", secure=True, httponly=False, samesite="strict")
        return response

    def rejected(self, exc: CredentialsRejected, request: Request) -> Response:
        """The 401 for a cookie whose session is over, expiring both cookies."""
        return self.clear(service_error_response(exc, request.url.path), request)
