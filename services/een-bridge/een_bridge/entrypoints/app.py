"""Composition root of the een-bridge: the one place that wires it."""
from fastapi import FastAPI

from contracts.events import EenOfferClosed, EenOfferSynced
from een_bridge.adapters.repository import ensure_indexes
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import InvalidPodProfile
from een_bridge.entrypoints import events, http
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings


class EenBridgeSettings(ServiceSettings):
    service_name: str = "een-bridge"


async def _startup(runtime: ServiceRuntime) -> None:
    keyword_mapper()  # a broken mapping table stops the service at start, not on the first offer
    await ensure_indexes(runtime.db)


def create_app(settings: EenBridgeSettings | None = None) -> FastAPI:
    runtime = ServiceRuntime(
        settings or EenBridgeSettings(),
        title="EEN bridge",
        description="The only part of the platform that talks to the EEN Partnering Opportunities Database: "
                    "POD offers in (mapped onto the platform taxonomy and S3), shared proposals and "
                    "expressions of interest out.",
        publishes=[EenOfferSynced, EenOfferClosed],
    )
    runtime.on_startup(_startup)
    runtime.include_router(http.router)
    runtime.install_domain_errors({InvalidPodProfile: 422})
    events.register(runtime.consumer)
    return runtime.app
