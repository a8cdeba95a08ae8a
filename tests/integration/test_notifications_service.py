"""The notifications service against the real broker, database and Redis, fed with
real CloudEvents records as its producers would publish them."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts import topics
from contracts.envelope import encode
from contracts.events import (
    CommunityVisibility, InterestAccepted, InterestDeclined, InterestExpressed, MembershipChanged, MembershipRole,
    MembershipStatus, NotificationPreferences, PostPublished, ProfileUpdated, ProposalKind, ProposalPublished,
    ProposalSource, UserErased,
)
from contracts.taxonomy import load_taxonomy
from notifications.entrypoints.app import NotificationsSettings, create_app
from servicekit.ids import new_id
from tests.support.apps import running
from tests.support.kafka import data_of, headers_of, produce_raw, read_topic
from tests.support.notifications import deliver, handled
from tests.support.tokens import TestIssuer

pytestmark = pytest.mark.asyncio

ISSUER = TestIssuer()


@pytest.fixture(scope="module")
async def notifications(infra):
    app = create_app(NotificationsSettings(mongo_db="notifications_it"))
    async with running(app, ISSUER) as client:
        yield client


def profile_event(user_id: str, *interests: str, version: int = 1, **prefs: bool) -> ProfileUpdated:
    return ProfileUpdated(user_id=user_id, version=version, display_name=f"Member {user_id[-4:]}",
                          interests=list(interests), notification_preferences=NotificationPreferences(**prefs),
                          taxonomy_version=load_taxonomy().version)


def proposal_event(owner_id: str | None, *descriptors: str,
                   title: str = "Urban air mobility pilots") -> ProposalPublished:
    return ProposalPublished(
        proposal_id=new_id(), version=1, owner_id=owner_id, kind=ProposalKind.TECHNOLOGY_REQUEST, title=title,
        summary="Looking for partners to test drone corridors.", descriptors=list(descriptors),
        source=ProposalSource.LOCAL if owner_id else ProposalSource.EEN, published_at=datetime.now(UTC))


def interest_fields(owner_id: str | None, sender_id: str) -> dict:
    return dict(interest_id=new_id(), proposal_id=new_id(), proposal_title="Drone corridors",
                proposal_owner_id=owner_id, sender_id=sender_id)


async def inbox(client, user_id: str, **params) -> list[dict]:
    response = await client.get("/inbox", params={"limit": 100, **params}, headers=ISSUER.headers(user_id))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def about(client, user_id: str, subject_id: str) -> list[dict]:
    """The member's notifications about one subject (other tests' events may reach them too)."""
    return [n for n in await inbox(client, user_id) if n["subject_id"] == subject_id]


async def test_a_proposal_reaches_members_whose_interests_match(notifications, infra):
    kafka = infra.kafka_bootstrap
    owner, area_fan, challenge_fan, other, opted_out = (new_id() for _ in range(5))
    for event in (profile_event(owner, "s3:aerospace"), profile_event(area_fan, "s3:aerospace"),
                  profile_event(challenge_fan, "s3c:aerospace-03", "s3:agrifood"),
                  profile_event(other, "s3:agrifood", "s3c:aerospace-01"),
                  profile_event(opted_out, "s3:aerospace", proposals=False)):
        await deliver(kafka, event, source="/profiles")
    proposal = proposal_event(owner, "s3c:aerospace-03")
    await deliver(kafka, proposal, source="/proposals")

    for member in (area_fan, challenge_fan):
        [notification] = await about(notifications, member, proposal.proposal_id)
        assert notification["kind"] == "proposal.matched" and notification["subject_type"] == "proposal"
        assert notification["id"] == f"proposal.matched:{proposal.proposal_id}:{member}"
        assert proposal.title in notification["title"] and notification["read_at"] is None
    for member in (owner, other, opted_out):
        assert await about(notifications, member, proposal.proposal_id) == []

    prefix = f"proposal.matched:{proposal.proposal_id}:"
    # Members other test modules left in the shared topics may match too: look at ours.
    ours = {owner, area_fan, challenge_fan, other, opted_out}
    records = await read_topic(kafka, topics.NOTIFICATIONS_NOTIFICATION,
                               lambda r: data_of(r)["notification_id"].startswith(prefix)
                               and r.key.decode() in ours, count=2)
    assert sorted(r.key.decode() for r in records) == sorted([area_fan, challenge_fan])
    assert {headers_of(r)["ce_type"] for r in records} == {"notifications.notification.created.v1"}
    assert {headers_of(r)["ce_source"] for r in records} == {"/notifications"}


async def test_een_proposals_have_no_owner_and_still_reach_members(notifications, infra):
    fan = new_id()
    await deliver(infra.kafka_bootstrap, profile_event(fan, "nace:C"), source="/profiles")
    proposal = proposal_event(None, "nace:28", title="Precision gears wanted (EEN)")
    await deliver(infra.kafka_bootstrap, proposal, source="/proposals")
    assert len(await about(notifications, fan, proposal.proposal_id)) == 1


async def test_a_stale_profile_version_is_ignored(notifications, infra):
    kafka = infra.kafka_bootstrap
    member = new_id()
    await deliver(kafka, profile_event(member, "s3:agrifood", version=2), source="/profiles")
    await deliver(kafka, profile_event(member, "s3:aerospace", version=1), source="/profiles")  # late, older

    aerospace = proposal_event(new_id(), "s3:aerospace")
    agrifood = proposal_event(new_id(), "s3:agrifood")
    await deliver(kafka, aerospace, source="/proposals")
    await deliver(kafka, agrifood, source="/proposals")
    assert await about(notifications, member, aerospace.proposal_id) == []
    assert len(await about(notifications, member, agrifood.proposal_id)) == 1


async def test_redelivered_or_republished_events_never_double_a_notification(notifications, infra):
    kafka = infra.kafka_bootstrap
    member = new_id()
    await deliver(kafka, profile_event(member, "s3:life-sciences"), source="/profiles")
    proposal = proposal_event(new_id(), "s3:life-sciences")
    record = encode(proposal, event_id=new_id(), source="/proposals")
    await produce_raw(kafka, record.topic, record.value, record.headers, record.key)  # the original
    await produce_raw(kafka, record.topic, record.value, record.headers, record.key)  # redelivered: same ce_id
    last = await produce_raw(kafka, record.topic, record.value, {**record.headers, "ce_id": new_id()}, record.key)
    await handled(kafka, record.topic, *last)  # re-published by the producer: a new ce_id

    assert len(await about(notifications, member, proposal.proposal_id)) == 1
    notification_id = f"proposal.matched:{proposal.proposal_id}:{member}"
    events = await read_topic(kafka, topics.NOTIFICATIONS_NOTIFICATION,
                              lambda r: data_of(r)["notification_id"] == notification_id, count=2, timeout=3)
    assert len(events) == 1
    # Skipped, not failed: no copy ended up as a dead letter (they are written before the commit).
    assert not await read_topic(kafka, f"{topics.PROPOSALS_PROPOSAL}.dlq.notifications",
                                lambda r: r.key == proposal.proposal_id.encode(), timeout=3)


async def test_interest_notifications_reach_owner_then_sender(notifications, infra):
    kafka = infra.kafka_bootstrap
    owner, sender, quiet_owner = new_id(), new_id(), new_id()
    await deliver(kafka, profile_event(quiet_owner, interests=False), source="/profiles")
    expressed = InterestExpressed(**interest_fields(owner, sender), message="We operate drone test sites.")
    silenced = InterestExpressed(**interest_fields(quiet_owner, sender), message="Hello")
    from_een = InterestExpressed(**interest_fields(None, sender), message="Hello")
    for event in (expressed, silenced, from_een):
        await deliver(kafka, event, source="/proposals")

    [received] = await inbox(notifications, owner)
    assert received["kind"] == "interest.received" and received["subject_id"] == expressed.interest_id
    assert received["body"] == "We operate drone test sites." and received["subject_type"] == "interest"
    assert await inbox(notifications, quiet_owner) == []
    assert await inbox(notifications, sender) == []  # senders hear only of answers

    accepted_fields = {k: v for k, v in expressed.model_dump().items() if k != "message"}
    await deliver(kafka, InterestAccepted(**accepted_fields), source="/proposals")
    declined = InterestDeclined(**interest_fields(new_id(), sender), reason="We found a partner.")
    await deliver(kafka, declined, source="/proposals")
    answers = await inbox(notifications, sender)
    assert [(n["kind"], n["subject_id"]) for n in answers] == [
        ("interest.declined", declined.interest_id), ("interest.accepted", expressed.interest_id)]  # newest first
    assert answers[0]["body"] == "We found a partner."


async def test_an_een_partner_interest_names_them_and_their_answer_notifies_nobody(notifications, infra):
    kafka, owner = infra.kafka_bootstrap, new_id()
    partner = f"een:pod-{new_id()}"
    expressed = InterestExpressed(**interest_fields(owner, partner), message="We machine titanium brackets.",
                                  sender_organisation="Acme Aero GmbH", sender_country="DE")
    await deliver(kafka, expressed, source="/proposals")
    [received] = await about(notifications, owner, expressed.interest_id)
    assert received["kind"] == "interest.received" and received["body"] == "We machine titanium brackets."
    assert received["title"] == ("Acme Aero GmbH (DE), through the Enterprise Europe Network, "
                                 "is interested in your proposal “Drone corridors”")

    # The answers go back through the POD (the een-bridge's job): no member to notify here.
    accepted = InterestAccepted(**interest_fields(owner, partner) | {"interest_id": expressed.interest_id})
    declined = InterestDeclined(**interest_fields(owner, f"een:pod-{new_id()}"), reason="We found a partner.")
    for event in (accepted, declined):
        await deliver(kafka, event, source="/proposals")
    answered = (f"interest.accepted:{accepted.interest_id}:", f"interest.declined:{declined.interest_id}:")
    assert not await read_topic(kafka, topics.NOTIFICATIONS_NOTIFICATION,
                                lambda r: data_of(r)["notification_id"].startswith(answered), timeout=3)
    assert await inbox(notifications, partner) == []
    assert [n["kind"] for n in await inbox(notifications, owner)] == ["interest.received"]


def membership(community_id: str, user_id: str, status: MembershipStatus, at: datetime,
               visibility: CommunityVisibility = CommunityVisibility.PRIVATE,
               role: MembershipRole = MembershipRole.MEMBER, community_name: str | None = None) -> MembershipChanged:
    return MembershipChanged(community_id=community_id, user_id=user_id, role=role, status=status,
                             community_visibility=visibility, changed_at=at, community_name=community_name)


async def test_posts_in_a_private_community_reach_only_its_active_members(notifications, infra):
    kafka = infra.kafka_bootstrap
    community, elsewhere = new_id(), new_id()
    author, member, pending, former, opted_out, outsider = (new_id() for _ in range(6))
    t0 = datetime.now(UTC) - timedelta(hours=1)
    await deliver(kafka, profile_event(opted_out, communities=False), source="/profiles")
    for event in (
        membership(community, author, MembershipStatus.ACTIVE, t0),
        membership(community, member, MembershipStatus.ACTIVE, t0),
        membership(community, pending, MembershipStatus.PENDING, t0),
        membership(community, former, MembershipStatus.ACTIVE, t0),
        membership(community, former, MembershipStatus.LEFT, t0 + timedelta(minutes=5)),
        membership(community, former, MembershipStatus.ACTIVE, t0 + timedelta(minutes=1)),  # stale, replayed late
        membership(community, opted_out, MembershipStatus.ACTIVE, t0),
        membership(elsewhere, outsider, MembershipStatus.ACTIVE, t0),
    ):
        await deliver(kafka, event, source="/communities")

    post = PostPublished(post_id=new_id(), community_id=community, community_visibility=CommunityVisibility.PRIVATE,
                         author_id=author, title="Kick-off minutes", excerpt="What we agreed on Monday.",
                         published_at=datetime.now(UTC))
    await deliver(kafka, post, source="/communities")

    [notification] = await about(notifications, member, post.post_id)
    assert notification["kind"] == "community.post" and notification["subject_type"] == "post"
    assert notification["body"] == "What we agreed on Monday."
    for user in (author, pending, former, opted_out, outsider):
        assert await about(notifications, user, post.post_id) == []


async def test_a_request_to_join_reaches_the_moderators_and_the_answer_reaches_the_requester(notifications, infra):
    kafka = infra.kafka_bootstrap
    community = new_id()
    owner, moderator, quiet_moderator, member, carla, dan = (new_id() for _ in range(6))
    t0 = datetime.now(UTC) - timedelta(hours=1)

    def change(user_id: str, status: MembershipStatus, minutes: int, role=MembershipRole.MEMBER):
        return membership(community, user_id, status, t0 + timedelta(minutes=minutes), role=role,
                          community_name="Space robotics")

    await deliver(kafka, profile_event(carla), source="/profiles")
    await deliver(kafka, profile_event(quiet_moderator, communities=False), source="/profiles")
    for event in (change(owner, MembershipStatus.ACTIVE, 0, MembershipRole.OWNER),
                  change(member, MembershipStatus.ACTIVE, 1),
                  change(moderator, MembershipStatus.ACTIVE, 1),
                  change(moderator, MembershipStatus.ACTIVE, 2, MembershipRole.MODERATOR),  # promoted
                  change(quiet_moderator, MembershipStatus.ACTIVE, 2, MembershipRole.MODERATOR)):
        await deliver(kafka, event, source="/communities")

    request = change(carla, MembershipStatus.PENDING, 3)
    record = encode(request, event_id=new_id(), source="/communities")
    await produce_raw(kafka, record.topic, record.value, record.headers, record.key)
    await handled(kafka, record.topic, *await produce_raw(  # re-published: a new ce_id, the same request
        kafka, record.topic, record.value, {**record.headers, "ce_id": new_id()}, record.key))
    for user in (owner, moderator):
        [asked] = await about(notifications, user, community)
        assert asked["kind"] == "community.join_requested" and asked["subject_type"] == "community"
        assert asked["title"] == f"Member {carla[-4:]} asked to join “Space robotics”"
    for user in (quiet_moderator, member, carla):
        assert await about(notifications, user, community) == []

    await deliver(kafka, change(carla, MembershipStatus.ACTIVE, 4), source="/communities")  # approved
    [approved] = await about(notifications, carla, community)
    assert approved["kind"] == "community.join_approved" and "Space robotics" in approved["title"]

    await deliver(kafka, change(dan, MembershipStatus.PENDING, 5), source="/communities")
    await deliver(kafka, change(dan, MembershipStatus.REMOVED, 6), source="/communities")  # declined
    [declined] = await about(notifications, dan, community)
    assert declined["kind"] == "community.join_declined"
    assert "Space robotics" not in declined["title"] + declined["body"]  # not a member: no private name
    assert sorted(n["title"].split(" asked")[0] for n in await about(notifications, owner, community)) == sorted(
        [f"Member {carla[-4:]}", "Someone"])  # two requests, two notifications; dan's profile is unknown here
    # Nobody else heard of the answers.
    assert [n["kind"] for n in await about(notifications, moderator, community)] == ["community.join_requested"] * 2


async def test_inbox_read_and_unread(notifications, infra):
    kafka = infra.kafka_bootstrap
    owner, stranger = new_id(), new_id()
    interests = [InterestExpressed(**interest_fields(owner, new_id()), message=f"Message {n}") for n in range(3)]
    for event in interests:
        await deliver(kafka, event, source="/proposals")
    me = ISSUER.headers(owner)

    assert (await notifications.get("/inbox/unread-count", headers=me)).json() == {"unread": 3}
    first = await notifications.get("/inbox", params={"limit": 2}, headers=me)
    second = await notifications.get("/inbox", params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=me)
    assert second.json()["next_cursor"] is None
    listed = [n["subject_id"] for n in first.json()["items"] + second.json()["items"]]
    assert listed == [i.interest_id for i in reversed(interests)]  # newest first, across pages

    newest = first.json()["items"][0]["id"]
    assert (await notifications.post(f"/inbox/{newest}/read", headers=ISSUER.headers(stranger))).status_code == 404
    missing = await notifications.post("/inbox/interest.received:nope:nobody/read", headers=me)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
    read = await notifications.post(f"/inbox/{newest}/read", headers=me)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    again = await notifications.post(f"/inbox/{newest}/read", headers=me)
    assert again.json()["read_at"] == read.json()["read_at"]

    assert (await notifications.get("/inbox/unread-count", headers=me)).json() == {"unread": 2}
    unread = await inbox(notifications, owner, unread="true")
    assert [n["subject_id"] for n in unread] == [i.interest_id for i in reversed(interests[:2])]
    marked = await notifications.post("/inbox/read-all", headers=me)
    assert marked.json() == {"marked_read": 2}
    assert (await notifications.get("/inbox/unread-count", headers=me)).json() == {"unread": 0}
    assert await inbox(notifications, owner, unread="true") == []
    assert len(await inbox(notifications, owner)) == 3


async def test_inbox_needs_a_token_and_valid_parameters(notifications):
    assert (await notifications.get("/inbox")).status_code == 401
    assert (await notifications.post("/inbox/read-all")).status_code == 401
    me = ISSUER.headers(new_id())
    bad_cursor = await notifications.get("/inbox", params={"cursor": "%%%"}, headers=me)
    assert bad_cursor.status_code == 400
    assert bad_cursor.headers["content-type"].startswith("application/problem+json")
    assert (await notifications.get("/inbox", params={"limit": 0}, headers=me)).status_code == 422
    assert (await notifications.get("/inbox", params={"unread": "perhaps"}, headers=me)).status_code == 422


async def test_erasure_empties_the_inbox_and_is_final(notifications, infra):
    kafka = infra.kafka_bootstrap
    member = new_id()
    await deliver(kafka, profile_event(member, "s3:smart-communities"), source="/profiles")
    await deliver(kafka, proposal_event(new_id(), "s3:smart-communities"), source="/proposals")
    assert len(await inbox(notifications, member)) >= 1

    await deliver(kafka, UserErased(user_id=member), source="/profiles")
    assert await inbox(notifications, member) == []
    # A profile event that was still in flight must not bring the member back.
    await deliver(kafka, profile_event(member, "s3:smart-communities", version=5), source="/profiles")
    later = proposal_event(new_id(), "s3:smart-communities")
    await deliver(kafka, later, source="/proposals")
    assert await about(notifications, member, later.proposal_id) == []


async def test_a_poison_event_is_dead_lettered_and_the_next_one_still_handled(notifications, infra):
    kafka = infra.kafka_bootstrap
    member = new_id()
    await deliver(kafka, profile_event(member, "s3:eco-industry"), source="/profiles")
    poison_id = new_id()
    headers = {"ce_id": poison_id, "ce_source": "/proposals", "ce_type": "proposals.proposal.published.v1",
               "ce_specversion": "1.0", "ce_time": datetime.now(UTC).isoformat(), "ce_subject": "poison",
               "content-type": "application/json"}
    await produce_raw(kafka, topics.PROPOSALS_PROPOSAL, b"{not json", headers, b"poison")
    good = proposal_event(new_id(), "s3:eco-industry")
    await deliver(kafka, good, source="/proposals")

    assert len(await about(notifications, member, good.proposal_id)) == 1
    dead = await read_topic(kafka, f"{topics.PROPOSALS_PROPOSAL}.dlq.notifications",
                            lambda r: headers_of(r).get("ce_id") == poison_id)
    assert dead and dead[0].value == b"{not json"
    assert headers_of(dead[0])["dlq_reason"] and headers_of(dead[0])["dlq_error_type"] == "MalformedEvent"
