"""HTTP routes: thin. Parse, authorise, call a handler, shape the answer. Everything here
is for operators: members never talk to the bridge directly."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response, status

from een_bridge.adapters.repository import BridgeQueries
from een_bridge.domain.sync import INTERESTS_CHECKPOINT, PROFILES_CHECKPOINT
from een_bridge.entrypoints.scheduler import PodNotConfigured, PodScheduler
from een_bridge.entrypoints.schemas import (
    CursorOut, ExportOut, ForwardOut, IngestOut, OfferOut, PodProfileIn, PodStatusOut, QuarantinedOut,
    StatusOut, SyncRequestIn, SyncRunOut,
)
from een_bridge.service_layer import commands, handlers
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_PLATFORM_OPERATOR, Principal
from servicekit.http.dependencies import Database, UoW, provided, with_any_role
from servicekit.exceptions import found
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter

router = ServiceRouter(tags=["een-bridge"])
OPERATOR_ROLES = (ROLE_EEN_OPERATOR, ROLE_PLATFORM_OPERATOR)


def queries(db: Database) -> BridgeQueries:
    return BridgeQueries(db)


# Dependencies, so that a caller without the role hears 403 before the body is looked at.
Operator = Annotated[Principal, Depends(with_any_role(*OPERATOR_ROLES))]
EenOperator = Annotated[Principal, Depends(with_any_role(ROLE_EEN_OPERATOR))]
Queries = Annotated[BridgeQueries, Depends(queries)]
Scheduler = Annotated[PodScheduler | None, Depends(provided(PodScheduler))]


@router.post("/offers", response_model=IngestOut, summary="Ingest one POD profile (EEN operators)",
             responses={201: {"model": IngestOut, "description": "first seen"},
                        200: {"model": IngestOut, "description": "known already; `changed` says whether it changed"}})
async def ingest_offer(_: EenOperator, body: PodProfileIn, unit: UoW, response: Response) -> IngestOut:
    ingested = await unit.handle(handlers.ingest_pod_profile, commands.IngestPodProfile(**body.model_dump()))
    if ingested.offer.version == 1 and ingested.changed:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"offers/{ingested.offer.reference}"
    return IngestOut.of_ingested(ingested)


@router.get("/offers/{reference}", response_model=OfferOut, summary="A stored POD offer and its mapping")
async def get_offer(reference: str, q: Queries, _: Operator) -> OfferOut:
    return OfferOut.of(found(await q.offer(reference.strip().upper()), f"No EEN offer {reference}."))


@router.get("/exports/{proposal_id}", response_model=ExportOut,
            summary="Where a local proposal stands on its way to the POD")
async def get_export(proposal_id: str, q: Queries, _: Operator) -> ExportOut:
    return ExportOut.of(found(await q.export(proposal_id), f"The bridge knows no local proposal {proposal_id}."))


@router.get("/forwards/{interest_id}", response_model=ForwardOut,
            summary="An expression of interest on an EEN offer, to be forwarded to the POD")
async def get_forward(interest_id: str, q: Queries, _: Operator) -> ForwardOut:
    return ForwardOut.of(found(await q.forward(interest_id), f"No forward for interest {interest_id}."))


@router.get("/status", response_model=StatusOut,
            summary="The bridge at a glance: what it holds, what waits for the POD, the POD's health, the last sync")
async def bridge_status(q: Queries, pod: Scheduler, _: Operator) -> StatusOut:
    runs = await q.recent_runs(1)
    breaker = pod.pod.breaker if pod else None
    return StatusOut(
        offers=await q.offers_by_status(), exports=await q.exports_by_state(), forwards=await q.forwards_by_state(),
        pod=PodStatusOut(configured=pod is not None, base_url=pod.pod.settings.base_url if pod else None,
                         circuit=breaker.state.value if breaker else "closed",
                         consecutive_failures=breaker.consecutive_failures if breaker else 0,
                         times_opened=breaker.times_opened if breaker else 0),
        checkpoint=CursorOut.of((await q.checkpoint(PROFILES_CHECKPOINT)).cursor),
        interests_checkpoint=CursorOut.of((await q.checkpoint(INTERESTS_CHECKPOINT)).cursor),
        last_run=SyncRunOut.of(runs[0]) if runs else None, quarantined=await q.quarantine_open())


@router.post("/sync/runs", response_model=SyncRunOut, status_code=status.HTTP_202_ACCEPTED,
             summary="Start a sync with the POD now (EEN operators); it runs in the background",
             responses={409: {"description": "a sync run is going on already"},
                        503: {"description": "the bridge has no POD configured"}})
async def start_sync(_: EenOperator, body: SyncRequestIn, pod: Scheduler, response: Response) -> SyncRunOut:
    if pod is None:
        raise PodNotConfigured("The bridge has no POD configured (POD_BASE_URL).")
    run = await pod.trigger(body.mode)
    response.headers["Location"] = f"sync/runs/{run.id}"
    return SyncRunOut.of(run)


@router.get("/sync/runs", response_model=list[SyncRunOut], summary="The latest sync runs, newest first")
async def list_sync_runs(q: Queries, _: Operator, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> list[SyncRunOut]:
    return [SyncRunOut.of(run) for run in await q.recent_runs(limit)]


@router.get("/sync/runs/{run_id}", response_model=SyncRunOut, summary="One sync run: progress, counts, errors")
async def get_sync_run(run_id: str, q: Queries, _: Operator) -> SyncRunOut:
    return SyncRunOut.of(found(await q.run(run_id), f"No sync run {run_id}."))


@router.get("/quarantine", response_model=Page[QuarantinedOut],
            summary="POD profiles (or answers) the sync could not take, with the reason")
async def list_quarantine(q: Queries, _: Operator, include_resolved: bool = False, cursor: str | None = None,
                          limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50) -> Page[QuarantinedOut]:
    docs = await q.quarantined(include_resolved=include_resolved, after=decode_cursor(cursor), limit=limit + 1)
    return Page(items=[QuarantinedOut.of(d) for d in docs[:limit]],
                next_cursor=next_cursor([d["_id"] for d in docs], limit))
