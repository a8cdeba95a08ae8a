"""The profiles service layer with in-memory ports: the rules that live in handlers
(unique addresses, the throttle consulted before the password and told of a success,
rotated refresh tokens, versioned profile edits, erasure and the events published, nothing
written when a rule refuses) in milliseconds."""
from __future__ import annotations

import json
import secrets
from dataclasses import replace

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from contracts.events import NotificationPreferences, ProfileUpdated, UserErased, UserRegistered
from contracts.taxonomy import UnknownDescriptors
from profiles.domain.model import Profile, ProfileRuleViolation, User
from profiles.service_layer import commands, handlers
from profiles.service_layer.ports import RefreshTokenReused, Rotation
from servicekit.auth import TokenVerifier
from servicekit.exceptions import (
    Conflict, CredentialsRejected, Invalid, NotFound, PreconditionFailed, RateLimited, Unauthenticated,
)
from servicekit.http.errors import service_error_response
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

PASSWORD = "correct horse battery"
CLIENT = "198.51.100.7"


# -- fakes of the ports -------------------------------------------------------------------------


class FakeUsers:
    def __init__(self) -> None:
        self.store: FakeStore[User] = FakeStore(unique=lambda u: u.email)

    async def add(self, user: User) -> None:
        self.store.insert(user)

    async def get(self, user_id: str) -> User | None:
        return self.store.rows.get(user_id)

    async def add_role(self, email: str, role: str) -> User | None:
        user = self.store.first(lambda u: u.email == email)
        if user is None:
            return None
        self.store.replace(updated := replace(user, roles=tuple(dict.fromkeys([*user.roles, role]))))
        return updated

    async def delete(self, user_id: str) -> None:
        self.store.rows.pop(user_id, None)


class FakeProfiles:
    def __init__(self) -> None:
        self.store: FakeStore[Profile] = FakeStore(key=lambda p: p.user_id)

    async def add(self, profile: Profile) -> None:
        self.store.insert(profile)

    async def get(self, user_id: str) -> Profile | None:
        return self.store.rows.get(user_id)

    async def save(self, profile: Profile) -> None:
        self.store.replace_versioned(profile)

    async def delete(self, user_id: str) -> None:
        self.store.rows.pop(user_id, None)


class FakePasswords:
    """Hashes that say what they hash; keeps which passwords were hashed and checked."""

    def __init__(self) -> None:
        self.hashed: list[str] = []
        self.checked: list[tuple[str | None, str]] = []

    async def hash(self, password: str) -> str:
        self.hashed.append(password)
        return f"hashed:{password}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        self.checked.append((password_hash, password))
        return password_hash is not None and password_hash == f"hashed:{password}"


class FakeProfilesContext(FakeContext):
    """No password hasher: a registration's password is hashed before its transaction."""

    users: FakeUsers
    profiles: FakeProfiles


class FakeUserLookup:
    """The users as committed: the same rows the transactional fakes write."""

    def __init__(self, users: FakeUsers) -> None:
        self._users = users

    async def user_by_email(self, email: str) -> User | None:
        return self._users.store.first(lambda u: u.email == email)

    async def user(self, user_id: str) -> User | None:
        return self._users.store.rows.get(user_id)


class FakeRefreshTokens:
    """Single-use tokens in families (one per sign-in); a token used twice ends its family."""

    def __init__(self) -> None:
        self.tokens: dict[str, dict] = {}

    async def issue(self, user_id: str, family: str | None = None) -> str:
        token = secrets.token_urlsafe(16)
        self.tokens[token] = {"user_id": user_id, "family": family or secrets.token_hex(4), "used": False}
        return token

    async def rotate(self, token: str) -> Rotation | None:
        found = self.tokens.get(token)
        if found is None:
            return None
        if found["used"]:
            await self._revoke_family(found["family"])
            raise RefreshTokenReused
        found["used"] = True
        return Rotation(user_id=found["user_id"], token=await self.issue(found["user_id"], found["family"]))

    async def revoke(self, token: str) -> None:
        if (found := self.tokens.get(token)) is not None:
            await self._revoke_family(found["family"])

    async def revoke_user(self, user_id: str) -> None:
        self.tokens = {t: row for t, row in self.tokens.items() if row["user_id"] != user_id}

    async def _revoke_family(self, family: str) -> None:
        self.tokens = {t: row for t, row in self.tokens.items() if row["family"] != family}


