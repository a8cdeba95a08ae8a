"""The one place where a service's plumbing is wired: MongoDB client and unit of work,
Kafka broker (idempotent producer, telemetry middleware), outbox relay, event
consumer, Redis, token verification, and the FastAPI app with its lifespan.

Each service's `entrypoints/app.py` builds a ServiceRuntime, registers its own
routes and event handlers on it, and returns `runtime.app`.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

import yaml
from aiokafka import AIOKafkaProducer
from aiokafka.client import AIOKafkaClient
from aiokafka.errors import OutOfOrderSequenceNumber, ProducerFenced, UnknownProducerId
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.specification import AsyncAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from pymongo import AsyncMongoClient
from redis.asyncio import Redis

from contracts.events import IntegrationEvent
from servicekit.auth import KeyLookup, TokenVerifier
from servicekit.consumer import EventConsumer, RetryPolicy
from servicekit.http.errors import install_problem_handlers, map_domain_errors
from servicekit.exceptions import ServiceError
from servicekit.http.health import health_router
from servicekit.http.jwks import JwksClient
from servicekit.http.middleware import ForwardedPrefixMiddleware, RequestIdMiddleware
from servicekit.http.idempotency import IdempotencyMiddleware
from servicekit.logging import configure_logging
from servicekit.http.openapi import install_api_docs
from servicekit.outbox import OutboxRelay
from servicekit.http.routing import require_service_routes
from servicekit.settings import ServiceSettings
from servicekit.telemetry import configure_telemetry, shutdown_telemetry
from servicekit.unit_of_work import HandlerContext, Transaction, UnitOfWork, ensure_plumbing_indexes

log = logging.getLogger(__name__)
T = TypeVar("T")


Hook = Callable[["ServiceRuntime"], Awaitable[None]]
Loop = Callable[[], Awaitable[None]]
# The broker no longer knows our idempotent producer's id or sequence (a broker that lost its
# producer state, a producer id expired after long idleness). aiokafka's producer then fails
# every send from there on; the Java client resets its id (KIP-360); we replace the producer.
PRODUCER_STATE_LOST = (OutOfOrderSequenceNumber, UnknownProducerId, ProducerFenced)


class ServiceRuntime:
    def __init__(self, settings: ServiceSettings, *, title: str, version: str = "1.0.0",
                 description: str = "", publishes: Iterable[type[IntegrationEvent]] = (),
                 handler_context: Callable[[Transaction], HandlerContext] = HandlerContext) -> None:
        self.settings = settings
        configure_logging(settings.service_name, settings.log_level)
        provider = configure_telemetry(settings.service_name)

        self.mongo = AsyncMongoClient(settings.mongo_url, tz_aware=True, uuidRepresentation="standard",
                                      serverSelectionTimeoutMS=5000)
        self.db = self.mongo[settings.database_name]
        self.broker = KafkaBroker(
            settings.kafka_bootstrap_servers,
            client_id=settings.service_name,
            enable_idempotence=True,
            acks="all",
            middlewares=[KafkaTelemetryMiddleware(tracer_provider=provider)],
            logger=logging.getLogger(f"{settings.service_name}.broker"),
            log_level=logging.DEBUG,
        )
        self.relay = OutboxRelay(self.db, self._publish, batch_size=settings.outbox_batch_size,
                                 poll_seconds=settings.outbox_poll_seconds,
                                 lease_seconds=settings.outbox_lease_seconds)
        self.uow = UnitOfWork(self.mongo, settings.database_name, source=f"/{settings.service_name}",
                              context=handler_context, on_events_committed=self.relay.wake)
        self.consumer = EventConsumer(
            self.broker, self.uow, group_id=settings.service_name,
            retry=RetryPolicy(settings.consumer_max_attempts, settings.consumer_backoff_seconds,
                              settings.consumer_backoff_max_seconds),
            instance_id=settings.group_instance_id,
            fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
            idle_pause_max_seconds=settings.consumer_idle_pause_max_seconds,
        )
        self.redis = Redis.from_url(settings.redis_url)
        self._provided: dict[type, object] = {}
        self.verify_tokens_with(JwksClient(settings.jwks_url).get)
        self._on_startup: list[Hook] = []
        self._on_shutdown: list[Loop] = []
        self._background: dict[str, Loop] = {}
        self._background_tasks: list[asyncio.Task] = []
        self._broker_ready = asyncio.Event()
        self._connect_task: asyncio.Task | None = None
        self._producer_generation = 0  # which producer a send went through (one renewal per failure)
        self._producer_renewal = asyncio.Lock()

        # Declared publishers only document the contract (AsyncAPI); the relay does the sending.
        for event_class in publishes:
            self.broker.publisher(event_class.topic, title=event_class.event_type, schema=event_class,
                                  description=(event_class.__doc__ or "").strip() or None)
        self.asyncapi = AsyncAPI(self.broker, title=title, version=version, description=description)
        self.app = self._build_app(title, version, description)

    # -- wiring ---------------------------------------------------------------------------
    def on_startup(self, hook: Hook) -> None:
        """Run at startup, e.g. to create the service's indexes."""
        self._on_startup.append(hook)

    def on_shutdown(self, hook: Loop) -> None:
        """Run at shutdown, after the background tasks stopped (e.g. to close a client)."""
        self._on_shutdown.append(hook)

    def background(self, name: str, loop: Loop) -> None:
        """A long-running task of the service (a scheduler, a worker): started after the
        startup hooks, cancelled at shutdown. It should catch its own errors and go on."""
        self._background[name] = loop

    def provide(self, kind: type[T], value: T | None) -> None:
        """What routes get for `Depends(provided(kind))` (servicekit.http.dependencies): the
        composition root's way to hand routes its adapters, instead of app.state lookups.
        None says the service runs without one (the routes decide what that means)."""
        self._provided[kind] = value

    def provided(self, kind: type[T]) -> T | None:
        try:
            return cast(T | None, self._provided[kind])
        except KeyError:
            raise LookupError(f"nothing provides {kind.__name__}: the composition root must "
                              f"call runtime.provide({kind.__name__}, ...)") from None

    def verify_tokens_with(self, lookup: KeyLookup) -> None:
        """Where token signing keys come from: profiles' JWKS by default; profiles itself,
        the issuer, looks them up in its own key store."""
        self.provide(TokenVerifier, TokenVerifier(lookup))

    def include_router(self, router: APIRouter) -> None:
        require_service_routes(router)  # one order of checks on every route (servicekit.http.routing)
        self.app.include_router(router)

    def install_domain_errors(self, mapping: Mapping[type[Exception], type[ServiceError]]) -> None:
        map_domain_errors(self.app, mapping)

    async def _publish(self, topic: str, key: bytes, value: bytes, headers: dict[str, str]) -> Awaitable[Any]:
        await asyncio.wait_for(self._broker_ready.wait(), timeout=30)
        generation = self._producer_generation
        ack = await self.broker.publish(value, topic, key=key, headers=headers, no_confirm=True)
        return self._acknowledged(ack, generation)

    async def _acknowledged(self, ack: Awaitable[Any], generation: int) -> Any:
        try:
            return await ack
        except PRODUCER_STATE_LOST:
            await self._renew_producer(generation)
            raise  # the relay keeps the rows unsent and publishes them again with the new producer

    async def _renew_producer(self, generation: int) -> None:
        """A new idempotent producer (new id, sequences from 0) in place of the one the broker
        rejects; the consumer keeps running."""
        async with self._producer_renewal:
            if generation != self._producer_generation:
                return  # another failed send already renewed it
            self._producer_generation += 1
            log.warning("Kafka rejects our producer's sequence numbers (its producer state is gone); "
                        "starting a new producer")
            producer = self.broker.config.producer
            serializer, codec = producer.serializer, producer.codec
            with contextlib.suppress(Exception):  # its pending sends fail; the relay sends them again
                await asyncio.wait_for(producer.disconnect(), timeout=10)
            while True:
                fresh = AIOKafkaProducer(**self.broker._connection_kwargs)
                try:
                    await producer.connect(fresh, serializer=serializer, codec=codec)
                    return
                except Exception as exc:  # noqa: BLE001 - the broker is away again: keep trying
                    with contextlib.suppress(Exception):
                        await fresh.stop()
                    log.warning("new Kafka producer not connected (%s); retrying", exc)
                    await asyncio.sleep(1)

    def asyncapi_document(self) -> dict[str, Any]:
        # What the service consumes is part of its contract: subscribe first (start does it
        # too, once), so the committed document is the one served.
        self.consumer.subscribe()
        return self.asyncapi.to_specification().to_jsonable()

    def asyncapi_yaml(self) -> str:
        # Keys sorted: FastStream's channel order varies between processes, and the committed
        # documents must only change when the contract does.
        return yaml.safe_dump(self.asyncapi_document(), sort_keys=True, allow_unicode=True)

    # -- lifecycle ------------------------------------------------------------------------
    async def _connect_broker(self) -> None:
        """Keep trying in the background: the service answers (and reports the broker
        down in /health) while Kafka is unreachable, instead of failing to start."""
        delay = 0.5
        while True:
            try:
                # Probe first with a client we close ourselves: a failed broker.start()
                # leaves its producer unclosed, which would leak one per retry.
                probe = AIOKafkaClient(bootstrap_servers=self.settings.kafka_bootstrap_servers)
                try:
                    await probe.bootstrap()
                finally:
                    await probe.close()
                # Bounded: a group join that never completes must surface, not hang silently.
                await asyncio.wait_for(self.broker.start(), timeout=60)
                self._broker_ready.set()
                log.info("connected to Kafka at %s", self.settings.kafka_bootstrap_servers)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("Kafka not reachable (%s); retrying in %.1fs", exc, delay)
                with contextlib.suppress(Exception):
                    await self.broker.stop()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    async def start(self) -> None:
        await ensure_plumbing_indexes(self.db)
        for hook in self._on_startup:
            await hook(self)
        self.consumer.subscribe()
        self._connect_task = asyncio.create_task(self._connect_broker(), name="kafka-connect")
        self.relay.start()
        self._background_tasks = [asyncio.create_task(loop(), name=name) for name, loop in self._background.items()]

    async def stop(self) -> None:
        for task in self._background_tasks:
            task.cancel()
        for task in self._background_tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for hook in self._on_shutdown:
            with contextlib.suppress(Exception):
                await hook()
        await self.relay.stop()
        if self._connect_task is not None:
            self._connect_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._connect_task
        with contextlib.suppress(Exception):
            await self.broker.stop()
        await self.redis.aclose()
        await self.mongo.close()
        shutdown_telemetry()

    async def broker_reachable(self) -> bool:
        return self._broker_ready.is_set() and await self.broker.ping(timeout=1.5)

    async def database_reachable(self) -> bool:
        await self.db.command("ping")
        return True

    async def redis_reachable(self) -> bool:
        return bool(await self.redis.ping())

    def _build_app(self, title: str, version: str, description: str) -> FastAPI:
        @contextlib.asynccontextmanager
        async def lifespan(app: FastAPI):
            await self.start()
            try:
                yield
            finally:
                await self.stop()

        # The document and docs pages are servicekit.http.openapi's, not FastAPI's CDN-based defaults.
        app = FastAPI(title=title, version=version, description=description, lifespan=lifespan,
                      root_path_in_servers=False, openapi_url=None, docs_url=None, redoc_url=None)
        install_api_docs(app)
        app.state.runtime = self
        app.add_middleware(ForwardedPrefixMiddleware)
        app.add_middleware(RequestIdMiddleware)
        install_problem_handlers(app)
        app.add_middleware(IdempotencyMiddleware, redis=self.redis, namespace=self.settings.service_name,
                           ttl_seconds=self.settings.idempotency_ttl_seconds)
        app.include_router(health_router({
            "mongodb": self.database_reachable,
            "kafka": self.broker_reachable,
            "redis": self.redis_reachable,
        }))

        @app.get("/asyncapi.json", tags=["operations"], summary="The AsyncAPI document of this service's events")
        async def asyncapi_json() -> JSONResponse:
            return JSONResponse(self.asyncapi_document())

        @app.get("/asyncapi.yaml", tags=["operations"], summary="The AsyncAPI document, as YAML")
        async def asyncapi_yaml() -> PlainTextResponse:
            return PlainTextResponse(self.asyncapi_yaml(), media_type="application/yaml")

        FastAPIInstrumentor.instrument_app(app, excluded_urls="health")
        return app
