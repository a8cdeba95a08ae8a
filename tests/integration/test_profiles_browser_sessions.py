"""A browser's session against the real profiles app (MongoDB, Redis, Kafka): the refresh
token in an HttpOnly cookie, a CSRF token bound to it, foreign origins refused, rotation,
replay and sign-out; and the JSON flow apps use, unchanged beside it.

Cookies are read from Set-Cookie and sent back by hand, so each test says exactly which
cookie a request carries (an old one, none, another session's)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from http.cookies import SimpleCookie

import httpx
import pytest

from profiles.entrypoints.app import ProfilesSettings, create_app
from profiles.entrypoints.browser_sessions import BrowserSessions, csrf_token_for
from servicekit.ids import new_id
from tests.support.apps import running

pytestmark = pytest.mark.asyncio
PASSWORD = "correct horse battery"
THIRTY_DAYS = 30 * 24 * 3600
GATEWAY = {"X-Forwarded-Prefix": "/api/profiles"}  # what the gateway adds
DEV_SERVER = "http://localhost:5173"


@pytest.fixture(scope="module")
async def app_and_client(infra):
    app = create_app(ProfilesSettings(mongo_db="profiles_browser_it", browser_origins=DEV_SERVER))
    async with running(app) as client:
        yield app, client


@pytest.fixture(scope="module")
def profiles(app_and_client) -> httpx.AsyncClient:
    return app_and_client[1]


@pytest.fixture(scope="module")
async def email(profiles) -> str:
    address = f"{new_id()}@example.org"
    created = await profiles.post("/users", json={"email": address, "password": PASSWORD, "display_name": "Ada"})
    assert created.status_code == 201, created.text
    return address


# -- cookies by hand ------------------------------------------------------------------------------


def set_cookies(response: httpx.Response) -> dict[str, dict[str, str]]:
    """name -> {value, and each attribute as the response set it (lower-cased names)}."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            attributes = {k: str(v) for k, v in morsel.items() if v != ""}
            flags = {flag.strip().lower() for flag in header.split(";")[1:]}
            attributes.update({flag: "true" for flag in ("httponly", "secure") if flag in flags})
            found[name] = {"value": morsel.value, **attributes}
    return found


@dataclass(frozen=True)
class Browser:
    """What a browser holds after a cookie sign-in: the two cookies, and the page's CSRF copy."""
    refresh: str
    csrf: str
    access_token: str

    @classmethod
    def from_response(cls, response: httpx.Response) -> Browser:
        cookies = set_cookies(response)
        return cls(cookies["oi_refresh"]["value"], cookies["oi_csrf"]["value"], response.json()["access_token"])

    def headers(self, *, csrf: str | None = "same", origin: str | None = None) -> dict[str, str]:
        headers = {"Cookie": f"oi_refresh={self.refresh}; oi_csrf={self.csrf}"}
        if csrf is not None:
            headers["X-CSRF-Token"] = self.csrf if csrf == "same" else csrf
        if origin is not None:
            headers["Origin"] = origin
        return headers