class FakeSigningKeys:
    """One real ES256 key, so the access tokens issued verify as every service verifies them."""

    def __init__(self) -> None:
        private = ec.generate_private_key(ec.SECP256R1())
        self.kid = "key-1"
        self.pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
        self.public = jwt.PyJWK(json.loads(jwt.algorithms.ECAlgorithm.to_jwk(private.public_key())))

    async def signing_key(self) -> tuple[str, bytes]:
        return self.kid, self.pem

    async def lookup(self, kid: str) -> jwt.PyJWK | None:
        return self.public if kid == self.kid else None


class FakeThrottle:
    """Waits set by the test per (address, client); keeps every attempt and success it hears of."""

    def __init__(self) -> None:
        self.waits: dict[tuple[str, str], int] = {}
        self.attempts: list[tuple[str, str]] = []
        self.successes: list[tuple[str, str]] = []

    async def begin_attempt(self, email: str, client: str) -> int:
        self.attempts.append((email, client))
        return self.waits.get((email, client), 0)

    async def succeeded(self, email: str, client: str) -> None:
        self.successes.append((email, client))


class FakeSessionContext:
    def __init__(self, users: FakeUsers) -> None:
        self.users = FakeUserLookup(users)
        self.passwords = FakePasswords()
        self.refresh_tokens = FakeRefreshTokens()
        self.signing_keys = FakeSigningKeys()
        self.throttle = FakeThrottle()


@pytest.fixture
def uow() -> FakeUnitOfWork[FakeProfilesContext]:
    return FakeUnitOfWork(FakeProfilesContext())


REGISTRATION_PASSWORDS = FakePasswords()  # what `register` prepares with, unless a test brings its own


@pytest.fixture
def sessions(uow) -> FakeSessionContext:
    return FakeSessionContext(uow.ctx.users)


async def register(uow, email: str = "alice@example.org", password: str = PASSWORD,
                   name: str = "Alice Rossi", language: str = "it",
                   passwords: FakePasswords = REGISTRATION_PASSWORDS) -> tuple[User, Profile]:
    """As the route does it: prepared (checked, hashed) first, then handled in the unit of work."""
    registration = await handlers.prepare_registration(
        commands.Registration(email=email, password=password, display_name=name, language=language), passwords)
    return await uow.handle(handlers.register_user, registration)


async def sign_in(sessions, email: str = "alice@example.org", password: str = PASSWORD,
                  client: str = CLIENT) -> handlers.IssuedToken:
    return await handlers.sign_in(commands.SignIn(email=email, password=password, client=client), sessions)


async def refresh(sessions, token: str) -> handlers.IssuedToken:
    return await handlers.refresh_session(commands.RefreshSession(refresh_token=token), sessions)


def edit(user_id: str, expected_version: int | None, **changes) -> commands.UpdateProfile:
    fields = {"display_name": "Alice Rossi", "organisation": None, "competences": [], "interests": [],
              "notification_preferences": NotificationPreferences()}
    return commands.UpdateProfile(user_id=user_id, expected_version=expected_version, **{**fields, **changes})


# -- registration --------------------------------------------------------------------------------


