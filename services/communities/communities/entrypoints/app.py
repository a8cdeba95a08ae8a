"""Composition root of the communities service: the one place that wires it."""
# CommunitiesSettings is re-exported here: tests and the devstack build the app from this module.
from datetime import UTC, datetime

from contracts.events import (
    CommunityCreated,
    CommunityReviewed,
    CommunityUpdated,
    ConsultationClosed,
    ConsultationOpened,
    ContentModerated,
    ContentReported,
    DocumentShared,
    EventCancelled,
    EventReminderDue,
    EventScheduled,
    InvitationIssued,
    MembershipChanged,
    NewsPublished,
    NewsReviewed,
    NewsWithdrawn,
    PostPublished,
    RegistrationChanged,
    ReplyPublished,
)
from fastapi import FastAPI
from servicekit.exceptions import Conflict, Forbidden
from servicekit.lease import MongoLease
from servicekit.periodic import PeriodicJobs
from servicekit.runtime import ServiceRuntime

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
    events,
    http,
    http_calendar,
    http_consultations,
    http_discussion,
    http_documents,
    http_invitations,
    http_moderation,
    http_news,
)
from communities.service_layer import calendar, consultations, news
from communities.settings import CommunitiesSettings

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
    jobs.add("news", lambda: news.run_due(runtime.uow, datetime.now(UTC)))
    jobs.add("calendar", lambda: calendar.run_due(runtime.uow, datetime.now(UTC), hours=settings.event_reminder_hours))
    jobs.add("consultations", lambda: consultations.run_due(runtime.uow, datetime.now(UTC)))
    runtime.provide(PeriodicJobs, jobs)  # tests run it on demand (jobs.run_once())
    runtime.background("schedule", jobs.loop)
    return runtime.app
