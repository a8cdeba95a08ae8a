"""HTTP routes of the profiles service: thin."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from contracts.taxonomy import load_taxonomy
from profiles.adapters.repository import ProfileQueries, ProfilesSessionContext
from profiles.adapters.signing_keys import SigningKeys
from profiles.adapters.sign_in_throttle import SignInThrottle
from profiles.entrypoints.client_address import TrustedProxies
from profiles.entrypoints.schemas import (
    DescriptorList, DescriptorOut, MeOut, ProfileIn, ProfileOut, PublicProfileOut, RefreshIn, RegistrationIn,
    SignInIn, TokenOut,
)
from profiles.service_layer import commands, handlers
from servicekit.http.dependencies import Caller, Database, UoW, provided
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.exceptions import NotFound
from servicekit.http.routing import ServiceRouter

router = ServiceRouter()


def queries(db: Database) -> ProfileQueries:
    return ProfileQueries(db)


Queries = Annotated[ProfileQueries, Depends(queries)]
Keys = Annotated[SigningKeys, Depends(provided(SigningKeys))]
Throttle = Annotated[SignInThrottle, Depends(provided(SignInThrottle))]
Proxies = Annotated[TrustedProxies, Depends(provided(TrustedProxies))]


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
async def register(body: RegistrationIn, unit: UoW, response: Response) -> MeOut:
    user, profile = await unit.handle(handlers.register_user, commands.RegisterUser(**body.model_dump()))
    response.headers["Location"] = "me"
    return MeOut.of(user, profile)


@router.post("/sessions", response_model=TokenOut, tags=["identity"],
             summary="Sign in: an access token (15 min) and a refresh token (30 days, single use)")
async def sign_in(body: SignInIn, sessions: Sessions, proxies: Proxies, request: Request) -> TokenOut:
    client = proxies.client_of(request)
    issued = await handlers.sign_in(commands.SignIn(email=body.email, password=body.password, client=client),
                                    sessions)
    return TokenOut(**asdict(issued))


@router.post("/sessions/refresh", response_model=TokenOut, tags=["identity"],
             summary="Trade a refresh token for new tokens (the old one stops working)")
async def refresh(body: RefreshIn, sessions: Sessions) -> TokenOut:
    issued = await handlers.refresh_session(commands.RefreshSession(refresh_token=body.refresh_token), sessions)
    return TokenOut(**asdict(issued))


@router.post("/sessions/revoke", status_code=status.HTTP_204_NO_CONTENT, tags=["identity"],
             summary="Sign out: revoke a refresh token and its whole session")
async def revoke(body: RefreshIn, sessions: Sessions) -> Response:
    await handlers.sign_out(commands.SignOut(refresh_token=body.refresh_token), sessions)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


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
    items = [DescriptorOut(code=d.code, label=d.label, scheme=d.scheme, parent=d.parent)
             for d in taxonomy.descriptors(scheme=scheme, parent=parent)]
    return DescriptorList(taxonomy_version=taxonomy.version, items=items)


@router.get("/descriptors/{code}", response_model=DescriptorOut, tags=["taxonomy"])
async def descriptor(code: str) -> DescriptorOut:
    found = load_taxonomy().get(code)
    if found is None:
        raise NotFound(f"No descriptor {code!r}.")
    return DescriptorOut(code=found.code, label=found.label, scheme=found.scheme, parent=found.parent)