async def test_registering_stores_the_user_and_profile_and_publishes_both(uow):
    user, profile = await register(uow, email="  Alice@Example.ORG ", name="  Alice   Rossi ")
    stored = uow.ctx.users.store.rows[user.id]
    assert stored.email == "alice@example.org" and stored.roles == ("member",)
    assert stored.password_hash == f"hashed:{PASSWORD}"  # never the password itself
    assert uow.ctx.profiles.store.rows[user.id] == profile and profile.version == 1
    registered, updated = uow.ctx.published
    assert isinstance(registered, UserRegistered) and registered.user_id == user.id
    assert registered.display_name == "Alice Rossi"
    assert isinstance(updated, ProfileUpdated) and (updated.user_id, updated.version) == (user.id, 1)


async def test_an_address_registers_once_whatever_its_case(uow):
    await register(uow)
    with pytest.raises(Conflict, match="An account with this email already exists."):
        await register(uow, email="ALICE@example.org ", name="Mallory")
    assert len(uow.ctx.users.store.rows) == 1 and len(uow.ctx.profiles.store.rows) == 1
    assert len(uow.ctx.published) == 2  # the first registration's, nothing of the second


async def test_a_weak_password_is_refused_before_it_is_hashed(uow):
    hasher = FakePasswords()
    for email, password in [("alice@example.org", "short"), ("not an address", PASSWORD),
                            ("alice@example.org", " Alice@Example.org ")]:
        with pytest.raises(ProfileRuleViolation):
            await register(uow, email=email, password=password, passwords=hasher)
    assert hasher.hashed == [] and uow.ctx.users.store.rows == {} and uow.ctx.published == []


async def test_the_password_is_hashed_before_the_transaction_which_gets_only_the_hash(uow):
    hasher = FakePasswords()
    prepared = await handlers.prepare_registration(commands.Registration(
        email=" Alice@Example.ORG", password=PASSWORD, display_name="Alice", language="en"), hasher)
    assert hasher.hashed == [PASSWORD] and uow.ctx.published == []  # nothing stored yet
    assert prepared == commands.RegisterUser(email="alice@example.org", password_hash=f"hashed:{PASSWORD}",
                                             display_name="Alice", language="en")
    assert not hasattr(uow.ctx, "passwords")  # the transaction's context cannot hash
    user, _ = await uow.handle(handlers.register_user, prepared)
    assert uow.ctx.users.store.rows[user.id].password_hash == f"hashed:{PASSWORD}"


# -- signing in ----------------------------------------------------------------------------------


async def test_signing_in_issues_an_access_token_and_a_refresh_token(uow, sessions):
    user, _ = await register(uow)
    issued = await sign_in(sessions, email=" ALICE@example.org")  # addresses are case-insensitive
    principal = await TokenVerifier(sessions.signing_keys.lookup).verify(issued.access_token)
    assert principal.user_id == user.id and principal.roles == {"member"}
    assert (issued.user_id, issued.expires_in) == (user.id, 15 * 60)
    assert sessions.refresh_tokens.tokens[issued.refresh_token]["user_id"] == user.id
    # The throttle was asked first, and told of the success (which refunds the attempt).
    assert sessions.throttle.attempts == sessions.throttle.successes == [("alice@example.org", CLIENT)]


async def test_a_wrong_password_or_an_unknown_address_is_rejected_alike(uow, sessions):
    await register(uow)
    for email, password in [("alice@example.org", "wrong password!"), ("bob@example.org", PASSWORD)]:
        with pytest.raises(CredentialsRejected, match="Wrong email or password.") as rejected:
            await sign_in(sessions, email=email, password=password)
        assert isinstance(rejected.value, Unauthenticated)
    # An unknown address is checked against no hash, as long as a real check takes.
    assert sessions.passwords.checked[-1] == (None, PASSWORD)
    assert len(sessions.throttle.attempts) == 2 and sessions.throttle.successes == []  # both stay failures
    assert sessions.refresh_tokens.tokens == {}


