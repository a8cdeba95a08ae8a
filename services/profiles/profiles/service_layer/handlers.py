"""Command handlers, all of one shape: `async def handler(command, ctx) -> result`.

Registration, profile edits, erasure and role grants get the Context of one transaction
(the entrypoint runs them in the unit of work: all of it commits together, events
included); a registration is prepared before it (`prepare_registration`: the slow password
hash holds no transaction open). Signing in, refreshing, signing out and ending a user's sessions get the
SessionContext, which has no transaction: nothing they write commits together with
anything else (`ports.py`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from contracts.events import UserErased
from contracts.taxonomy import load_taxonomy
from profiles.domain.model import Profile, User, check_password_strength, normalise_email
from profiles.service_layer import commands
from profiles.service_layer.ports import Context, PasswordHasher, RefreshTokenReused, SessionContext, SigningKeys
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_MEMBER, ROLE_PLATFORM_OPERATOR, issue_token
from servicekit.exceptions import AlreadyExists, Conflict, CredentialsRejected, Invalid, NotFound, RateLimited
from servicekit.ids import new_id
from servicekit.versioning import check_version

ACCESS_TOKEN_SECONDS = 15 * 60
KNOWN_ROLES = {ROLE_MEMBER, ROLE_PLATFORM_OPERATOR, ROLE_EEN_OPERATOR}


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    user_id: str
    refresh_token: str


async def prepare_registration(form: commands.Registration, passwords: PasswordHasher) -> commands.RegisterUser:
    """The registration as the transaction will store it: the address checked and normalised,
    the password checked and hashed. Hashing is slow (argon2id, on purpose), so it happens
    here, before the unit of work, and never holds a transaction open."""
    email = normalise_email(form.email)
    check_password_strength(form.password, email)
    return commands.RegisterUser(email=email, password_hash=await passwords.hash(form.password),
                                 display_name=form.display_name, language=form.language)


async def register_user(cmd: commands.RegisterUser, ctx: Context) -> tuple[User, Profile]:
    email = normalise_email(cmd.email)
    user = User(id=new_id(), email=email, password_hash=cmd.password_hash, registered_at=datetime.now(UTC))
    profile, profile_event = Profile.start(user.id, cmd.display_name, load_taxonomy().version, cmd.language)
    try:
        await ctx.users.add(user)
    except AlreadyExists as exc:  # the address is unique (also against a registration at the same moment)
        raise Conflict("An account with this email already exists.") from exc
    await ctx.profiles.add(profile)
    ctx.publish(user.registered_event(profile.display_name))
    ctx.publish(profile_event)
    return user, profile


async def sign_in(cmd: commands.SignIn, ctx: SessionContext) -> IssuedToken:
    email = cmd.email.strip().lower()
    if wait := await ctx.throttle.begin_attempt(email, cmd.client):
        raise RateLimited(f"Too many failed sign-ins from here; try again in {wait} s.", retry_after_seconds=wait)
    user = await ctx.users.user_by_email(email)
    if not await ctx.passwords.verify(user.password_hash if user else None, cmd.password) or user is None:
        raise CredentialsRejected("Wrong email or password.")  # the attempt stays counted as a failure
    await ctx.throttle.succeeded(email, cmd.client)
    return await _tokens_for(user, ctx.signing_keys, await ctx.refresh_tokens.issue(user.id))


async def refresh_session(cmd: commands.RefreshSession, ctx: SessionContext) -> IssuedToken:
    """A fresh access token (with the user's current roles) for a refresh token, which is
    rotated: the one presented stops working."""
    try:
        rotation = await ctx.refresh_tokens.rotate(cmd.refresh_token)
    except RefreshTokenReused as exc:
        raise CredentialsRejected(
            "This refresh token was already used; the session is revoked. Sign in again.") from exc
    user = await ctx.users.user(rotation.user_id) if rotation else None
    if rotation is None or user is None:
        raise CredentialsRejected("The refresh token is unknown or expired. Sign in again.")
    return await _tokens_for(user, ctx.signing_keys, rotation.token)


async def sign_out(cmd: commands.SignOut, ctx: SessionContext) -> None:
    """Revoke the refresh token's whole session; an unknown token is no error."""
    await ctx.refresh_tokens.revoke(cmd.refresh_token)


async def _tokens_for(user: User, keys: SigningKeys, refresh_token: str) -> IssuedToken:
    kid, private_pem = await keys.signing_key()
    token = issue_token(private_pem, kid, user.id, list(user.roles), ACCESS_TOKEN_SECONDS)
    return IssuedToken(access_token=token, expires_in=ACCESS_TOKEN_SECONDS, user_id=user.id,
                       refresh_token=refresh_token)


async def update_profile(cmd: commands.UpdateProfile, ctx: Context) -> Profile:
    taxonomy = load_taxonomy()
    taxonomy.require_known([*cmd.competences, *cmd.interests])
    profile = await ctx.profiles.get(cmd.user_id)
    if profile is None:
        raise NotFound("No profile for this user.")
    check_version(profile.version, cmd.expected_version)
    edited, event = profile.edit(display_name=cmd.display_name, organisation=cmd.organisation,
                                 competences=cmd.competences, interests=cmd.interests,
                                 notification_preferences=cmd.notification_preferences,
                                 taxonomy_version=taxonomy.version, language=cmd.language)
    await ctx.profiles.save(edited)
    ctx.publish(event)
    return edited


async def erase_user(cmd: commands.EraseUser, ctx: Context) -> None:
    """GDPR erasure: credentials and profile go, and the event tells every other service.
    The user's sessions end once this has committed (`end_sessions`); access tokens already
    issued lapse within their 15 minutes."""
    if await ctx.users.get(cmd.user_id) is None:
        raise NotFound("No such user.")
    await ctx.users.delete(cmd.user_id)
    await ctx.profiles.delete(cmd.user_id)
    ctx.publish(UserErased(user_id=cmd.user_id))


async def end_sessions(cmd: commands.EndSessions, ctx: SessionContext) -> None:
    """Every refresh token of the user stops working."""
    await ctx.refresh_tokens.revoke_user(cmd.user_id)


async def grant_role(cmd: commands.GrantRole, ctx: Context) -> User:
    if cmd.role not in KNOWN_ROLES:
        raise Invalid(f"Unknown role {cmd.role!r}; known: {', '.join(sorted(KNOWN_ROLES))}.")
    email = normalise_email(cmd.email)
    user = await ctx.users.add_role(email, cmd.role)
    if user is None:
        raise NotFound(f"No user with email {email}.")
    return user