async def browser_sign_in(profiles, email: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return await profiles.post("/sessions", json={"email": email, "password": PASSWORD,
                                                  "refresh_transport": "cookie"}, headers=headers)


async def signed_in_browser(profiles, email: str) -> Browser:
    response = await browser_sign_in(profiles, email)
    assert response.status_code == 200, response.text
    return Browser.from_response(response)


def problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


# -- signing in -----------------------------------------------------------------------------------


async def test_a_browser_sign_in_keeps_the_refresh_token_out_of_the_json_and_in_an_httponly_cookie(profiles, email):
    response = await browser_sign_in(profiles, email, {**GATEWAY, "Origin": "http://service"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["refresh_token"] is None and body["expires_in"] == 900
    cookies = set_cookies(response)
    refresh, csrf = cookies["oi_refresh"], cookies["oi_csrf"]
    assert refresh["path"] == "/api/profiles/sessions"  # only ever sent to the session endpoints
    assert refresh["httponly"] == refresh["secure"] == "true" and refresh["samesite"].lower() == "strict"
    assert refresh["max-age"] == str(THIRTY_DAYS)
    assert refresh["value"] != body["access_token"] and len(refresh["value"]) >= 40
    # The CSRF token: readable by the page, everywhere on the site, bound to this refresh token.
    assert csrf["path"] == "/" and "httponly" not in csrf and csrf["secure"] == "true"
    assert csrf["samesite"].lower() == "strict" and csrf["max-age"] == str(THIRTY_DAYS)
    assert csrf["value"] == csrf_token_for(refresh["value"]) != refresh["value"]
    me = await profiles.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == email


async def test_addressed_directly_the_cookie_path_is_the_services_own(profiles, email):
    assert set_cookies(await browser_sign_in(profiles, email))["oi_refresh"]["path"] == "/sessions"


@pytest.fixture
def configured_cookie_path(app_and_client):
    runtime = app_and_client[0].state.runtime
    default = runtime.provided(BrowserSessions)
    runtime.provide(BrowserSessions, replace(default, cookie_path="/auth/sessions"))
    yield
    runtime.provide(BrowserSessions, default)


async def test_the_cookie_path_can_be_configured(profiles, email, configured_cookie_path):
    response = await browser_sign_in(profiles, email, GATEWAY)
    assert set_cookies(response)["oi_refresh"]["path"] == "/auth/sessions"
    browser = Browser.from_response(response)
    cleared = await profiles.post("/sessions/revoke", headers=browser.headers())
    assert cleared.status_code == 204 and set_cookies(cleared)["oi_refresh"]["path"] == "/auth/sessions"


async def test_wrong_credentials_set_no_cookie(profiles, email):
    wrong = await profiles.post("/sessions", json={"email": email, "password": "not the password",
                                                   "refresh_transport": "cookie"})
    problem(wrong, 401)
    assert "set-cookie" not in wrong.headers
    bad = await profiles.post("/sessions", json={"email": email, "password": PASSWORD, "refresh_transport": "pigeon"})
    problem(bad, 422)


# -- refreshing with the cookie ---------------------------------------------------------------------


async def test_refreshing_with_the_cookie_rotates_both_cookies_and_an_old_cookie_ends_the_session(profiles, email):
    first = await signed_in_browser(profiles, email)
    rotated = await profiles.post("/sessions/refresh", headers={**GATEWAY, **first.headers()})
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["refresh_token"] is None
    cookies = set_cookies(rotated)
    assert cookies["oi_refresh"]["path"] == "/api/profiles/sessions"
    assert cookies["oi_refresh"]["max-age"] == cookies["oi_csrf"]["max-age"] == str(THIRTY_DAYS)
    second = Browser.from_response(rotated)
    assert second.refresh != first.refresh and second.csrf != first.csrf
    me = await profiles.get("/me", headers={"Authorization": f"Bearer {second.access_token}"})
    assert me.status_code == 200

    # The old cookie again (a stolen copy, with its CSRF token): refused, and the cookies cleared...
    replay = await profiles.post("/sessions/refresh", headers={**GATEWAY, **first.headers()})
    problem(replay, 401)
    cleared = set_cookies(replay)
    assert cleared["oi_refresh"]["max-age"] == cleared["oi_csrf"]["max-age"] == "0"
    assert cleared["oi_refresh"]["path"] == "/api/profiles/sessions" and cleared["oi_csrf"]["path"] == "/"
    # ...and the whole session is over: the rightful successor no longer works either.
    problem(await profiles.post("/sessions/refresh", headers=second.headers()), 401)


async def test_an_empty_json_body_means_the_cookie_too(profiles, email):
    browser = await signed_in_browser(profiles, email)
    response = await profiles.post("/sessions/refresh", json={}, headers=browser.headers())
    assert response.status_code == 200, response.text


async def test_csrf_missing_wrong_or_another_sessions_is_refused_and_leaves_the_session_alone(profiles, email):
    browser = await signed_in_browser(profiles, email)
    other = await signed_in_browser(profiles, email)
    attempts = {
        "no header": browser.headers(csrf=None),
        "empty": browser.headers(csrf=""),
        "wrong": browser.headers(csrf="x" * 43),
        "the cookie itself": browser.headers(csrf=browser.refresh),
        "another session's": browser.headers(csrf=other.csrf),
    }
    for case, headers in attempts.items():
        for endpoint in ("/sessions/refresh", "/sessions/revoke"):
            refused = await profiles.post(endpoint, headers=headers)
            assert problem(refused, 403)["detail"] == "Send the oi_csrf cookie's value in the X-CSRF-Token header.", case
            assert "set-cookie" not in refused.headers, case  # a hostile page signs no one out
    # Nothing of that touched the session.
    assert (await profiles.post("/sessions/refresh", headers=browser.headers())).status_code == 200


async def test_requests_from_another_sites_page_are_refused(profiles, email):
    browser = await signed_in_browser(profiles, email)
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Origin": "service"},
                    {"Origin": "http://service:8443", "Host": "service:8080"},  # addressed directly: ports too
                    {"Origin": "http://service.evil.example"}, {"Origin": "http://[::1"},
                    {"Origin": "http://service:99999"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "http://service", "Sec-Fetch-Site": "cross-site"}):
        for endpoint in ("/sessions/refresh", "/sessions/revoke"):
            problem(await profiles.post(endpoint, headers={**browser.headers(), **headers}), 403)
        problem(await browser_sign_in(profiles, email, headers), 403)
    # Its own origin (the gateway passes the Host without a port), and a configured one, are fine.
    for origin, host in (("http://service", None), ("http://service:8080", "service"), (DEV_SERVER, None)):
        headers = {**browser.headers(origin=origin), **({"Host": host} if host else {})}
        headers["Sec-Fetch-Site"] = "same-origin"
        response = await profiles.post("/sessions/refresh", headers=headers)
        assert response.status_code == 200, (origin, response.text)
        browser = Browser.from_response(response)


async def test_no_cookie_is_401_and_a_garbage_cookie_too(profiles):
    nothing = await profiles.post("/sessions/refresh")
    assert "oi_refresh" in problem(nothing, 401)["detail"]
    assert "www-authenticate" not in nothing.headers  # no bearer challenge: sign in again
    garbage = "g" * 43
    headers = {"Cookie": f"oi_refresh={garbage}", "X-CSRF-Token": csrf_token_for(garbage)}
    problem(await profiles.post("/sessions/refresh", headers=headers), 401)
    problem(await profiles.post("/sessions/revoke"), 401)
    problem(await profiles.post("/sessions/refresh", headers={"Cookie": f"oi_refresh={'z' * 300}"}), 422)


# -- signing out ------------------------------------------------------------------------------------


async def test_signing_out_with_the_cookie_revokes_the_session_and_clears_both_cookies(profiles, email):
    browser = await signed_in_browser(profiles, email)
    out = await profiles.post("/sessions/revoke", headers={**GATEWAY, **browser.headers()})
    assert out.status_code == 204
    cleared = set_cookies(out)
    assert cleared["oi_refresh"]["value"] == "" or cleared["oi_refresh"]["max-age"] == "0"
    assert cleared["oi_refresh"]["max-age"] == cleared["oi_csrf"]["max-age"] == "0"
    assert cleared["oi_refresh"]["path"] == "/api/profiles/sessions" and cleared["oi_csrf"]["path"] == "/"
    problem(await profiles.post("/sessions/refresh", headers=browser.headers()), 401)


# -- the JSON flow, unchanged -------------------------------------------------------------------


async def test_the_json_flow_sets_no_cookie_and_the_body_wins_over_a_cookie(profiles, email):
    signed_in = await profiles.post("/sessions", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200 and "set-cookie" not in signed_in.headers
    token = signed_in.json()["refresh_token"]
    assert token and signed_in.json()["token_type"] == "Bearer"
    browser = await signed_in_browser(profiles, email)
    # An app's body token is used even if a cookie came along (no CSRF needed: no cookie is used).
    rotated = await profiles.post("/sessions/refresh", json={"refresh_token": token},
                                  headers={"Cookie": f"oi_refresh={browser.refresh}"})
    assert rotated.status_code == 200 and "set-cookie" not in rotated.headers
    next_token = rotated.json()["refresh_token"]
    assert next_token and next_token != token
    out = await profiles.post("/sessions/revoke", json={"refresh_token": next_token})
    assert out.status_code == 204 and "set-cookie" not in out.headers
    problem(await profiles.post("/sessions/refresh", json={"refresh_token": next_token}), 401)
    # The browser's session was not the one revoked.
    assert (await profiles.post("/sessions/refresh", headers=browser.headers())).status_code == 200


# -- who may do what, in which state ---------------------------------------------------------------

# actor: how the request presents the session; state: the session is live, or was revoked.
MATRIX = [
    # actor,                      action,    live, revoked
    ("nothing",                   "refresh", 401, 401),
    ("nothing",                   "revoke",  401, 401),
    ("app with its body token",   "refresh", 200, 401),
    ("app with its body token",   "revoke",  204, 204),  # an unknown token is no error
    ("page: cookie + CSRF",       "refresh", 200, 401),
    ("page: cookie + CSRF",       "revoke",  204, 204),
    ("cookie without CSRF",       "refresh", 403, 403),
    ("cookie without CSRF",       "revoke",  403, 403),
    ("another site's page",       "refresh", 403, 403),
    ("another site's page",       "revoke",  403, 403),
]


def request_as(actor: str, browser: Browser) -> dict:
    return {
        "nothing": {},
        "app with its body token": {"json": {"refresh_token": browser.refresh}},
        "page: cookie + CSRF": {"headers": browser.headers(origin="http://service")},
        "cookie without CSRF": {"headers": browser.headers(csrf=None)},
        "another site's page": {"headers": browser.headers(origin="https://evil.example")},
    }[actor]


@pytest.mark.parametrize("state", ["live", "revoked"])
@pytest.mark.parametrize(("actor", "action", "live", "revoked"), MATRIX)
async def test_authorisation_matrix(profiles, email, actor, action, live, revoked, state):
    browser = await signed_in_browser(profiles, email)
    if state == "revoked":
        assert (await profiles.post("/sessions/revoke", json={"refresh_token": browser.refresh})).status_code == 204
    response = await profiles.post(f"/sessions/{action}", **request_as(actor, browser))
    expected = live if state == "live" else revoked
    assert response.status_code == expected, (actor, action, state, response.text)
    if expected >= 400:
        problem(response, expected)
