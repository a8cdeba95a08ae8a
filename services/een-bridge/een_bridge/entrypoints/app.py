"""Composition root of the een-bridge: the one place that wires it."""
from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from contracts.events import EenInterestReceived, EenOfferClosed, EenOfferSynced, EenProposalExported
from een_bridge.adapters.pod_client import PodClient, PodSettings
from een_bridge.adapters.repository import EenBridgeContext, ensure_indexes
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import InvalidPodProfile
from een_bridge.entrypoints import events, http
from een_bridge.entrypoints.scheduler import PodNotConfigured, PodScheduler
from een_bridge.service_layer.exchange import PartnerIdentity
from een_bridge.service_layer.sync import PodSync
from servicekit.exceptions import Invalid, Unavailable
from servicekit.lease import MongoLease
from servicekit.resilience import RetryPolicy
from servicekit.runtime import ServiceRuntime
from servicekit.settings import ServiceSettings
from servicekit.unit_of_work import UnitOfWork

class EenBridgeSettings(ServiceSettings):
    service_name: str = "een-bridge"
    # The POD (docs/pod-api.md). Empty base URL: the bridge runs without it (operator ingest only).
    pod_base_url: str = ""
    pod_username: str = ""
    pod_password: str = ""
    pod_timeout_seconds: float = 10.0
    pod_rate_per_second: float = 10.0
    pod_max_attempts: int = 4
    pod_backoff_seconds: float = 0.5
    pod_backoff_max_seconds: float = 8.0
    pod_breaker_threshold: int = 5
    pod_breaker_reset_seconds: float = 30.0
    pod_max_response_bytes: int = 20 * 1024 * 1024
    pod_page_size: int = 100
    pod_sync_interval_seconds: float = 300.0
    # How long a dead process's sync run blocks the next one before it is taken up.
    pod_sync_lease_seconds: float = 30.0
    pod_exchange_interval_seconds: float = 10.0
    # Who we are to the POD: the EEN partner running the platform.
    een_partner_organisation: str = "Open Innovation Lombardia (EEN partner)"
    een_partner_country: str = "IT"
    een_partner_contact: str = "een-desk@openinnovation.example"

    def pod_settings(self) -> PodSettings:
        return PodSettings(
            base_url=self.pod_base_url, username=self.pod_username, password=self.pod_password,
            timeout_seconds=self.pod_timeout_seconds, rate_per_second=self.pod_rate_per_second,
            retry=RetryPolicy(self.pod_max_attempts, self.pod_backoff_seconds, self.pod_backoff_max_seconds),
            breaker_threshold=self.pod_breaker_threshold, breaker_reset_seconds=self.pod_breaker_reset_seconds,
            max_response_bytes=self.pod_max_response_bytes)

    def partner(self) -> PartnerIdentity:
        return PartnerIdentity(self.een_partner_organisation, self.een_partner_country, self.een_partner_contact)


def pod_sync(db: AsyncDatabase, uow: UnitOfWork, pod: PodClient, settings: EenBridgeSettings) -> PodSync:
    """The sync of this database, for the service and the command line alike: one lease."""
    lease = MongoLease(db, collection="sync_lease", name="pod-sync", seconds=settings.pod_sync_lease_seconds)
    return PodSync(uow, pod, lease, page_size=settings.pod_page_size)


async def _startup(runtime: ServiceRuntime) -> None:
    keyword_mapper()  # a broken mapping table stops the service at start, not on the first offer
    await ensure_indexes(runtime.db)


def create_app(settings: EenBridgeSettings | None = None) -> FastAPI:
    settings = settings or EenBridgeSettings()
    runtime = ServiceRuntime(
        settings,
        title="EEN bridge",
        description="The only part of the platform that talks to the EEN Partnering Opportunities Database: "
                    "POD offers in (mapped onto the platform taxonomy and S3), shared proposals and "
                    "expressions of interest out.",
        publishes=[EenOfferSynced, EenOfferClosed, EenProposalExported, EenInterestReceived],
        handler_context=EenBridgeContext,
    )
    runtime.on_startup(_startup)
    scheduler = None
    if settings.pod_base_url:
        pod = PodClient(settings.pod_settings())
        exchange_lease = MongoLease(runtime.db, collection="sync_lease", name="pod-exchange",
                                    seconds=max(settings.pod_sync_lease_seconds, 3 * settings.pod_exchange_interval_seconds))
        scheduler = PodScheduler(runtime.uow, pod, pod_sync(runtime.db, runtime.uow, pod, settings),
                                 settings.partner(), exchange_lease, settings.pod_sync_interval_seconds,
                                 settings.pod_exchange_interval_seconds, settings.pod_sync_lease_seconds)
        runtime.background("een-sync", scheduler.sync_loop)
        runtime.background("een-exchange", scheduler.exchange_loop)
        runtime.on_shutdown(scheduler.stop)
    runtime.provide(PodScheduler, scheduler)  # None without a POD: its routes answer 503
    runtime.include_router(http.router)
    runtime.install_domain_errors({InvalidPodProfile: Invalid, PodNotConfigured: Unavailable})
    events.register(runtime.consumer)
    return runtime.app
