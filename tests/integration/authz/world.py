"""One world of the authorisation matrix per access type: a community of that access type,
created by its owner through the API, and one user for each actor in the state ACTORS names
(see matrix.py). `World` is the `Env` fixtures and body builders get.

Everything is made through the public API, as the owner or the actor would. Where a route
the world needs does not exist yet (another capability still being built), the world falls
back to the nearest honest state and says so in `notes` (printed with the matrix), so the
matrix runs all the same and the report shows what it could not set up:
- closed community members: invited and accepted (`POST /communities/{id}/invitations`,
  `POST /invitations/{id}/accept`); without invitations, seeded as active members directly
  in the communities database (the state an accepted invitation leaves);
- invited: holds a live invitation; without invitations, a plain non-member;
- author: `PUT …/members/{user}/role {"role": "author"}`; if refused, seeded in the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id

from tests.integration.authz.matrix import ACTORS
from tests.support.tokens import TestIssuer

MEMBERS = ("member", "author", "moderator")


@dataclass
class World:
    access: str
    community_id: str
    client: httpx.AsyncClient
    issuer: TestIssuer
    users: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    invitation_ids: dict[str, str] = field(default_factory=dict)
    _headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def user(self, actor: str) -> str:
        if actor == "anonymous":
            raise KeyError("the anonymous actor has no user id")
        return self.users[actor]

    def headers(self, actor: str) -> dict[str, str]:
        """Tokens are made once per actor (they live 15 minutes: longer than the matrix)."""
        if actor == "anonymous":
            return {}
        if actor not in self._headers:
            roles = [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR] if actor == "operator" else None
            self._headers[actor] = self.issuer.headers(self.users[actor], roles)
        return self._headers[actor]

    def fork(self) -> World:
        """The same world with its own copy of the fixture ids (a fresh row's cell makes its
        own content without changing what the other cells use)."""
        return World(access=self.access, community_id=self.community_id, client=self.client, issuer=self.issuer,
                     users=self.users, ids=dict(self.ids), notes=self.notes, invitation_ids=self.invitation_ids,
                     _headers=self._headers)


def _ok(response: httpx.Response, *statuses: int) -> bool:
    return response.status_code in (statuses or (200, 201, 204))


async def _seed_membership(db: AsyncDatabase | None, community_id: str, user_id: str, role: str) -> None:
    """The document an accepted invitation or a role change leaves (communities' memberships
    collection, as `adapters/repository.py` stores a Membership)."""
    if db is None:
        raise AssertionError(f"could not make {user_id} a {role} of {community_id} through the API")
    now = datetime.now(UTC)
    existing = await db["memberships"].find_one({"community_id": community_id, "user_id": user_id})
    if existing is None:
        await db["memberships"].insert_one({"_id": new_id(), "community_id": community_id, "user_id": user_id,
                                           "role": role, "status": "active", "since": now, "version": 1})
    else:
        await db["memberships"].update_one({"_id": existing["_id"]},
                                           {"$set": {"role": role, "status": "active", "since": now},
                                            "$inc": {"version": 1}})


async def _invite(world: World, actor: str) -> httpx.Response:
    return await world.client.post(f"/communities/{world.community_id}/invitations",
                                   json={"user_id": world.user(actor)}, headers=world.headers("owner"))


async def _make_member(world: World, db: AsyncDatabase | None, actor: str) -> None:
    path = f"/communities/{world.community_id}"
    if world.access == "public":
        joined = await world.client.post(f"{path}/members", headers=world.headers(actor))
        assert _ok(joined, 201), joined.text
    elif world.access == "private":
        joined = await world.client.post(f"{path}/members", headers=world.headers(actor))
        assert _ok(joined, 201), joined.text
        approved = await world.client.post(f"{path}/members/{world.user(actor)}/approve",
                                           headers=world.headers("owner"))
        assert _ok(approved, 200), approved.text
    else:
        invited = await _invite(world, actor)
        accepted = None
        if _ok(invited, 201):
            accepted = await world.client.post(f"/invitations/{invited.json()['id']}/accept",
                                               headers=world.headers(actor))
        if accepted is None or not _ok(accepted, 200, 201):
            got = invited.status_code if accepted is None else f"accept {accepted.status_code}"
            world.notes.append(f"closed: {actor} seeded as an active member (invitations answered {got})")
            await _seed_membership(db, world.community_id, world.user(actor), "member")


async def _give_role(world: World, db: AsyncDatabase | None, actor: str, role: str) -> None:
    response = await world.client.put(f"/communities/{world.community_id}/members/{world.user(actor)}/role",
                                      json={"role": role}, headers=world.headers("owner"))
    if not _ok(response, 200):
        world.notes.append(f"{world.access}: {actor} given the role {role} in the database "
                           f"(PUT …/role answered {response.status_code})")
        await _seed_membership(db, world.community_id, world.user(actor), role)


async def _create(world: World, access: str) -> str:
    created = await world.client.post("/communities", headers=world.headers("owner"), json={
        "name": f"Matrix {access} {new_id()[-10:]}", "description": "The authorisation matrix's community.",
        "visibility": access, "descriptors": ["s3:aerospace"]})
    assert created.status_code == 201, created.text
    status = created.json().get("status")
    if status not in (None, "active"):
        world.notes.append(f"{access}: the community is {status} (validation required?)")
    return created.json()["id"]


async def populate(world: World, db: AsyncDatabase | None) -> None:
    """An actor of each kind in the world's community (created already): members, author,
    moderator, a pending request (private), a live invitation for `invited`."""
    for actor in MEMBERS:
        await _make_member(world, db, actor)
    await _give_role(world, db, "moderator", "moderator")
    await _give_role(world, db, "author", "author")
    if world.access == "private":
        asked = await world.client.post(f"/communities/{world.community_id}/members",
                                        headers=world.headers("pending"))
        assert _ok(asked, 201), asked.text
    invited = await _invite(world, "invited")
    if _ok(invited, 201):
        world.invitation_ids["invited"] = invited.json()["id"]
    else:
        world.notes.append(f"{world.access}: 'invited' holds no invitation (POST …/invitations answered "
                           f"{invited.status_code}): it is a plain non-member")


async def build_world(client: httpx.AsyncClient, db: AsyncDatabase, issuer: TestIssuer, access: str) -> World:
    users = {actor: new_id() for actor in ACTORS if actor != "anonymous"}
    world = World(access=access, community_id="", client=client, issuer=issuer, users=users)
    world.community_id = await _create(world, access)
    await populate(world, db)
    return world


async def twin_of(env: World) -> World:
    """A new community of the same access type with the same actors in the same states, for
    rows that change an actor's membership (join, leave, accept...): the world's own
    community stays as every other row expects it. Its invitation ids are its own."""
    twin = World(access=env.access, community_id="", client=env.client, issuer=env.issuer, users=env.users,
                 notes=env.notes, _headers=env._headers)
    twin.community_id = await _create(twin, env.access)
    await populate(twin, None)
    return twin
