"""Composition root of the proposals service: the one place that wires it."""
from fastapi import FastAPI

from contracts.events import (
    InterestAccepted, InterestDeclined, InterestExpressed, ProposalClosed, ProposalPublished, ProposalUpdated,
)
from proposals.adapters.repository import ProposalsContext, ensure_indexes
from proposals.domain.model import NotAllowed, ProposalRuleViolation
from proposals.entrypoints import events, http
from servicekit.exceptions import Conflict, Forbidden
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class ProposalsSettings(ServiceSettings):
    service_name: str = "proposals"


def create_app(settings: ProposalsSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        settings or ProposalsSettings(),
        title="Proposals",
        description="Collaboration proposals, local and EEN-sourced; expressions of interest and their follow-up.",
        publishes=[ProposalPublished, ProposalUpdated, ProposalClosed, InterestExpressed, InterestAccepted,
                   InterestDeclined],
        handler_context=ProposalsContext,
    )
    runtime.on_startup(lambda rt: ensure_indexes(rt.db))
    runtime.include_router(http.router)
    runtime.install_domain_errors({ProposalRuleViolation: Conflict, NotAllowed: Forbidden})
    events.register(runtime.consumer)
    return runtime.app