async def test_a_throttled_client_waits_even_with_the_right_password(uow, sessions):
    await register(uow)
    sessions.throttle.waits[("alice@example.org", CLIENT)] = 8
    with pytest.raises(RateLimited, match="try again in 8 s") as limited:
        await sign_in(sessions)
    assert limited.value.retry_after_seconds == 8
    assert sessions.passwords.checked == [] and sessions.throttle.successes == []
    # Another client is not held back by this one's failures.
    assert (await sign_in(sessions, client="203.0.113.9")).user_id


async def test_rejected_credentials_answer_401_without_a_bearer_challenge():
    response = service_error_response(CredentialsRejected("Wrong email or password."), "/sessions")
    assert response.status_code == 401 and "www-authenticate" not in response.headers
    assert json.loads(response.body)["title"] == "Unauthorized"
    challenged = service_error_response(Unauthenticated("Sign in: this endpoint needs a bearer token."), "/me")
    assert challenged.headers["www-authenticate"] == 'Bearer realm="open-innovation"'


# -- refresh and sign-out ---------------------------------------------------------------------


async def test_a_refresh_token_is_traded_once_for_new_tokens(uow, sessions):
    user, _ = await register(uow)
    first = await sign_in(sessions)
    rotated = await refresh(sessions, first.refresh_token)
    assert rotated.user_id == user.id and rotated.refresh_token != first.refresh_token
    assert (await TokenVerifier(sessions.signing_keys.lookup).verify(rotated.access_token)).user_id == user.id


async def test_reusing_a_refresh_token_revokes_its_whole_session(uow, sessions):
    await register(uow)
    first = await sign_in(sessions)
    other_session = await sign_in(sessions)
    second = await refresh(sessions, first.refresh_token)
    with pytest.raises(CredentialsRejected, match="already used; the session is revoked"):
        await refresh(sessions, first.refresh_token)  # a stolen copy
    with pytest.raises(CredentialsRejected, match="unknown or expired"):
        await refresh(sessions, second.refresh_token)  # the victim's successor went with it
    assert (await refresh(sessions, other_session.refresh_token)).refresh_token  # other sessions live on


async def test_refresh_tokens_carry_the_roles_the_user_has_now(uow, sessions):
    user, _ = await register(uow)
    issued = await sign_in(sessions)
    await uow.handle(handlers.grant_role, commands.GrantRole(email="alice@example.org", role="een_operator"))
    rotated = await refresh(sessions, issued.refresh_token)
    principal = await TokenVerifier(sessions.signing_keys.lookup).verify(rotated.access_token)
    assert principal.roles == {"member", "een_operator"}


async def test_signing_out_ends_the_session_and_an_unknown_token_is_no_error(uow, sessions):
    await register(uow)
    issued = await sign_in(sessions)
    await handlers.sign_out(commands.SignOut(refresh_token=issued.refresh_token), sessions)
    with pytest.raises(CredentialsRejected, match="unknown or expired"):
        await refresh(sessions, issued.refresh_token)
    await handlers.sign_out(commands.SignOut(refresh_token="y" * 40), sessions)


# -- profiles ------------------------------------------------------------------------------------


async def test_editing_the_profile_saves_a_new_version_and_publishes_it(uow):
    user, _ = await register(uow)
    edited = await uow.handle(handlers.update_profile, edit(
        user.id, 1, organisation=" PoliMi ", competences=["s3c:aerospace-01"], interests=["s3:aerospace", "nace:28"]))
    assert edited.version == 2 and uow.ctx.profiles.store.rows[user.id] == edited
    event = uow.ctx.published[-1]
    assert isinstance(event, ProfileUpdated) and event.version == 2 and event.organisation == "PoliMi"
    assert event.interests == ["s3:aerospace", "nace:28"] and event.taxonomy_version
    # Without If-Match ('*'), the edit applies to whatever version is stored.
    assert (await uow.handle(handlers.update_profile, edit(user.id, None))).version == 3


