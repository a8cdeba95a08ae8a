"""Composition root of the communities service: the one place that wires it."""
from datetime import UTC, datetime

from fastapi import FastAPI

from communities.adapters.calendar import ensure_calendar_indexes
from communities.adapters.consultations import ensure_consultations_indexes
from communities.adapters.discussion import ensure_discussion_indexes
from communities.adapters.documents import ensure_documents_indexes
from communities.adapters.invitations import ensure_invitations_indexes
from communities.adapters.moderation import ensure_moderation_indexes
from communities.adapters.news import ensure_news_indexes
from communities.adapters.repository import CommunitiesContext, ensure_indexes
from communities.domain.model import CommunityRuleViolation, NotAllowed
from communities.entrypoints import (
    events, http, http_calendar, http_consultations, http_discussion, http_documents, http_invitations,
    http_moderation, http_news,
)
from communities.service_layer import calendar, consultations, news
from contracts.events import (
    CommunityCreated, CommunityReviewed, CommunityUpdated, ConsultationClosed, ConsultationOpened, ContentModerated,
    ContentReported, DocumentShared, EventCancelled, EventReminderDue, EventScheduled, InvitationIssued,
    MembershipChanged, NewsPublished, NewsReviewed, NewsWithdrawn, PostPublished, RegistrationChanged,
    ReplyPublished,
)
from servicekit.exceptions import Conflict, Forbidden
from servicekit.lease import MongoLease
from servicekit.periodic import PeriodicJobs
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings

MIB = 1024 * 1024


class CommunitiesSettings(ServiceSettings):
    service_name: str = "communities"
    # Communities created by members wait for a platform operator before anyone else sees them.
    community_validation_required: bool = False
    # Content reported by this many distinct members is hidden until a manager looks at it.
    report_hide_threshold: int = 3
    # Documents: the largest file one upload may carry (the gateway's limit on the upload
    # route is a little above it, so the service answers the 413 itself, as problem+json).
    document_max_bytes: int = 25 * MIB
    # Invitations: links signed with this key (set it in production: any change voids the
    # links out there), valid this long.
    invitation_secret: str = "local-development-invitation-key"
    invitation_ttl_days: int = 14
    # Reminders reach registered participants this long before an event starts.
    event_reminder_hours: float = 24.0
    # How often the scheduled work (publishing, withdrawals, reminders, closings) looks for what is due.
    periodic_interval_seconds: float = 5.0
    # Where members reach the platform: calendar feed and invitation links are built on it.
    public_base_url: str = "http://127.0.0.1:8080"


PUBLISHES = [
    CommunityCreated, CommunityUpdated, CommunityReviewed, MembershipChanged, InvitationIssued,
    PostPublished, ReplyPublished, NewsPublished, NewsWithdrawn, NewsReviewed, DocumentShared,
    EventScheduled, EventCancelled, RegistrationChanged, EventReminderDue, ConsultationOpened, ConsultationClosed,
    ContentReported, ContentModerated,
]
INDEXES = [ensure_indexes, ensure_invitations_indexes, ensure_discussion_indexes, ensure_news_indexes,
           ensure_documents_indexes, ensure_calendar_indexes, ensure_consultations_indexes, ensure_moderation_indexes]
ROUTERS = [http.router, http_invitations.router, http_discussion.router, http_news.router, http_documents.router,
           http_calendar.router, http_consultations.router, http_moderation.router]


def create_app(settings: CommunitiesSettings | None = None) -> FastAPI:
    settings = settings or CommunitiesSettings()
    runtime = ServiceRuntime(
        settings,
        title="Communities",
        description="Open, private and closed communities: membership and invitations, discussion, news, "
                    "documents, events and calendars, consultations, moderation.",
        publishes=PUBLISHES,
        handler_context=CommunitiesContext,
    )
    runtime.provide(CommunitiesSettings, settings)
    for ensure in INDEXES:
        runtime.on_startup(lambda rt, ensure=ensure: ensure(rt.db))
    for router in ROUTERS:
        runtime.include_router(router)
    runtime.install_domain_errors({CommunityRuleViolation: Conflict, NotAllowed: Forbidden})
    events.register(runtime.consumer)

    # Scheduled work (publishing and withdrawing news, reminders, closing consultations):
    # one replica at a time, under a lease; each capability finds what is due itself.
    jobs = PeriodicJobs(lease=MongoLease(runtime.db, collection="leases", name="communities-schedule",
                                         seconds=max(30.0, settings.periodic_interval_seconds * 6)),
                        interval_seconds=settings.periodic_interval_seconds)
    for name, module in (("news", news), ("calendar", calendar), ("consultations", consultations)):
        jobs.add(name, lambda module=module: module.run_due(runtime.uow, datetime.now(UTC)))
    runtime.provide(PeriodicJobs, jobs)  # tests run it on demand (jobs.run_once())
    runtime.background("schedule", jobs.loop)
    return runtime.app
