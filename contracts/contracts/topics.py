"""Kafka topics: one per aggregate, keyed by the aggregate id so that one
aggregate's events stay in order within a partition. A topic is added here with the first
event that uses it (tests/unit/test_contracts_and_plumbing.py checks none is unused)."""

PROFILES_USER = "profiles.user"
PROFILES_PROFILE = "profiles.profile"
COMMUNITIES_COMMUNITY = "communities.community"
COMMUNITIES_MEMBERSHIP = "communities.membership"
# A community's content, one topic per kind, each keyed by the community (or "platform").
COMMUNITIES_DISCUSSION = "communities.discussion"
COMMUNITIES_NEWS = "communities.news"
COMMUNITIES_DOCUMENT = "communities.document"
COMMUNITIES_EVENT = "communities.event"
COMMUNITIES_CONSULTATION = "communities.consultation"
COMMUNITIES_MODERATION = "communities.moderation"
PROPOSALS_PROPOSAL = "proposals.proposal"
PROPOSALS_INTEREST = "proposals.interest"
NOTIFICATIONS_NOTIFICATION = "notifications.notification"
EEN_OFFER = "een.offer"
EEN_INTEREST = "een.interest"
EEN_EXPORT = "een.export"

ALL_TOPICS = (
    PROFILES_USER, PROFILES_PROFILE,
    COMMUNITIES_COMMUNITY, COMMUNITIES_MEMBERSHIP,
    COMMUNITIES_DISCUSSION, COMMUNITIES_NEWS, COMMUNITIES_DOCUMENT, COMMUNITIES_EVENT, COMMUNITIES_CONSULTATION,
    COMMUNITIES_MODERATION,
    PROPOSALS_PROPOSAL, PROPOSALS_INTEREST,
    NOTIFICATIONS_NOTIFICATION,
    EEN_OFFER, EEN_INTEREST, EEN_EXPORT,
)


def dead_letter_topic(topic: str, consumer_group: str) -> str:
    """Each consumer group has its own dead-letter topic per source topic, so one
    group's poison messages never hide or block another's."""
    return f"{topic}.dlq.{consumer_group}"
