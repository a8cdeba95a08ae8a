"""MongoDB adapters of the profiles ports (`service_layer/ports.py`): the users and profiles
repositories, which work inside the caller's transaction, and the two handler contexts:
ProfilesContext over one transaction, ProfilesSessionContext (signing in, refreshing,
signing out) over none. ProfileQueries is the read side, outside transactions."""
from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from contracts.events import DEFAULT_LANGUAGE, NotificationPreferences
from profiles.adapters.passwords import Argon2Passwords
from profiles.adapters.refresh_tokens import RefreshTokens
from profiles.domain.model import Profile, User
from profiles.service_layer.ports import SignInThrottle, SigningKeys
from servicekit.repository import MongoRepository
from servicekit.unit_of_work import HandlerContext

USERS = "users"
PROFILES = "profiles"


def user_from_doc(doc: dict) -> User:
    return User(id=doc["_id"], email=doc["email"], password_hash=doc["password_hash"],
                registered_at=doc["registered_at"], roles=tuple(doc.get("roles", ["member"])))


def profile_from_doc(doc: dict) -> Profile:
    return Profile(user_id=doc["_id"], display_name=doc["display_name"], organisation=doc.get("organisation"),
                   competences=tuple(doc.get("competences", [])), interests=tuple(doc.get("interests", [])),
                   notification_preferences=NotificationPreferences(**doc.get("notification_preferences", {})),
                   language=doc.get("language", DEFAULT_LANGUAGE),
                   updated_at=doc["updated_at"], version=doc["version"])


def _user_doc(user: User) -> dict:
    return {"_id": user.id, "email": user.email, "password_hash": user.password_hash,
            "registered_at": user.registered_at, "roles": list(user.roles)}


def _profile_doc(profile: Profile) -> dict:
    return {"_id": profile.user_id, "display_name": profile.display_name, "organisation": profile.organisation,
            "competences": list(profile.competences), "interests": list(profile.interests),
            "notification_preferences": profile.notification_preferences.model_dump(),
            "language": profile.language,
            "updated_at": profile.updated_at, "version": profile.version}


class MongoUserRepository(MongoRepository):
    collection_name = USERS

    async def add(self, user: User) -> None:
        await self._insert(_user_doc(user))  # a taken address: AlreadyExists (unique index on email)

    async def get(self, user_id: str) -> User | None:
        return await self._find_as({"_id": user_id}, user_from_doc)

    async def add_role(self, email: str, role: str) -> User | None:
        # Read back in the same transaction, which sees its own write.
        if await self._update_one({"email": email}, {"$addToSet": {"roles": role}}) == 0:
            return None
        return await self._find_as({"email": email}, user_from_doc)

    async def delete(self, user_id: str) -> None:
        await self._delete_many({"_id": user_id})


class MongoProfileRepository(MongoRepository):
    collection_name = PROFILES

    async def add(self, profile: Profile) -> None:
        await self._insert(_profile_doc(profile))

    async def get(self, user_id: str) -> Profile | None:
        return await self._find_as({"_id": user_id}, profile_from_doc)

    async def save(self, profile: Profile) -> None:
        await self._replace_versioned(_profile_doc(profile))

    async def delete(self, user_id: str) -> None:
        await self._delete_many({"_id": user_id})


class ProfilesContext(HandlerContext):
    """The profiles handlers' Context port over one MongoDB transaction."""

    users: MongoUserRepository
    profiles: MongoProfileRepository


class ProfilesSessionContext:
    """The profiles handlers' SessionContext port: no transaction, each call on its own."""

    def __init__(self, db: AsyncDatabase, *, signing_keys: SigningKeys, throttle: SignInThrottle) -> None:
        self.users = ProfileQueries(db)
        self.passwords = Argon2Passwords()
        self.refresh_tokens = RefreshTokens(db)
        self.signing_keys = signing_keys
        self.throttle = throttle


class ProfileQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._users = db[USERS]
        self._profiles = db[PROFILES]

    async def user_by_email(self, email: str) -> User | None:
        doc = await self._users.find_one({"email": email})
        return user_from_doc(doc) if doc else None

    async def user(self, user_id: str) -> User | None:
        doc = await self._users.find_one({"_id": user_id})
        return user_from_doc(doc) if doc else None

    async def profile(self, user_id: str) -> Profile | None:
        doc = await self._profiles.find_one({"_id": user_id})
        return profile_from_doc(doc) if doc else None


async def ensure_indexes(db: AsyncDatabase) -> None:
    await db[USERS].create_index("email", unique=True)
    await db[PROFILES].create_index("interests")
    await db[PROFILES].create_index("competences")