async def test_the_language_is_italian_by_default_chosen_at_sign_up_and_changed_with_the_profile(uow):
    _, italian = await register(uow)
    assert italian.language == "it" and uow.ctx.published[-1].language == "it"
    user, english = await register(uow, email="bob@example.org", name="Bob", language="en")
    assert english.language == "en" and uow.ctx.published[-1].language == "en"
    edited = await uow.handle(handlers.update_profile, edit(user.id, 1, language="it"))
    assert edited.language == "it" and uow.ctx.profiles.store.rows[user.id].language == "it"
    assert uow.ctx.published[-1].language == "it"  # carried in the event: e-mails and notices use it


async def test_editing_a_stale_version_is_refused_and_changes_nothing(uow):
    user, _ = await register(uow)
    await uow.handle(handlers.update_profile, edit(user.id, 1, organisation="First"))
    published = len(uow.ctx.published)
    with pytest.raises(PreconditionFailed) as refused:
        await uow.handle(handlers.update_profile, edit(user.id, 1, organisation="Second"))
    assert refused.value.current_version == 2
    assert uow.ctx.profiles.store.rows[user.id].organisation == "First" and len(uow.ctx.published) == published


async def test_unknown_descriptors_are_refused_before_anything_is_read_or_written(uow):
    user, profile = await register(uow)
    with pytest.raises(UnknownDescriptors) as refused:
        await uow.handle(handlers.update_profile, edit(user.id, 1, interests=["s3:aerospace", "s3:atlantis"]))
    assert refused.value.codes == ["s3:atlantis"]
    assert uow.ctx.profiles.store.rows[user.id] == profile and len(uow.ctx.published) == 2


async def test_editing_a_profile_that_is_gone_is_not_found(uow):
    with pytest.raises(NotFound, match="No profile for this user."):
        await uow.handle(handlers.update_profile, edit("nobody", None))


# -- erasure and roles ---------------------------------------------------------------------------


async def test_erasing_removes_credentials_and_profile_publishes_it_and_ends_every_session(uow, sessions):
    user, _ = await register(uow)
    other, _ = await register(uow, email="bob@example.org", name="Bob")
    issued = await sign_in(sessions)
    bobs = await sign_in(sessions, email="bob@example.org")

    await uow.handle(handlers.erase_user, commands.EraseUser(user_id=user.id))
    assert user.id not in uow.ctx.users.store.rows and user.id not in uow.ctx.profiles.store.rows
    assert uow.ctx.published[-1] == UserErased(user_id=user.id)
    await handlers.end_sessions(commands.EndSessions(user_id=user.id), sessions)

    with pytest.raises(CredentialsRejected, match="unknown or expired"):
        await refresh(sessions, issued.refresh_token)
    with pytest.raises(CredentialsRejected, match="Wrong email or password."):
        await sign_in(sessions)
    assert (await refresh(sessions, bobs.refresh_token)).user_id == other.id  # only hers ended
    # Erasing again finds no one, and publishes nothing.
    published = len(uow.ctx.published)
    with pytest.raises(NotFound, match="No such user."):
        await uow.handle(handlers.erase_user, commands.EraseUser(user_id=user.id))
    assert len(uow.ctx.published) == published


async def test_a_role_is_granted_once_to_a_known_address_and_only_a_known_role(uow):
    await register(uow)
    granted = await uow.handle(handlers.grant_role, commands.GrantRole(email=" Alice@example.org", role="een_operator"))
    again = await uow.handle(handlers.grant_role, commands.GrantRole(email="alice@example.org", role="een_operator"))
    assert granted.roles == again.roles == ("member", "een_operator")
    with pytest.raises(Invalid, match="Unknown role 'wizard'"):
        await uow.handle(handlers.grant_role, commands.GrantRole(email="alice@example.org", role="wizard"))
    with pytest.raises(NotFound, match="No user with email bob@example.org."):
        await uow.handle(handlers.grant_role, commands.GrantRole(email="bob@example.org", role="member"))
    assert len(uow.ctx.published) == 2  # the registration's: a role is no event
