"""All integration events, importable from one place so that every event type is
registered wherever any of them is decoded."""
from contracts.events.base import IntegrationEvent, event_class_for, registered_events
from contracts.events.communities import (
    CommunityCreated, CommunityUpdated, CommunityVisibility, MembershipChanged, MembershipRole,
    MembershipStatus, PostPublished,
)
from contracts.events.een import EenInterestReceived, EenOfferClosed, EenOfferSynced
from contracts.events.notifications import NotificationCreated
from contracts.events.profiles import (
    NotificationPreferences, ProfileUpdated, UserErased, UserRegistered,
)
from contracts.events.proposals import (
    InterestAccepted, InterestDeclined, InterestExpressed, ProposalClosed, ProposalKind,
    ProposalPublished, ProposalSource, ProposalUpdated,
)

__all__ = [
    "IntegrationEvent", "event_class_for", "registered_events",
    "CommunityCreated", "CommunityUpdated", "CommunityVisibility", "MembershipChanged",
    "MembershipRole", "MembershipStatus", "PostPublished",
    "EenInterestReceived", "EenOfferClosed", "EenOfferSynced",
    "NotificationCreated",
    "NotificationPreferences", "ProfileUpdated", "UserErased", "UserRegistered",
    "InterestAccepted", "InterestDeclined", "InterestExpressed", "ProposalClosed",
    "ProposalKind", "ProposalPublished", "ProposalSource", "ProposalUpdated",
]
