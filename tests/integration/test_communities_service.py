"""The communities service against the real broker, database and Redis."""
from __future__ import annotations

import pytest
from communities.entrypoints.app import CommunitiesSettings, create_app
from contracts.envelope import encode
from contracts.events import UserErased
from servicekit.ids import new_id

from contracts import topics
from tests.support.apps import PROBLEM, is_problem, running, wait_until
from tests.support.kafka import data_of, headers_of, produce_raw, read_topic
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()


@pytest.fixture(scope="module")
async def communities(infra):
    app = create_app(CommunitiesSettings(mongo_db="communities_it"))
    async with running(app, ISSUER) as client:
        yield client


def as_(user_id: str, **extra: str) -> dict[str, str]:
    return {**ISSUER.headers(user_id), **extra}


def new_community(**overrides) -> dict:
    body = {"name": f"Space makers {new_id()[-12:]}", "description": "Small satellites and their makers.",
            "visibility": "public", "descriptors": ["s3:aerospace"]}
    body.update(overrides)
    return body


async def create(client, owner: str, **overrides) -> dict:
    response = await client.post("/communities", json=new_community(**overrides), headers=as_(owner))
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_makes_the_caller_owner_and_publishes_both_events(communities, infra):
    owner = new_id()
    response = await communities.post("/communities", json=new_community(visibility="private"), headers=as_(owner))
    assert response.status_code == 201, response.text
    community = response.json()
    assert response.headers["etag"] == '"v1"'
    assert community["owner_id"] == owner and community["member_count"] == 1
    assert community["membership"]["role"] == "owner" and community["membership"]["status"] == "active"

    created = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_COMMUNITY,
                               lambda r: r.key == community["id"].encode())
    assert headers_of(created[0])["ce_type"] == "communities.community.created.v1"
    assert headers_of(created[0])["ce_source"] == "/communities"
    assert data_of(created[0])["visibility"] == "private" and data_of(created[0])["owner_id"] == owner
    joined = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
                              lambda r: r.key == community["id"].encode())
    assert headers_of(joined[0])["ce_type"] == "communities.membership.changed.v1"
    assert {k: data_of(joined[0])[k] for k in ("user_id", "role", "status", "community_visibility")} == {
        "user_id": owner, "role": "owner", "status": "active", "community_visibility": "private"}


async def test_unknown_descriptors_are_a_422_problem_listing_them(communities):
    response = await communities.post(
        "/communities", json=new_community(descriptors=["s3:aerospace", "s3:atlantis", "nace:ZZ"]),
        headers=as_(new_id()))
    assert is_problem(response, 422)
    assert response.json()["unknown_descriptors"] == ["s3:atlantis", "nace:ZZ"]


@pytest.mark.parametrize("body", [
    {}, {"name": "ab", "visibility": "public", "descriptors": ["s3:aerospace"]},
    {"name": "Valid name", "visibility": "secret", "descriptors": ["s3:aerospace"]},
    {"name": "Valid name", "visibility": "public", "descriptors": []},
    "not json at all",
])
async def test_bad_input_is_4xx_problem(communities, body):
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = await communities.post("/communities", headers=as_(new_id()), **kwargs)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith(PROBLEM)


async def test_every_endpoint_needs_a_signed_in_caller(communities):
    assert is_problem(await communities.get("/communities"), 401)
    assert is_problem(await communities.get("/communities", headers=TestIssuer().headers(new_id())), 401)


async def test_names_are_unique_regardless_of_case(communities):
    community = await create(communities, new_id())
    again = await communities.post("/communities", json=new_community(name=f"  {community['name'].upper()} "),
                                   headers=as_(new_id()))
    assert is_problem(again, 409)


