"""HTTP routes: thin. Parse, authorise, call a handler, shape the answer."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Response, status

from proposals.adapters.repository import ProposalQueries
from proposals.domain.model import Interest, Proposal
from proposals.entrypoints.schemas import (
    CloseIn, DeclineIn, InterestIn, InterestOut, ProposalIn, ProposalOut, ProposalPatch,
)
from proposals.service_layer import commands, handlers
from servicekit.http.dependencies import Caller, Database, UoW
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.exceptions import Forbidden, NotFound
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter
from servicekit.validation import SingleLineText

router = ServiceRouter(tags=["proposals"])


def queries(db: Database) -> ProposalQueries:
    return ProposalQueries(db)


Queries = Annotated[ProposalQueries, Depends(queries)]


# Authorisation as dependencies, declared before If-Match and the body: a caller who may not
# act on the resource hears 404/403 first. The handlers check again inside the transaction.
async def owned_proposal(proposal_id: str, q: Queries, caller: Caller) -> Proposal:
    proposal = await q.get_proposal(proposal_id)
    if proposal is None:
        raise NotFound(f"No proposal {proposal_id}.")
    if proposal.owner_id != caller.user_id:
        raise Forbidden("Only the proposal's owner can do this.")
    return proposal


async def interest_to_answer(interest_id: str, q: Queries, caller: Caller) -> Interest:
    interest = await q.get_interest(interest_id)
    if interest is None or not interest.visible_to(caller.user_id):
        raise NotFound(f"No expression of interest {interest_id}.")
    if interest.proposal_owner_id != caller.user_id:
        raise Forbidden("Only the proposal's owner can answer an expression of interest.")
    return interest


OwnedProposal = Annotated[Proposal, Depends(owned_proposal)]
InterestToAnswer = Annotated[Interest, Depends(interest_to_answer)]


async def version_to_revise(proposal: OwnedProposal, expected: IfMatch) -> int | None:
    check_version(proposal.version, expected)  # 412 before the body is judged
    return expected


VersionToRevise = Annotated[int | None, Depends(version_to_revise)]


@router.post("/proposals", status_code=status.HTTP_201_CREATED, response_model=ProposalOut,
             summary="Publish a collaboration proposal")
async def publish(body: ProposalIn, caller: Caller, unit: UoW, response: Response) -> ProposalOut:
    proposal = await unit.handle(handlers.publish_proposal,
                                 commands.PublishProposal(owner_id=caller.user_id, **body.model_dump()))
    response.headers["Location"] = f"proposals/{proposal.id}"
    set_etag(response, proposal.version)
    return ProposalOut.of(proposal)


@router.get("/proposals", response_model=Page[ProposalOut], summary="Find proposals (local and EEN)")
async def search(
    q: Queries, caller: Caller,
    descriptor: Annotated[list[str], Query(description="any of these descriptor codes")] = [],  # noqa: B006
    kind: str | None = None, source: Literal["local", "een"] | None = None,
    owner: Annotated[str | None, Query(description="an owner id, or 'me'")] = None,
    text: Annotated[SingleLineText | None, Query(max_length=200)] = None,
    status_: Annotated[Literal["published", "closed"] | None, Query(alias="status")] = "published",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20, cursor: str | None = None,
) -> Page[ProposalOut]:
    owner_id = caller.user_id if owner == "me" else owner
    rows = await q.search(descriptors=descriptor, kind=kind, source=source, owner_id=owner_id, text=text,
                          status=status_, after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[ProposalOut.of(p) for p in rows[:limit]], next_cursor=next_cursor([p.id for p in rows], limit))


@router.get("/proposals/{proposal_id}", response_model=ProposalOut)
async def get_proposal(proposal_id: str, q: Queries, caller: Caller, response: Response) -> ProposalOut:
    proposal = await q.get_proposal(proposal_id)
    if proposal is None:
        raise NotFound(f"No proposal {proposal_id}.")
    set_etag(response, proposal.version)
    return ProposalOut.of(proposal)


@router.patch("/proposals/{proposal_id}", response_model=ProposalOut,
              summary="Revise a proposal (If-Match required)")
async def revise(proposal_id: str, caller: Caller, expected: VersionToRevise, body: ProposalPatch, unit: UoW,
                 response: Response) -> ProposalOut:
    proposal = await unit.handle(handlers.revise_proposal, commands.ReviseProposal(
        proposal_id=proposal_id, by=caller.user_id, expected_version=expected,
        **body.model_dump(exclude_unset=True)))
    set_etag(response, proposal.version)
    return ProposalOut.of(proposal)


@router.post("/proposals/{proposal_id}/close", response_model=ProposalOut)
async def close(proposal_id: str, caller: Caller, _: OwnedProposal, unit: UoW, response: Response,
                body: CloseIn | None = None) -> ProposalOut:
    proposal = await unit.handle(handlers.close_proposal, commands.CloseProposal(
        proposal_id=proposal_id, by=caller.user_id, reason=(body or CloseIn()).reason))
    set_etag(response, proposal.version)
    return ProposalOut.of(proposal)


@router.post("/proposals/{proposal_id}/interests", status_code=status.HTTP_201_CREATED,
             response_model=InterestOut, summary="Express interest in a proposal")
async def express_interest(proposal_id: str, body: InterestIn, caller: Caller, unit: UoW,
                           response: Response) -> InterestOut:
    interest = await unit.handle(handlers.express_interest, commands.ExpressInterest(
        proposal_id=proposal_id, sender_id=caller.user_id, message=body.message))
    response.headers["Location"] = f"interests/{interest.id}"
    return InterestOut.of(interest)


@router.get("/proposals/{proposal_id}/interests", response_model=Page[InterestOut],
            summary="Expressions of interest received on my proposal")
async def proposal_interests(proposal_id: str, q: Queries, _: OwnedProposal,
                             limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
                             cursor: str | None = None) -> Page[InterestOut]:
    rows = await q.interests(proposal_id=proposal_id, after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[InterestOut.of(i) for i in rows[:limit]], next_cursor=next_cursor([i.id for i in rows], limit))


@router.get("/interests", response_model=Page[InterestOut], summary="My expressions of interest, sent or received")
async def my_interests(q: Queries, caller: Caller, role: Literal["sent", "received"] = "sent",
                       status_: Annotated[Literal["pending", "accepted", "declined"] | None, Query(alias="status")] = None,
                       proposal_id: Annotated[str | None, Query(
                           max_length=64, description="only those about this proposal (e.g. whether I sent one)")] = None,
                       limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
                       cursor: str | None = None) -> Page[InterestOut]:
    scope = {"sender_id": caller.user_id} if role == "sent" else {"owner_id": caller.user_id}
    rows = await q.interests(**scope, proposal_id=proposal_id, status=status_, after_id=decode_cursor(cursor),
                             limit=limit)
    return Page(items=[InterestOut.of(i) for i in rows[:limit]], next_cursor=next_cursor([i.id for i in rows], limit))


@router.get("/interests/{interest_id}", response_model=InterestOut)
async def get_interest(interest_id: str, q: Queries, caller: Caller) -> InterestOut:
    interest = await q.get_interest(interest_id)
    if interest is None or not interest.visible_to(caller.user_id):
        raise NotFound(f"No expression of interest {interest_id}.")
    return InterestOut.of(interest)


@router.post("/interests/{interest_id}/accept", response_model=InterestOut)
async def accept(interest_id: str, caller: Caller, unit: UoW) -> InterestOut:
    interest = await unit.handle(handlers.answer_interest, commands.AnswerInterest(
        interest_id=interest_id, by=caller.user_id, accept=True))
    return InterestOut.of(interest)


@router.post("/interests/{interest_id}/decline", response_model=InterestOut)
async def decline(interest_id: str, caller: Caller, _: InterestToAnswer, unit: UoW,
                  body: DeclineIn | None = None) -> InterestOut:
    interest = await unit.handle(handlers.answer_interest, commands.AnswerInterest(
        interest_id=interest_id, by=caller.user_id, accept=False, reason=(body or DeclineIn()).reason))
    return InterestOut.of(interest)
