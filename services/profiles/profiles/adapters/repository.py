"""MongoDB repositories for users and profiles."""
from __future__ import annotations

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from contracts.events import NotificationPreferences
from profiles.domain.model import Profile, User
from servicekit.concurrency import replace_versioned
from servicekit.unit_of_work import Transaction

USERS = "users"
PROFILES = "profiles"


class EmailTaken(Exception):
    pass


def user_from_doc(doc: dict) -> User:
    return User(id=doc["_id"], email=doc["email"], password_hash=doc["password_hash"],
                registered_at=doc["registered_at"], roles=tuple(doc.get("roles", ["member"])))


def profile_from_doc(doc: dict) -> Profile:
    return Profile(user_id=doc["_id"], display_name=doc["display_name"], organisation=doc.get("organisation"),
                   competences=tuple(doc.get("competences", [])), interests=tuple(doc.get("interests", [])),
                   notification_preferences=NotificationPreferences(**doc.get("notification_preferences", {})),
                   updated_at=doc["updated_at"], version=doc["version"])


def _profile_doc(profile: Profile) -> dict:
    return {"_id": profile.user_id, "display_name": profile.display_name, "organisation": profile.organisation,
            "competences": list(profile.competences), "interests": list(profile.interests),
            "notification_preferences": profile.notification_preferences.model_dump(),
            "updated_at": profile.updated_at, "version": profile.version}


class UserRepository:
    def __init__(self, tx: Transaction) -> None:
        self._users = tx.db[USERS]
        self._session = tx.session

    async def add(self, user: User) -> None:
        try:
            await self._users.insert_one({"_id": user.id, "email": user.email, "password_hash": user.password_hash,
                                          "registered_at": user.registered_at, "roles": list(user.roles)},
                                         session=self._session)
        except DuplicateKeyError as exc:
            raise EmailTaken(user.email) from exc

    async def get(self, user_id: str) -> User | None:
        doc = await self._users.find_one({"_id": user_id}, session=self._session)
        return user_from_doc(doc) if doc else None

    async def add_role(self, email: str, role: str) -> User | None:
        doc = await self._users.find_one_and_update({"email": email}, {"$addToSet": {"roles": role}},
                                                    return_document=ReturnDocument.AFTER, session=self._session)
        return user_from_doc(doc) if doc else None

    async def delete(self, user_id: str) -> None:
        await self._users.delete_one({"_id": user_id}, session=self._session)


class ProfileRepository:
    def __init__(self, tx: Transaction) -> None:
        self._profiles = tx.db[PROFILES]
        self._session = tx.session

    async def add(self, profile: Profile) -> None:
        await self._profiles.insert_one(_profile_doc(profile), session=self._session)

    async def get(self, user_id: str) -> Profile | None:
        doc = await self._profiles.find_one({"_id": user_id}, session=self._session)
        return profile_from_doc(doc) if doc else None

    async def save(self, profile: Profile) -> None:
        await replace_versioned(self._profiles, _profile_doc(profile), session=self._session)

    async def delete(self, user_id: str) -> None:
        await self._profiles.delete_one({"_id": user_id}, session=self._session)


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