async def test_private_community_is_listed_but_its_content_is_for_members(communities):
    owner, outsider = new_id(), new_id()
    marker = new_id()[-12:]
    private = await create(communities, owner, visibility="private", description=f"hidden {marker}")
    public = await create(communities, owner, description=f"open {marker}")
    await communities.post(f"/communities/{private['id']}/posts", json={"title": "Secret", "body": "Plans"},
                           headers=as_(owner))

    async def listed(user: str, **params) -> set[str]:
        page = await communities.get("/communities", params={"text": marker, **params}, headers=as_(user))
        assert page.status_code == 200
        return {c["id"] for c in page.json()["items"]}

    assert await listed(outsider) == {public["id"], private["id"]}
    assert await listed(owner) == {public["id"], private["id"]}
    assert await listed(outsider, mine="true") == set()
    url = f"/communities/{private['id']}"
    seen = await communities.get(url, headers=as_(outsider))
    assert seen.status_code == 200 and seen.json()["member_count"] == 1 and seen.json()["membership"] is None
    for response in (await communities.get(f"{url}/members", headers=as_(outsider)),
                     await communities.get(f"{url}/posts", headers=as_(outsider)),
                     await communities.post(f"{url}/posts", json={"title": "Hi", "body": "there"},
                                            headers=as_(outsider)),
                     await communities.patch(url, json={"description": "mine now"},
                                             headers=as_(outsider, **{"If-Match": '"v1"'}))):
        assert is_problem(response, 403), response.text
    # A request to join is not membership: still no content.
    assert (await communities.post(f"{url}/members", headers=as_(outsider))).json()["status"] == "pending"
    assert is_problem(await communities.get(f"{url}/posts", headers=as_(outsider)), 403)


async def test_get_shows_member_count_and_my_membership(communities):
    owner, member, visitor = new_id(), new_id(), new_id()
    community = await create(communities, owner)
    url = f"/communities/{community['id']}"
    await communities.post(f"{url}/members", headers=as_(member))
    seen_by_member = await communities.get(url, headers=as_(member))
    assert seen_by_member.status_code == 200 and seen_by_member.headers["etag"] == '"v1"'
    assert seen_by_member.json()["member_count"] == 2
    assert seen_by_member.json()["membership"]["role"] == "member"
    seen_by_visitor = (await communities.get(url, headers=as_(visitor))).json()
    assert seen_by_visitor["membership"] is None and seen_by_visitor["member_count"] == 2


async def test_join_and_leave_a_public_community(communities, infra):
    owner, member = new_id(), new_id()
    community = await create(communities, owner)
    url = f"/communities/{community['id']}/members"
    joined = await communities.post(url, headers=as_(member))
    assert joined.status_code == 201 and joined.json()["status"] == "active" and joined.json()["role"] == "member"
    assert is_problem(await communities.post(url, headers=as_(member)), 409)
    assert is_problem(await communities.post(url, headers=as_(owner)), 409)
    members = (await communities.get(url, headers=as_(new_id()))).json()["items"]
    assert [(m["user_id"], m["role"]) for m in members] == [(owner, "owner"), (member, "member")]

    assert (await communities.delete(f"{url}/me", headers=as_(member))).status_code == 204
    assert is_problem(await communities.delete(f"{url}/me", headers=as_(member)), 404)
    assert is_problem(await communities.delete(f"{url}/me", headers=as_(owner)), 409)  # the last owner
    assert (await communities.post(url, headers=as_(member))).json()["status"] == "active"  # welcome back

    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
                               lambda r: r.key == community["id"].encode(), count=4)
    assert [(data_of(r)["user_id"], data_of(r)["status"]) for r in records] == [
        (owner, "active"), (member, "active"), (member, "left"), (member, "active")]
    assert all(data_of(r)["community_visibility"] == "public" for r in records)


