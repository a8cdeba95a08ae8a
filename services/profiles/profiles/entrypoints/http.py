"""HTTP routes of the profiles service: thin."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status

from contracts.taxonomy import load_taxonomy
from profiles.adapters.repository import ProfileQueries
from profiles.adapters.refresh_tokens import RefreshTokens
from profiles.adapters.signing_keys import SigningKeys
from profiles.entrypoints.client_address import client_of
from profiles.entrypoints.schemas import (
    DescriptorList, DescriptorOut, MeOut, ProfileIn, ProfileOut, PublicProfileOut, RefreshIn, RegistrationIn,
    SignInIn, TokenOut,
)
from profiles.service_layer import commands, handlers
from servicekit.dependencies import Caller, Database, UoW
from servicekit.concurrency import IfMatch, check_version, set_etag
from servicekit.errors import NotFound
from servicekit.routing import ServiceRouter

router = ServiceRouter()


def queries(db: Database) -> ProfileQueries:
    return ProfileQueries(db)


def signing_keys(request: Request) -> SigningKeys:
    return request.app.state.signing_keys


Queries = Annotated[ProfileQueries, Depends(queries)]
Keys = Annotated[SigningKeys, Depends(signing_keys)]


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
    user, profile = await handlers.register_user(commands.RegisterUser(**body.model_dump()), unit)
    response.headers["Location"] = "me"
    return MeOut.of(user, profile)


@router.post("/sessions", response_model=TokenOut, tags=["identity"],
             summary="Sign in: an access token (15 min) and a refresh token (30 days, single use)")
async def sign_in(body: SignInIn, q: Queries, keys: Keys, db: Database, request: Request) -> TokenOut:
    client = client_of(request, request.app.state.trusted_proxies)
    issued = await handlers.sign_in(commands.SignIn(email=body.email, password=body.password, client=client), q,
                                    keys, request.app.state.sign_in_throttle, RefreshTokens(db))
    return TokenOut(**asdict(issued))


@router.post("/sessions/refresh", response_model=TokenOut, tags=["identity"],
             summary="Trade a refresh token for new tokens (the old one stops working)")
async def refresh(body: RefreshIn, q: Queries, keys: Keys, db: Database) -> TokenOut:
    issued = await handlers.refresh_session(commands.RefreshSession(refresh_token=body.refresh_token), q, keys,
                                            RefreshTokens(db))
    return TokenOut(**asdict(issued))


@router.post("/sessions/revoke", status_code=status.HTTP_204_NO_CONTENT, tags=["identity"],
             summary="Sign out: revoke a refresh token and its whole session")
async def revoke(body: RefreshIn, db: Database) -> Response:
    await RefreshTokens(db).revoke(body.refresh_token)
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
    profile = await handlers.update_profile(commands.UpdateProfile(
        user_id=caller.user_id, expected_version=expected, **body.model_dump(
            exclude={"notification_preferences"}), notification_preferences=body.notification_preferences), unit)
    set_etag(response, profile.version)
    return ProfileOut.of(profile)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, tags=["profiles"],
               summary="Erase my account and my data (GDPR)")
async def erase(caller: Caller, unit: UoW, db: Database) -> Response:
    await handlers.erase_user(commands.EraseUser(user_id=caller.user_id), unit, RefreshTokens(db))
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
             for d in taxonomy.list(scheme=scheme, parent=parent)]
    return DescriptorList(taxonomy_version=taxonomy.version, items=items)


@router.get("/descriptors/{code}", response_model=DescriptorOut, tags=["taxonomy"])
async def descriptor(code: str) -> DescriptorOut:
    found = load_taxonomy().get(code)
    if found is None:
        raise NotFound(f"No descriptor {code!r}.")
    return DescriptorOut(code=found.code, label=found.label, scheme=found.scheme, parent=found.parent)
