"""Command handlers of the profiles service."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.events import UserErased
from contracts.taxonomy import load_taxonomy
from profiles.adapters import passwords
from profiles.adapters.repository import (
    EmailTaken, ProfileQueries, ProfileRepository, UserRepository,
)
from profiles.adapters.refresh_tokens import RefreshTokenReused, RefreshTokens
from profiles.adapters.sign_in_throttle import SignInThrottle
from profiles.adapters.signing_keys import SigningKeys
from profiles.domain.model import (
    Profile, User, check_password_strength, normalise_email,
)
from profiles.service_layer import commands
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_MEMBER, ROLE_PLATFORM_OPERATOR, issue_token
from servicekit.concurrency import check_version
from servicekit.errors import Conflict, NotFound, Problem, Unauthorized, Unprocessable
from servicekit.ids import new_id
from servicekit.unit_of_work import Transaction, UnitOfWork

ACCESS_TOKEN_SECONDS = 15 * 60
KNOWN_ROLES = {ROLE_MEMBER, ROLE_PLATFORM_OPERATOR, ROLE_EEN_OPERATOR}


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    user_id: str
    refresh_token: str


async def register_user(cmd: commands.RegisterUser, uow: UnitOfWork) -> tuple[User, Profile]:
    email = normalise_email(cmd.email)
    check_password_strength(cmd.password, email)
    password_hash = await passwords.hash_password(cmd.password)  # slow: outside the transaction
    taxonomy_version = load_taxonomy().version

    async def work(tx: Transaction) -> tuple[User, Profile]:
        user = User(id=new_id(), email=email, password_hash=password_hash, registered_at=datetime.now(UTC))
        profile, profile_event = Profile.start(user.id, cmd.display_name, taxonomy_version)
        await UserRepository(tx).add(user)
        await ProfileRepository(tx).add(profile)
        tx.publish(user.registered_event(profile.display_name))
        tx.publish(profile_event)
        return user, profile

    try:
        return await uow.run(work)
    except EmailTaken as exc:
        raise Conflict("An account with this email already exists.") from exc


async def sign_in(cmd: commands.SignIn, queries: ProfileQueries, keys: SigningKeys,
                  throttle: SignInThrottle, refresh_tokens: RefreshTokens) -> IssuedToken:
    email = cmd.email.strip().lower()
    if wait := await throttle.begin_attempt(email, cmd.client):
        raise Problem(f"Too many failed sign-ins from here; try again in {wait} s.", status=429,
                      title="Too many requests", headers={"Retry-After": str(wait)})
    user = await queries.user_by_email(email)
    if not await passwords.verify_password(user.password_hash if user else None, cmd.password) or user is None:
        raise Unauthorized("Wrong email or password.")  # the attempt stays counted as a failure
    await throttle.succeeded(email, cmd.client)
    return await _tokens_for(user, keys, await refresh_tokens.issue(user.id))


async def refresh_session(cmd: commands.RefreshSession, queries: ProfileQueries, keys: SigningKeys,
                          refresh_tokens: RefreshTokens) -> IssuedToken:
    """A fresh access token (with the user's current roles) for a refresh token, which is
    rotated: the one presented stops working."""
    try:
        rotation = await refresh_tokens.rotate(cmd.refresh_token)
    except RefreshTokenReused as exc:
        raise Unauthorized("This refresh token was already used; the session is revoked. Sign in again.") from exc
    user = await queries.user(rotation.user_id) if rotation else None
    if rotation is None or user is None:
        raise Unauthorized("The refresh token is unknown or expired. Sign in again.")
    return await _tokens_for(user, keys, rotation.token)


async def _tokens_for(user: User, keys: SigningKeys, refresh_token: str) -> IssuedToken:
    kid, private_pem = await keys.signing_key()
    token = issue_token(private_pem, kid, user.id, list(user.roles), ACCESS_TOKEN_SECONDS)
    return IssuedToken(access_token=token, expires_in=ACCESS_TOKEN_SECONDS, user_id=user.id,
                       refresh_token=refresh_token)


async def update_profile(cmd: commands.UpdateProfile, uow: UnitOfWork) -> Profile:
    taxonomy = load_taxonomy()
    taxonomy.require_known([*cmd.competences, *cmd.interests])

    async def work(tx: Transaction) -> Profile:
        repository = ProfileRepository(tx)
        profile = await repository.get(cmd.user_id)
        if profile is None:
            raise NotFound("No profile for this user.")
        check_version(profile.version, cmd.expected_version)
        edited, event = profile.edit(display_name=cmd.display_name, organisation=cmd.organisation,
                                     competences=cmd.competences, interests=cmd.interests,
                                     notification_preferences=cmd.notification_preferences,
                                     taxonomy_version=taxonomy.version)
        await repository.save(edited)
        tx.publish(event)
        return edited

    return await uow.run(work)


async def erase_user(cmd: commands.EraseUser, uow: UnitOfWork, refresh_tokens: RefreshTokens) -> None:
    """GDPR erasure: credentials, sessions and profile go now; the event tells every other
    service. Access tokens already issued lapse within their 15 minutes."""

    async def work(tx: Transaction) -> None:
        if await UserRepository(tx).get(cmd.user_id) is None:
            raise NotFound("No such user.")
        await UserRepository(tx).delete(cmd.user_id)
        await ProfileRepository(tx).delete(cmd.user_id)
        tx.publish(UserErased(user_id=cmd.user_id))

    await uow.run(work)
    await refresh_tokens.revoke_user(cmd.user_id)


async def grant_role(cmd: commands.GrantRole, uow: UnitOfWork) -> User:
    if cmd.role not in KNOWN_ROLES:
        raise Unprocessable(f"Unknown role {cmd.role!r}; known: {', '.join(sorted(KNOWN_ROLES))}.")
    email = normalise_email(cmd.email)

    async def work(tx: Transaction) -> User:
        user = await UserRepository(tx).add_role(email, cmd.role)
        if user is None:
            raise NotFound(f"No user with email {email}.")
        return user

    return await uow.run(work)