async def test_private_community_requests_are_decided_by_owner_and_moderators(communities, infra):
    owner, moderator, applicant, rejected, outsider = (new_id() for _ in range(5))
    community = await create(communities, owner, visibility="private")
    base = f"/communities/{community['id']}"
    # Only a member can be made moderator; the owner lets the future moderator in first.
    assert (await communities.post(f"{base}/members", headers=as_(moderator))).json()["status"] == "pending"
    assert is_problem(await communities.put(f"{base}/members/{moderator}/role", json={"role": "moderator"},
                                            headers=as_(owner)), 409)  # not active yet
    let_in = await communities.post(f"{base}/members/{moderator}/approve", headers=as_(owner))
    assert let_in.json()["status"] == "active"
    promoted = await communities.put(f"{base}/members/{moderator}/role", json={"role": "moderator"},
                                     headers=as_(owner))
    assert promoted.status_code == 200 and promoted.json()["role"] == "moderator"

    for user in (applicant, rejected):
        joined = await communities.post(f"{base}/members", headers=as_(user))
        assert joined.status_code == 201 and joined.json()["status"] == "pending"
    assert is_problem(await communities.post(f"{base}/members", headers=as_(applicant)), 409)
    pending = await communities.get(f"{base}/members", params={"status": "pending"}, headers=as_(moderator))
    assert {m["user_id"] for m in pending.json()["items"]} == {applicant, rejected}
    # A private community is listed: outsiders and applicants see it but may not decide.
    assert is_problem(await communities.post(f"{base}/members/{applicant}/approve", headers=as_(outsider)), 403)
    assert is_problem(await communities.post(f"{base}/members/{applicant}/approve", headers=as_(applicant)), 403)

    approved = await communities.post(f"{base}/members/{applicant}/approve", headers=as_(moderator))
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    turned_down = await communities.post(f"{base}/members/{rejected}/reject", headers=as_(moderator))
    assert turned_down.json()["status"] == "removed"
    assert is_problem(await communities.post(f"{base}/members/{applicant}/approve", headers=as_(owner)), 409)
    assert is_problem(await communities.post(f"{base}/members/{new_id()}/approve", headers=as_(owner)), 404)

    # A plain member may see the community but not moderate it.
    assert (await communities.get(base, headers=as_(applicant))).json()["member_count"] == 3
    assert is_problem(await communities.get(f"{base}/members", params={"status": "pending"},
                                            headers=as_(applicant)), 403)
    assert is_problem(await communities.post(f"{base}/members/{rejected}/approve", headers=as_(applicant)), 403)
    assert (await communities.get(base, headers=as_(rejected))).json()["membership"]["status"] == "removed"

    # Roles: the owner only; the owner's own role is fixed.
    assert is_problem(await communities.put(f"{base}/members/{applicant}/role", json={"role": "moderator"},
                                            headers=as_(moderator)), 403)
    assert is_problem(await communities.put(f"{base}/members/{owner}/role", json={"role": "member"},
                                            headers=as_(owner)), 409)
    assert (await communities.put(f"{base}/members/{applicant}/role", json={"role": "owner"},
                                  headers=as_(owner))).status_code == 422

    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
                               lambda r: r.key == community["id"].encode(), count=8)
    assert [(data_of(r)["user_id"], data_of(r)["role"], data_of(r)["status"]) for r in records] == [
        (owner, "owner", "active"), (moderator, "member", "pending"), (moderator, "member", "active"),
        (moderator, "moderator", "active"), (applicant, "member", "pending"), (rejected, "member", "pending"),
        (applicant, "member", "active"), (rejected, "member", "removed")]
    assert {data_of(r)["community_visibility"] for r in records} == {"private"}


async def test_revise_needs_if_match_and_a_moderator(communities, infra):
    owner, member = new_id(), new_id()
    community = await create(communities, owner)
    taken = await create(communities, new_id())
    url = f"/communities/{community['id']}"
    await communities.post(f"{url}/members", headers=as_(member))
    assert is_problem(await communities.patch(url, json={"description": "New"}, headers=as_(owner)), 428)
    assert is_problem(await communities.patch(url, json={"description": "New"},
                                              headers=as_(member, **{"If-Match": '"v1"'})), 403)
    assert is_problem(await communities.patch(url, json={"name": taken["name"].lower()},
                                              headers=as_(owner, **{"If-Match": '"v1"'})), 409)
    assert is_problem(await communities.patch(url, json={"descriptors": ["s3:nowhere"]},
                                              headers=as_(owner, **{"If-Match": '"v1"'})), 422)
    ok = await communities.patch(url, json={"description": "New", "visibility": "private"},
                                 headers=as_(owner, **{"If-Match": '"v1"'}))
    assert ok.status_code == 200 and ok.headers["etag"] == '"v2"'
    assert ok.json()["visibility"] == "private" and ok.json()["member_count"] == 2
    assert is_problem(await communities.patch(url, json={"description": "Lost"},
                                              headers=as_(owner, **{"If-Match": '"v1"'})), 412)
    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_COMMUNITY,
                               lambda r: r.key == community["id"].encode(), count=2)
    assert headers_of(records[1])["ce_type"] == "communities.community.updated.v1"
    assert data_of(records[1])["version"] == 2 and data_of(records[1])["visibility"] == "private"


