"""HTTP routes: thin. Parse, authorise, call a handler, shape the answer. Everything here
is for operators: members never talk to the bridge directly."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from een_bridge.adapters.repository import BridgeQueries
from een_bridge.entrypoints.schemas import ExportOut, ForwardOut, IngestOut, OfferOut, PodProfileIn, StatusOut
from een_bridge.service_layer import commands, handlers
from servicekit.auth import ROLE_EEN_OPERATOR, ROLE_PLATFORM_OPERATOR, Principal, require_role
from servicekit.dependencies import Caller, Database, UoW, with_any_role
from servicekit.errors import NotFound

router = APIRouter(tags=["een-bridge"])
OPERATOR_ROLES = (ROLE_EEN_OPERATOR, ROLE_PLATFORM_OPERATOR)


def queries(db: Database) -> BridgeQueries:
    return BridgeQueries(db)


Operator = Annotated[Principal, Depends(with_any_role(*OPERATOR_ROLES))]
Queries = Annotated[BridgeQueries, Depends(queries)]


@router.post("/offers", response_model=IngestOut, summary="Ingest one POD profile (EEN operators)",
             responses={201: {"model": IngestOut, "description": "first seen"},
                        200: {"model": IngestOut, "description": "known already; `changed` says whether it changed"}})
async def ingest_offer(body: PodProfileIn, caller: Caller, unit: UoW, response: Response) -> IngestOut:
    require_role(caller, ROLE_EEN_OPERATOR)
    ingested = await handlers.ingest_pod_profile(commands.IngestPodProfile(**body.model_dump()), unit)
    if ingested.offer.version == 1 and ingested.changed:
        response.status_code = status.HTTP_201_CREATED
        response.headers["Location"] = f"offers/{ingested.offer.reference}"
    return IngestOut.of_ingested(ingested)


@router.get("/offers/{reference}", response_model=OfferOut, summary="A stored POD offer and its mapping")
async def get_offer(reference: str, q: Queries, _: Operator) -> OfferOut:
    offer = await q.offer(reference.strip().upper())
    if offer is None:
        raise NotFound(f"No EEN offer {reference}.")
    return OfferOut.of(offer)


@router.get("/exports/{proposal_id}", response_model=ExportOut,
            summary="Where a local proposal stands on its way to the POD")
async def get_export(proposal_id: str, q: Queries, _: Operator) -> ExportOut:
    export = await q.export(proposal_id)
    if export is None:
        raise NotFound(f"The bridge knows no local proposal {proposal_id}.")
    return ExportOut.of(export)


@router.get("/forwards/{interest_id}", response_model=ForwardOut,
            summary="An expression of interest on an EEN offer, to be forwarded to the POD")
async def get_forward(interest_id: str, q: Queries, _: Operator) -> ForwardOut:
    forward = await q.forward(interest_id)
    if forward is None:
        raise NotFound(f"No forward for interest {interest_id}.")
    return ForwardOut.of(forward)


@router.get("/status", response_model=StatusOut, summary="What the bridge holds and what waits for the POD")
async def bridge_status(q: Queries, _: Operator) -> StatusOut:
    return StatusOut(offers=await q.offers_by_status(), exports=await q.exports_by_state(),
                     forwards=await q.forwards_by_state())
