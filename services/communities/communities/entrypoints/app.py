"""Composition root of the communities service: the one place that wires it."""
from fastapi import FastAPI

from communities.adapters.repository import CommunitiesContext, ensure_indexes
from communities.domain.model import CommunityRuleViolation, NotAllowed
from communities.entrypoints import events, http
from contracts.events import CommunityCreated, CommunityUpdated, MembershipChanged, PostPublished
from servicekit.exceptions import Conflict, Forbidden
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class CommunitiesSettings(ServiceSettings):
    service_name: str = "communities"


def create_app(settings: CommunitiesSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        settings or CommunitiesSettings(),
        title="Communities",
        description="Public and private thematic communities: membership, moderation and discussion posts.",
        publishes=[CommunityCreated, CommunityUpdated, MembershipChanged, PostPublished],
        handler_context=CommunitiesContext,
    )
    runtime.on_startup(lambda rt: ensure_indexes(rt.db))
    runtime.include_router(http.router)
    runtime.install_domain_errors({CommunityRuleViolation: Conflict, NotAllowed: Forbidden})
    events.register(runtime.consumer)
    return runtime.app
