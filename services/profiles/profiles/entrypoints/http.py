"""HTTP routes of the profiles service: thin."""
from __future__ import annotations

from typing import Annotated

from fastapi import Cookie, Depends, Header, Query, Request, Response, status

from contracts.taxonomy import load_taxonomy
from profiles.adapters.passwords import Argon2Passwords
from profiles.adapters.repository import ProfileQueries, ProfilesSessionContext
from profiles.adapters.signing_keys import SigningKeys
from profiles.adapters.sign_in_throttle import SignInThrottle
from profiles.entrypoints.browser_sessions import CSRF_HEADER, REFRESH_COOKIE, BrowserSessions
from profiles.entrypoints.client_address import TrustedProxies
from profiles.entrypoints.schemas import (
    DescriptorList, DescriptorOut, MeOut, ProfileIn, ProfileOut, PublicProfileOut, RefreshIn, RegistrationIn,
    SignInIn, TokenOut,
)
from profiles.service_layer import commands, handlers
from servicekit.http.dependencies import Caller, Database, UoW, provided
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.exceptions import CredentialsRejected, NotFound
from servicekit.http.routing import ServiceRouter

router = ServiceRouter()


def queries(db: Database) -> ProfileQueries:
    return ProfileQueries(db)


Queries = Annotated[ProfileQueries, Depends(queries)]
Keys = Annotated[SigningKeys, Depends(provided(SigningKeys))]
Throttle = Annotated[SignInThrottle, Depends(provided(SignInThrottle))]
Proxies = Annotated[TrustedProxies, Depends(provided(TrustedProxies))]
Passwords = Annotated[Argon2Passwords, Depends(provided(Argon2Passwords))]
Browsers = Annotated[BrowserSessions, Depends(provided(BrowserSessions))]
RefreshCookie = Annotated[str | None, Cookie(
    alias=REFRESH_COOKIE, max_length=256,
    description="A browser's refresh token (set by `POST /sessions` with `refresh_transport: cookie`); "
                "used when the body has no refresh_token")]
CsrfToken = Annotated[str | None, Header(
    alias=CSRF_HEADER, max_length=128,
    description="The `oi_csrf` cookie's value: required when the `oi_refresh` cookie is what authenticates")]
_SET_COOKIE = {"Set-Cookie": {
    "description": "With the cookie transport: `oi_refresh` (HttpOnly; Secure; SameSite=Strict; "
                   "Path=/api/profiles/sessions through the gateway; Max-Age 30 days) and `oi_csrf` "
                   "(readable; Secure; SameSite=Strict; Path=/); sign-out expires both",
    "schema": {"type": "string"}}}
_COOKIE_REFUSED = {"description": "The session cookie was sent without the CSRF token that goes with it, "
                                  "or from another site's page (Origin, Sec-Fetch-Site)."}
_SESSION_OVER = {"description": "The refresh token (the body's or the cookie's) is unknown, expired or was used "
                                "already (its session is then revoked), or neither was sent: sign in again."}
SIGN_IN_ANSWERS = {200: {"headers": _SET_COOKIE}, 403: _COOKIE_REFUSED}
REFRESH_ANSWERS = {200: {"headers": _SET_COOKIE}, 401: _SESSION_OVER, 403: _COOKIE_REFUSED}
REVOKE_ANSWERS = {204: {"headers": _SET_COOKIE}, 401: _SESSION_OVER, 403: _COOKIE_REFUSED}


def session_context(db: Database, keys: Keys, throttle: Throttle) -> ProfilesSessionContext:
    """What the sign-in, refresh and sign-out handlers work on: no transaction (`ports.py`)."""
    return ProfilesSessionContext(db, signing_keys=keys, throttle=throttle)


Sessions = Annotated[ProfilesSessionContext, Depends(session_context)]


async def profile_version_to_update(caller: Caller, q: Queries, expected: IfMatch) -> int | None:
    """If-Match against the profile as read here: 428/412 before the body is judged (the
    handler checks again in its transaction)."""
    profile = await q.profile(caller.user_id)
    if profile is None:
        raise NotFound("This account no longer exists.")
    check_version(profile.version, expected)
    return expected


ProfileVersionToUpdate = Annotated[int | None, Depends(profile_version_to_update)]


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=MeOut, tags=["identity"],
             summary="Register a user")
async def register(body: RegistrationIn, unit: UoW, passwords: Passwords, response: Response) -> MeOut:
    registration = await handlers.prepare_registration(commands.Registration(**body.model_dump()), passwords)
    user, profile = await unit.handle(handlers.register_user, registration)
    response.headers["Location"] = "me"
    return MeOut.of(user, profile)


@router.post("/sessions", response_model=TokenOut, tags=["identity"], responses=SIGN_IN_ANSWERS,
             summary="Sign in: an access token (15 min) and a refresh token (30 days, single use), "
                     "in the JSON or, for a browser, in a cookie")
async def sign_in(body: SignInIn, sessions: Sessions, proxies: Proxies, browsers: Browsers, request: Request,
                  response: Response) -> TokenOut:
    in_cookie = body.refresh_transport == "cookie"
    if in_cookie:
        browsers.check_origin(request)
    client = proxies.client_of(request)
    issued = await handlers.sign_in(commands.SignIn(email=body.email, password=body.password, client=client),
                                    sessions)
    if in_cookie:
        browsers.keep(response, request, issued.refresh_token)
    return TokenOut.of(issued, in_cookie=in_cookie)