async def test_posts_are_for_members(communities, infra):
    owner, member, visitor = new_id(), new_id(), new_id()
    community = await create(communities, owner)
    url = f"/communities/{community['id']}/posts"
    assert is_problem(await communities.post(url, json={"title": "Hi", "body": "there"}, headers=as_(visitor)), 403)
    assert is_problem(await communities.post(url, json={"title": "", "body": "there"}, headers=as_(owner)), 422)
    await communities.post(f"/communities/{community['id']}/members", headers=as_(member))
    for n in range(3):
        created = await communities.post(url, json={"title": f"Thread {n}", "body": "Let us launch. " * 40},
                                         headers=as_(member))
        assert created.status_code == 201 and created.json()["author_id"] == member

    titles, cursor = [], None
    while True:
        page = (await communities.get(url, params={"limit": 2, **({"cursor": cursor} if cursor else {})},
                                      headers=as_(visitor))).json()
        titles += [p["title"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert titles == ["Thread 2", "Thread 1", "Thread 0"]

    records = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_DISCUSSION,
                               lambda r: data_of(r)["community_id"] == community["id"], count=3)
    assert headers_of(records[0])["ce_type"] == "communities.post.published.v1"
    published = data_of(records[0])
    assert published["author_id"] == member and published["community_visibility"] == "public"
    assert len(published["excerpt"]) <= 280 < len("Let us launch. " * 40)


async def test_list_filters_and_paginates(communities):
    owner = new_id()
    marker = new_id()[-12:]
    for n in range(3):
        await create(communities, owner, name=f"Food circle {marker} {n}", descriptors=["s3:agrifood"])
    await create(communities, owner, name=f"Flight circle {marker}", descriptors=["s3:aerospace"])
    names, cursor = [], None
    while True:
        params = {"text": marker, "descriptor": "s3:agrifood", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await communities.get("/communities", params=params, headers=as_(new_id()))).json()
        names += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert names == [f"Food circle {marker} {n}" for n in (2, 1, 0)]
    mine = (await communities.get("/communities", params={"mine": "true", "text": marker},
                                  headers=as_(owner))).json()["items"]
    assert len(mine) == 4 and all(c["membership"]["role"] == "owner" for c in mine)
    assert (await communities.get("/communities", params={"cursor": "%%%"}, headers=as_(owner))).status_code == 400


async def test_my_membership_tells_callers_about_themselves_only(communities):
    owner, applicant, outsider = new_id(), new_id(), new_id()
    private = await create(communities, owner, visibility="private")
    me = f"/communities/{private['id']}/members/me"
    nowhere = new_id()
    never = await communities.get(me, headers=as_(outsider))
    missing = await communities.get(f"/communities/{nowhere}/members/me", headers=as_(outsider))
    # An outsider never asked: the same answer as for a community that does not exist.
    assert is_problem(never, 404) and is_problem(missing, 404)
    assert never.json()["detail"] == f"You never asked to join community {private['id']}."
    assert missing.json()["detail"] == f"You never asked to join community {nowhere}."
    assert is_problem(await communities.get(me), 401)

    assert (await communities.post(f"/communities/{private['id']}/members", headers=as_(applicant))).status_code == 201
    pending = await communities.get(me, headers=as_(applicant))
    assert pending.status_code == 200
    assert pending.json()["status"] == "pending" and pending.json()["role"] == "member"
    assert set(pending.json()) == {"community_id", "user_id", "role", "status", "since"}  # nothing of the community
    assert (await communities.get(f"/communities/{private['id']}", headers=as_(applicant))).json()[
        "membership"]["status"] == "pending"

    assert (await communities.get(me, headers=as_(owner))).json()["role"] == "owner"
    assert (await communities.delete(me, headers=as_(applicant))).status_code == 204
    assert (await communities.get(me, headers=as_(applicant))).json()["status"] == "left"


async def test_list_filters_by_access_type_showing_closed_ones_only_to_members(communities):
    owner, outsider, marker = new_id(), new_id(), new_id()[-12:]
    await create(communities, owner, name=f"Open circle {marker}")
    await create(communities, owner, name=f"Private circle {marker}", visibility="private")
    await create(communities, owner, name=f"Closed circle {marker}", visibility="closed")

    async def names(caller: str, **params) -> set[str]:
        page = await communities.get("/communities", params={"text": marker, **params}, headers=as_(caller))
        assert page.status_code == 200, page.text
        return {c["name"] for c in page.json()["items"]}

    assert await names(owner, visibility="public") == {f"Open circle {marker}"}
    assert await names(owner, visibility="private") == {f"Private circle {marker}"}
    assert await names(owner, visibility="closed") == {f"Closed circle {marker}"}
    assert await names(outsider, visibility="private") == {f"Private circle {marker}"}
    assert await names(outsider, visibility="closed") == set()
    assert await names(outsider) == {f"Open circle {marker}", f"Private circle {marker}"}
    assert is_problem(await communities.get("/communities", params={"visibility": "secret"},
                                            headers=as_(owner)), 422)


async def test_browsing_by_an_area_finds_communities_about_its_challenges(communities):
    owner, marker = new_id(), new_id()[-12:]
    for tag in ("s3:aerospace", "s3c:aerospace-02", "s3c:agrifood-02"):
        await create(communities, owner, name=f"Circle {tag} {marker}", descriptors=[tag])
    page = await communities.get("/communities", params={"text": marker, "descriptor": "s3:aerospace"},
                                 headers=as_(owner))
    assert {c["name"] for c in page.json()["items"]} == {f"Circle s3:aerospace {marker}",
                                                         f"Circle s3c:aerospace-02 {marker}"}


async def test_user_erasure_ends_memberships_and_anonymises_posts(communities, infra):
    erased, owner, moderator, member = new_id(), new_id(), new_id(), new_id()
    joined_public = await create(communities, owner)
    requested_private = await create(communities, owner, visibility="private")
    owned = await create(communities, erased)
    for community, user in ((joined_public, erased), (requested_private, erased), (owned, member),
                            (owned, moderator)):
        await communities.post(f"/communities/{community['id']}/members", headers=as_(user))
    await communities.put(f"/communities/{owned['id']}/members/{moderator}/role", json={"role": "moderator"},
                          headers=as_(erased))
    post = (await communities.post(f"/communities/{joined_public['id']}/posts",
                                   json={"title": "About me", "body": "Call me."}, headers=as_(erased))).json()

    record = encode(UserErased(user_id=erased), event_id=new_id(), source="/profiles")
    for _ in range(2):  # a redelivery changes nothing more
        await produce_raw(infra.kafka_bootstrap, record.topic, record.value, record.headers, record.key)

    async def anonymised():
        page = (await communities.get(f"/communities/{joined_public['id']}/posts", headers=as_(owner))).json()
        return [p for p in page["items"] if p["id"] == post["id"] and p["author_id"] == "erased-user"]

    assert await wait_until(anonymised, timeout=20)
    public_members = (await communities.get(f"/communities/{joined_public['id']}/members",
                                            headers=as_(owner))).json()["items"]
    assert erased not in {m["user_id"] for m in public_members}
    pending = (await communities.get(f"/communities/{requested_private['id']}/members",
                                     params={"status": "pending"}, headers=as_(owner))).json()["items"]
    assert pending == []
    # The longest-standing moderator takes over the community the erased user owned.
    handed = (await communities.get(f"/communities/{owned['id']}", headers=as_(moderator))).json()
    assert handed["owner_id"] == moderator and handed["membership"]["role"] == "owner"
    assert handed["member_count"] == 2

    removed = await read_topic(
        infra.kafka_bootstrap, topics.COMMUNITIES_MEMBERSHIP,
        lambda r: data_of(r)["user_id"] == erased and data_of(r)["status"] == "removed", count=3)
    assert {(data_of(r)["community_id"], data_of(r)["community_visibility"]) for r in removed} == {
        (joined_public["id"], "public"), (requested_private["id"], "private"), (owned["id"], "public")}
    assert len(removed) == 3
    updated = await read_topic(infra.kafka_bootstrap, topics.COMMUNITIES_COMMUNITY,
                               lambda r: r.key == owned["id"].encode(), count=2)
    assert data_of(updated[1])["owner_id"] == moderator
