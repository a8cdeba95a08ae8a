"""All integration events, importable from one place so that every event type is
registered wherever any of them is decoded."""
from contracts.events.base import IntegrationEvent, event_class_for, registered_events
from contracts.events.communities import (
    CommunityCreated, CommunityReviewed, CommunityStatus, CommunityUpdated, CommunityVisibility, InvitationIssued,
    MembershipChanged, MembershipRole, MembershipStatus, PostPublished,
)
from contracts.events.community_content import (
    PLATFORM_SCOPE, ConsultationClosed, ConsultationOpened, ContentKind, ContentModerated, ContentReported,
    DocumentShared, EventCancelled, EventReminderDue, EventScheduled, ModerationAction, NewsPublished,
    NewsReviewed, NewsReviewOutcome, NewsWithdrawn, RegistrationChanged, RegistrationStatus, ReplyPublished,
)
from contracts.events.een import (
    EenInterestReceived, EenOfferClosed, EenOfferSynced, EenProposalExported, ExportStatus,
)
from contracts.events.notifications import NotificationCreated
from contracts.events.profiles import (
    DEFAULT_LANGUAGE, Language, NotificationPreferences, ProfileUpdated, UserErased, UserRegistered,
)
from contracts.events.proposals import (
    EEN_SENDER_PREFIX, InterestAccepted, InterestDeclined, InterestExpressed, ProposalClosed, ProposalKind,
    ProposalPublished, ProposalSource, ProposalUpdated,
)

__all__ = [
    "IntegrationEvent", "event_class_for", "registered_events",
    "CommunityCreated", "CommunityUpdated", "CommunityVisibility", "MembershipChanged",
    "MembershipRole", "MembershipStatus", "PostPublished", "CommunityReviewed", "CommunityStatus",
    "InvitationIssued",
    "PLATFORM_SCOPE", "ConsultationClosed", "ConsultationOpened", "ContentKind", "ContentModerated",
    "ContentReported", "DocumentShared", "EventCancelled", "EventReminderDue", "EventScheduled", "ModerationAction",
    "NewsPublished", "NewsReviewed", "NewsReviewOutcome", "NewsWithdrawn", "RegistrationChanged",
    "RegistrationStatus", "ReplyPublished",
    "EenInterestReceived", "EenOfferClosed", "EenOfferSynced", "EenProposalExported", "ExportStatus",
    "NotificationCreated",
    "DEFAULT_LANGUAGE", "Language", "NotificationPreferences", "ProfileUpdated", "UserErased", "UserRegistered",
    "EEN_SENDER_PREFIX", "InterestAccepted", "InterestDeclined", "InterestExpressed", "ProposalClosed",
    "ProposalKind", "ProposalPublished", "ProposalSource", "ProposalUpdated",
]