@router.post("/sessions/refresh", response_model=TokenOut, tags=["identity"], responses=REFRESH_ANSWERS,
             summary="Trade a refresh token (the body's, else the oi_refresh cookie's) for new tokens "
                     "(the old one stops working)")
async def refresh(sessions: Sessions, browsers: Browsers, request: Request, response: Response,
                  cookie: RefreshCookie = None, csrf: CsrfToken = None,
                  body: RefreshIn | None = None) -> TokenOut | Response:
    if body is not None and body.refresh_token is not None:
        issued = await handlers.refresh_session(commands.RefreshSession(refresh_token=body.refresh_token), sessions)
        return TokenOut.of(issued)
    token = browsers.refresh_token_of(request, cookie, csrf)
    try:
        issued = await handlers.refresh_session(commands.RefreshSession(refresh_token=token), sessions)
    except CredentialsRejected as exc:  # the cookie's session is over: the cookies go too
        return browsers.rejected(exc, request)
    browsers.keep(response, request, issued.refresh_token)
    return TokenOut.of(issued, in_cookie=True)


@router.post("/sessions/revoke", status_code=status.HTTP_204_NO_CONTENT, tags=["identity"],
             responses=REVOKE_ANSWERS,
             summary="Sign out: revoke a refresh token (the body's, else the oi_refresh cookie's) and its "
                     "whole session")
async def revoke(sessions: Sessions, browsers: Browsers, request: Request, cookie: RefreshCookie = None,
                 csrf: CsrfToken = None, body: RefreshIn | None = None) -> Response:
    if body is not None and body.refresh_token is not None:
        await handlers.sign_out(commands.SignOut(refresh_token=body.refresh_token), sessions)
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    token = browsers.refresh_token_of(request, cookie, csrf)
    await handlers.sign_out(commands.SignOut(refresh_token=token), sessions)
    return browsers.clear(Response(status_code=status.HTTP_204_NO_CONTENT), request)


@router.get("/.well-known/jwks.json", tags=["identity"], summary="Public keys that verify access tokens")
async def jwks(keys: Keys, response: Response) -> dict:
    response.headers["Cache-Control"] = "public, max-age=60"
    return await keys.jwks()


@router.get("/me", response_model=MeOut, tags=["profiles"])
async def me(caller: Caller, q: Queries, response: Response) -> MeOut:
    user, profile = await q.user(caller.user_id), await q.profile(caller.user_id)
    if user is None or profile is None:
        raise NotFound("This account no longer exists.")
    set_etag(response, profile.version)
    return MeOut.of(user, profile)


@router.put("/me/profile", response_model=ProfileOut, tags=["profiles"],
            summary="Set my profile (If-Match required)")
async def update_profile(caller: Caller, expected: ProfileVersionToUpdate, body: ProfileIn, unit: UoW,
                         response: Response) -> ProfileOut:
    profile = await unit.handle(handlers.update_profile, commands.UpdateProfile(
        user_id=caller.user_id, expected_version=expected, **body.model_dump(
            exclude={"notification_preferences"}), notification_preferences=body.notification_preferences))
    set_etag(response, profile.version)
    return ProfileOut.of(profile)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, tags=["profiles"],
               summary="Erase my account and my data (GDPR)")
async def erase(caller: Caller, unit: UoW, sessions: Sessions) -> Response:
    await unit.handle(handlers.erase_user, commands.EraseUser(user_id=caller.user_id))
    # Once the erasure has committed, not in its transaction: a failed erasure signs no one out.
    await handlers.end_sessions(commands.EndSessions(user_id=caller.user_id), sessions)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/profiles/{user_id}", response_model=PublicProfileOut, tags=["profiles"])
async def public_profile(user_id: str, caller: Caller, q: Queries) -> PublicProfileOut:
    profile = await q.profile(user_id)
    if profile is None:
        raise NotFound(f"No profile {user_id}.")
    return PublicProfileOut.of(profile)


@router.get("/descriptors", response_model=DescriptorList, tags=["taxonomy"],
            summary="The descriptor taxonomy: S3 areas and challenges, EEN keywords, NACE")
async def descriptors(scheme: Annotated[str | None, Query(max_length=20)] = None,
                      parent: Annotated[str | None, Query(max_length=60)] = None) -> DescriptorList:
    taxonomy = load_taxonomy()
    if scheme is not None and scheme not in taxonomy.schemes():
        raise NotFound(f"No descriptor scheme {scheme!r}; known: {', '.join(taxonomy.schemes())}.")
    items = [DescriptorOut.of(d) for d in taxonomy.descriptors(scheme=scheme, parent=parent)]
    return DescriptorList(taxonomy_version=taxonomy.version, items=items)


@router.get("/descriptors/{code}", response_model=DescriptorOut, tags=["taxonomy"])
async def descriptor(code: str) -> DescriptorOut:
    found = load_taxonomy().get(code)
    if found is None:
        raise NotFound(f"No descriptor {code!r}.")
    return DescriptorOut.of(found)
