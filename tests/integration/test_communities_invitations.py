"""Access types, invitations, sub-communities, validation and manager settings against the
real database, broker and Redis."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from communities.adapters.invitations import INVITATIONS
from communities.entrypoints.app import CommunitiesSettings, create_app
from servicekit.auth import ROLE_MEMBER, ROLE_PLATFORM_OPERATOR
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import is_problem, running
from tests.support.kafka import data_of, headers_of, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()
SECRET = "integration-invitation-key"


@pytest.fixture(scope="module")
async def app(infra):
    # Settings made here, once the servers run (they read their addresses from the environment).
    app = create_app(CommunitiesSettings(mongo_db="communities_access_it", periodic_interval_seconds=3600,
                                         public_base_url="https://platform.example.org", invitation_secret=SECRET))
    async with running(app, ISSUER) as client:
        app.state.client = client
        yield app


@pytest.fixture
def client(app):
    return app.state.client


def as_(user_id: str, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id), **extra}


def operator() -> dict[str, str]:
    return ISSUER.headers("operator-" + new_id()[-6:], [ROLE_MEMBER, ROLE_PLATFORM_OPERATOR])


async def create(client, owner: str, headers: dict | None = None, **overrides) -> dict:
    body = {"name": f"Circle {new_id()[-12:]}", "description": "Makers of small satellites.",
            "visibility": "public", "descriptors": ["s3:aerospace"], **overrides}
    response = await client.post("/communities", json=body, headers=headers or as_(owner))
    assert response.status_code == 201, response.text
    return response.json()


def token_of(invitation: dict) -> str:
    return invitation["accept_url"].split("token=", 1)[1]


# -- closed communities -------------------------------------------------------------------------
async def test_a_closed_community_does_not_exist_for_non_members_anywhere(client):
    owner, member, stranger, marker = new_id(), new_id(), new_id(), new_id()[-12:]
    closed = [await create(client, owner, visibility="closed", name=f"Closed {marker} {n}") for n in range(3)]
    shown = [await create(client, owner, visibility=v, name=f"Shown {marker} {v}") for v in ("public", "private")]
    invited = await client.post(f"/communities/{closed[0]['id']}/invitations", json={"user_id": member},
                                headers=as_(owner))
    assert (await client.post(f"/invitations/{invited.json()['id']}/accept", headers=as_(member))).status_code == 200

    async def every_page(user: str, **params) -> list[str]:
        ids, cursor = [], None
        while True:
            page = await client.get("/communities", headers=as_(user),
                                    params={"text": marker, "limit": 1, **params, **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200, page.text
            ids += [c["id"] for c in page.json()["items"]]
            cursor = page.json()["next_cursor"]
            if not cursor:
                return ids

    # Filtered in the query: one per page, and no page (or cursor) for what the caller may not see.
    assert await every_page(stranger) == [shown[1]["id"], shown[0]["id"]]
    assert await every_page(stranger, visibility="closed") == []
    assert set(await every_page(member)) == {shown[0]["id"], shown[1]["id"], closed[0]["id"]}
    assert len(await every_page(owner)) == 5
    url = f"/communities/{closed[1]['id']}"
    for response in (await client.get(url, headers=as_(stranger)), await client.get(f"{url}/members", headers=as_(stranger)),
                     await client.post(f"{url}/members", headers=as_(stranger)),
                     await client.get(f"{url}/posts", headers=as_(stranger)),
                     await client.get(url, headers=operator())):
        assert is_problem(response, 404), response.text
        assert response.json()["detail"] == f"No community {closed[1]['id']}."
    seen = (await client.get(f"/communities/{closed[0]['id']}", headers=as_(member))).json()
    assert seen["member_count"] == 2 and seen["membership"]["status"] == "active"


# -- member invitations ------------------------------------------------------------------------
async def test_a_member_invitation_shows_the_closed_community_to_the_invitee_who_accepts_or_declines(client, infra):
    owner, guest, other, plain = new_id(), new_id(), new_id(), new_id()
    community = await create(client, owner, visibility="closed")
    base = f"/communities/{community['id']}"
    issued = await client.post(f"{base}/invitations", json={"user_id": guest}, headers=as_(owner))
    assert issued.status_code == 201, issued.text
    invitation = issued.json()
    assert invitation["user_id"] == guest and invitation["status"] == "pending" and invitation["accept_url"] is None
    assert is_problem(await client.post(f"{base}/invitations", json={"user_id": guest}, headers=as_(owner)), 409)
    assert is_problem(await client.post(f"{base}/invitations", json={"user_id": guest, "email": "a@b.org"},
                                        headers=as_(owner)), 422)
    assert is_problem(await client.post(f"{base}/invitations", json={"email": "nobody"}, headers=as_(owner)), 422)

    # The invitee sees the community (to accept it), not its content; nobody else sees either.
    seen = await client.get(base, headers=as_(guest))
    assert seen.status_code == 200 and seen.json()["invited"] is True and seen.json()["membership"] is None
    assert is_problem(await client.get(f"{base}/posts", headers=as_(guest)), 403)
    listed = await client.get("/communities", params={"visibility": "closed"}, headers=as_(guest))
    assert community["id"] in {c["id"] for c in listed.json()["items"]}
    mine = (await client.get("/invitations/mine", headers=as_(guest))).json()
    assert [(i["id"], i["community_name"]) for i in mine] == [(invitation["id"], community["name"])]
    assert is_problem(await client.post(f"/invitations/{invitation['id']}/accept", headers=as_(other)), 404)
    assert is_problem(await client.post(f"{base}/members", headers=as_(guest)), 409)  # by invitation only

    declined = await client.post(f"/invitations/{invitation['id']}/decline", headers=as_(guest))
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert is_problem(await client.get(base, headers=as_(guest)), 404)  # nothing live: gone again
    assert (await client.get("/invitations/mine", headers=as_(guest))).json() == []

    again = (await client.post(f"{base}/invitations", json={"user_id": guest}, headers=as_(owner))).json()
    accepted = await client.post(f"/invitations/{again['id']}/accept", headers=as_(guest))
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    assert accepted.json()["role"] == "member"
    assert is_problem(await client.post(f"/invitations/{again['id']}/accept", headers=as_(guest)), 409)
    assert (await client.get(f"{base}/posts", headers=as_(guest))).status_code == 200
    assert is_problem(await client.post(f"{base}/invitations", json={"user_id": guest}, headers=as_(owner)), 409)

    # Only managers invite and see the community's invitations; the invited member cannot.
    await client.post(f"{base}/invitations", json={"user_id": plain}, headers=as_(owner))
    assert is_problem(await client.post(f"{base}/invitations", json={"user_id": other}, headers=as_(guest)), 403)
    assert is_problem(await client.get(f"{base}/invitations", headers=as_(guest)), 403)
    listed = (await client.get(f"{base}/invitations", headers=as_(owner))).json()["items"]
    assert [i["user_id"] for i in listed] == [plain]

    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
                               lambda r: r.key == community["id"].encode()
                               and headers_of(r)["ce_type"] == "communities.invitation.issued.v1", count=3)
    first = data_of(records[0])
    assert (first["user_id"], first["invited_by"], first["community_visibility"]) == (guest, owner, "closed")
    assert first["community_name"] == community["name"] and first["email"] is None


# -- e-mail invitations --------------------------------------------------------------------------
async def test_an_e_mail_link_is_previewed_without_sign_in_and_accepted_once_by_whoever_signs_up(client, infra):
    owner, newcomer, late = new_id(), new_id(), new_id()
    community = await create(client, owner, visibility="private")
    issued = await client.post(f"/communities/{community['id']}/invitations", json={"email": "Ada@Example.org"},
                               headers=as_(owner))
    assert issued.status_code == 201, issued.text
    invitation = issued.json()
    assert invitation["email"] == "ada@example.org"
    assert invitation["accept_url"].startswith("https://platform.example.org/invitations/accept?token=")
    token = token_of(invitation)

    preview = await client.get("/invitations/preview", params={"token": token})  # no sign-in
    assert preview.status_code == 200, preview.text
    assert preview.json()["community_name"] == community["name"] and preview.json()["invited_by"] == owner
    assert is_problem(await client.post("/invitations/accept", json={"token": token}), 401)

    accepted = await client.post("/invitations/accept", json={"token": token}, headers=as_(newcomer))
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["user_id"], accepted.json()["status"]) == (newcomer, "active")
    assert (await client.get(f"/communities/{community['id']}/posts", headers=as_(newcomer))).status_code == 200
    # Single use: the link is spent for everyone, the newcomer included.
    assert is_problem(await client.post("/invitations/accept", json={"token": token}, headers=as_(late)), 409)
    assert is_problem(await client.get("/invitations/preview", params={"token": token}), 410)

    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
                               lambda r: r.key == community["id"].encode()
                               and headers_of(r)["ce_type"] == "communities.invitation.issued.v1")
    assert data_of(records[0])["email"] == "ada@example.org"
    assert token not in str(data_of(records[0]))  # the link never travels on the bus


async def test_tampered_expired_and_revoked_links_are_refused(app, client):
    owner, someone = new_id(), new_id()
    community = await create(client, owner, visibility="closed")
    base = f"/communities/{community['id']}/invitations"
    invitation = (await client.post(base, json={"email": "grace@example.org"}, headers=as_(owner))).json()
    token = token_of(invitation)
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    for bad in (tampered, "x" * 40, "no.signature.here"):
        assert is_problem(await client.get("/invitations/preview", params={"token": bad}), 404)
        assert is_problem(await client.post("/invitations/accept", json={"token": bad}, headers=as_(someone)), 404)

    # Expired: the token carries its expiry (signed), and so does the stored invitation.
    from communities.adapters.invitations import invitation_from_doc
    from communities.domain.invitations import sign_token
    db = app.state.runtime.db
    stored = invitation_from_doc(await db[INVITATIONS].find_one({"_id": invitation["id"]}))
    past = replace(stored, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    expired_token = sign_token(past, SECRET)
    gone = await client.get("/invitations/preview", params={"token": expired_token})
    assert is_problem(gone, 410) and "expired" in gone.json()["detail"]
    assert is_problem(await client.post("/invitations/accept", json={"token": expired_token},
                                        headers=as_(someone)), 410)
    await db[INVITATIONS].update_one({"_id": invitation["id"]}, {"$set": {"expires_at": past.expires_at}})
    assert is_problem(await client.post("/invitations/accept", json={"token": token}, headers=as_(someone)), 410)

    # Revoked: spent.
    live = (await client.post(base, json={"email": "hopper@example.org"}, headers=as_(owner))).json()
    assert is_problem(await client.delete(f"{base}/{live['id']}", headers=as_(someone)), 404)  # closed: not theirs
    assert (await client.delete(f"{base}/{live['id']}", headers=as_(owner))).status_code == 204
    assert is_problem(await client.delete(f"{base}/{live['id']}", headers=as_(owner)), 409)
    assert is_problem(await client.post("/invitations/accept", json={"token": token_of(live)},
                                        headers=as_(someone)), 409)
    assert is_problem(await client.get("/invitations/preview", params={"token": token_of(live)}), 410)
    assert live["id"] not in {i["id"] for i in (await client.get(base, headers=as_(owner))).json()["items"]}


# -- sub-communities -----------------------------------------------------------------------------
async def test_sub_communities_are_made_by_parent_managers_never_wider_and_listed_under_the_parent(client):
    owner, member, stranger = new_id(), new_id(), new_id()
    parent = await create(client, owner, visibility="private")
    await client.post(f"/communities/{parent['id']}/members", headers=as_(member))
    await client.post(f"/communities/{parent['id']}/members/{member}/approve", headers=as_(owner))

    async def sub(user: str, visibility: str):
        return await client.post("/communities", headers=as_(user), json={
            "name": f"Project {new_id()[-12:]}", "visibility": visibility, "descriptors": ["s3:aerospace"],
            "parent_id": parent["id"]})

    assert is_problem(await sub(member, "private"), 403)
    assert is_problem(await sub(stranger, "private"), 403)
    wider = await sub(owner, "public")
    assert is_problem(wider, 409) and "wider" in wider.json()["detail"]
    assert is_problem(await client.post("/communities", headers=as_(owner), json={
        "name": f"Orphan {new_id()[-8:]}", "visibility": "public", "descriptors": ["s3:aerospace"],
        "parent_id": new_id()}), 404)
    private_child = (await sub(owner, "private")).json()
    closed_child = (await sub(owner, "closed")).json()
    assert private_child["parent_id"] == parent["id"]

    seen = (await client.get(f"/communities/{private_child['id']}", headers=as_(stranger))).json()
    assert seen["parent"] == {"id": parent["id"], "name": parent["name"], "visibility": "private"}

    async def children(user: str) -> set[str]:
        page = await client.get("/communities", params={"parent_id": parent["id"]}, headers=as_(user))
        return {c["id"] for c in page.json()["items"]}

    assert await children(owner) == {private_child["id"], closed_child["id"]}  # the owner of both
    assert await children(stranger) == {private_child["id"]}  # a closed one stays invisible

    # Narrowing the parent below a child is refused; a child cannot widen past its parent.
    narrowed = await client.patch(f"/communities/{parent['id']}", json={"visibility": "closed"},
                                  headers=as_(owner, **{"If-Match": '"v1"'}))
    assert is_problem(narrowed, 409) and private_child["name"] in narrowed.json()["detail"]
    widened = await client.patch(f"/communities/{private_child['id']}", json={"visibility": "public"},
                                 headers=as_(owner, **{"If-Match": '"v1"'}))
    assert is_problem(widened, 409)


# -- manager settings and roles ---------------------------------------------------------------
async def test_a_hidden_member_list_is_for_managers_and_authors_can_be_named(client):
    owner, moderator, member = new_id(), new_id(), new_id()
    community = await create(client, owner)
    base = f"/communities/{community['id']}"
    for user in (moderator, member):
        await client.post(f"{base}/members", headers=as_(user))
    assert (await client.put(f"{base}/members/{moderator}/role", json={"role": "moderator"},
                             headers=as_(owner))).status_code == 200
    author = await client.put(f"{base}/members/{member}/role", json={"role": "author"}, headers=as_(owner))
    assert author.status_code == 200 and author.json()["role"] == "author"

    changed = await client.patch(base, json={"members_listed": False, "news_requires_validation": True},
                                 headers=as_(owner, **{"If-Match": '"v1"'}))
    assert changed.status_code == 200, changed.text
    assert (changed.json()["members_listed"], changed.json()["news_requires_validation"]) == (False, True)
    assert is_problem(await client.get(f"{base}/members", headers=as_(member)), 403)
    assert is_problem(await client.get(f"{base}/members", headers=as_(new_id())), 403)
    listed = await client.get(f"{base}/members", headers=as_(moderator))
    assert {m["user_id"] for m in listed.json()["items"]} == {owner, moderator, member}
    assert (await client.get(base, headers=as_(member))).json()["member_count"] == 3  # the count stays


# -- validation by a platform operator ---------------------------------------------------------
async def test_with_validation_required_a_members_community_waits_for_an_operator(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_validation_it", periodic_interval_seconds=3600,
                                         community_validation_required=True))
    async with running(app, ISSUER) as client:
        owner, stranger, marker = new_id(), new_id(), new_id()[-12:]
        desk = operator()
        waiting = await create(client, owner, name=f"Waiting {marker}")
        refused = await create(client, owner, name=f"Refused {marker}")
        assert waiting["status"] == "pending_validation"
        by_operator = await create(client, "", headers=desk, name=f"Operators {marker}")
        assert by_operator["status"] == "active"

        url = f"/communities/{waiting['id']}"
        assert is_problem(await client.get(url, headers=as_(stranger)), 404)
        assert (await client.get(url, headers=as_(owner))).json()["status"] == "pending_validation"
        listed = await client.get("/communities", params={"text": marker}, headers=as_(stranger))
        assert {c["id"] for c in listed.json()["items"]} == {by_operator["id"]}
        mine = await client.get("/communities", params={"text": marker, "mine": "true"}, headers=as_(owner))
        assert {c["id"] for c in mine.json()["items"]} == {waiting["id"], refused["id"]}

        assert is_problem(await client.get("/communities/review-queue", headers=as_(owner)), 403)
        queue = await client.get("/communities/review-queue", headers=desk)
        assert queue.status_code == 200
        assert {waiting["id"], refused["id"]} <= {c["id"] for c in queue.json()["items"]}
        assert by_operator["id"] not in {c["id"] for c in queue.json()["items"]}

        assert is_problem(await client.post(f"{url}/review", json={"outcome": "approved"}, headers=as_(owner)), 403)
        assert is_problem(await client.post(f"/communities/{refused['id']}/review", json={"outcome": "rejected"},
                                            headers=desk), 409)  # a reason is required
        rejected = await client.post(f"/communities/{refused['id']}/review",
                                     json={"outcome": "rejected", "reason": "A duplicate of Space makers."}, headers=desk)
        assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
        assert rejected.json()["review_reason"] == "A duplicate of Space makers."
        approved = await client.post(f"{url}/review", json={"outcome": "approved"}, headers=desk)
        assert approved.status_code == 200 and approved.json()["status"] == "active"
        assert is_problem(await client.post(f"{url}/review", json={"outcome": "approved"}, headers=desk), 409)
        assert (await client.get(url, headers=as_(stranger))).status_code == 200

        records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_COMMUNITY,
                                   lambda r: r.key in (waiting["id"].encode(), refused["id"].encode())
                                   and headers_of(r)["ce_type"] == "communities.community.reviewed.v1", count=2)
        outcomes = {data_of(r)["community_id"]: (data_of(r)["status"], data_of(r)["reason"]) for r in records}
        assert outcomes == {waiting["id"]: ("active", None), refused["id"]: ("rejected", "A duplicate of Space makers.")}
