"""HTTP routes of consultations: S3 consultations in a community
(`/communities/{id}/consultations…`) or platform-wide (`/consultations…`): questions, one
response per member, results, CSV export. Thin: parse, authorise, call a handler, shape the
answer. Each pair of routes shares one implementation; the platform's differ only in their
scope (PlatformScope: everyone signed in reads and answers, operators manage)."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query, Request, Response, status
from servicekit.http.concurrency import (
    IfMatch,
    check_version,
    expected_version,
    set_etag,
)
from servicekit.http.dependencies import Database, UoW, provided
from servicekit.http.errors import Problem
from servicekit.http.routing import ServiceRouter
from servicekit.ids import new_id

from communities.adapters.consultations import ConsultationQueries
from communities.domain import consultations as domain
from communities.domain.access import Scope
from communities.domain.consultations import Consultation, ConsultationPhase
from communities.entrypoints.access import PlatformScope, ReadableScope
from communities.entrypoints.schemas_consultations import (
    ConsultationIn,
    ConsultationOut,
    ConsultationPatch,
    ResponseIn,
    ResponseOut,
    ResultsOut,
)
from communities.service_layer import consultations as handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["consultations"])
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]
Phase = Annotated[ConsultationPhase | None, Query(
    description="open, upcoming, closed (all published ones if absent); managers: draft too")]
CSV_TYPE = "text/csv; charset=utf-8"


def consultation_queries(db: Database) -> ConsultationQueries:
    return ConsultationQueries(db)


Q = Annotated[ConsultationQueries, Depends(consultation_queries)]


def _now() -> datetime:
    return datetime.now(UTC)


def _key(settings: CommunitiesSettings, consultation_id: str, scope: Scope) -> str:
    return domain.respondent_key(settings.consultation_secret.encode(), consultation_id, scope.actor.user_id)


async def _out(q: ConsultationQueries, c: Consultation, scope: Scope, settings: CommunitiesSettings) -> ConsultationOut:
    answered = await q.response(c.id, _key(settings, c.id, scope)) is not None
    count = (await q.counts([c.id])).get(c.id, 0) if scope.can_manage() else None
    return ConsultationOut.of(c, now=_now(), can_manage=scope.can_manage(), can_participate=scope.can_participate(),
                              answered=answered, results_available=c.results_visible_to(scope, _now()),
                              response_count=count)


async def _readable(q: ConsultationQueries, scope: Scope, consultation_id: str) -> tuple[Scope, Consultation]:
    """The consultation of this scope as the caller sees it: 404 for another scope's or a
    draft of a non-manager."""
    c = await q.consultation(consultation_id)
    if c is None or c.community_id != scope.community_id or not c.readable_by(scope):
        raise Problem(f"No consultation {consultation_id}.", status=404, title="Not Found")
    return scope, c


def _managed(found: tuple[Scope, Consultation]) -> tuple[Scope, Consultation]:
    found[0].require_manage("manage consultations")
    return found


# -- the consultation in the path, as FastAPI dependencies (before If-Match and the body) --------
async def community_consultation(consultation_id: str, scope: ReadableScope, q: Q) -> tuple[Scope, Consultation]:
    return await _readable(q, scope, consultation_id)


async def platform_consultation(consultation_id: str, scope: PlatformScope, q: Q) -> tuple[Scope, Consultation]:
    return await _readable(q, scope, consultation_id)


async def community_managed(consultation_id: str, scope: ReadableScope, q: Q) -> tuple[Scope, Consultation]:
    return _managed(await _readable(q, scope, consultation_id))


async def platform_managed(consultation_id: str, scope: PlatformScope, q: Q) -> tuple[Scope, Consultation]:
    return _managed(await _readable(q, scope, consultation_id))


async def community_manager(scope: ReadableScope) -> Scope:
    return scope.require_manage("open a consultation")


async def platform_manager(scope: PlatformScope) -> Scope:
    return scope.require_manage("open a consultation")


async def community_participant(consultation_id: str, scope: ReadableScope, q: Q) -> tuple[Scope, Consultation]:
    found = await _readable(q, scope, consultation_id)
    scope.require_participate("answer")
    return found


async def platform_participant(consultation_id: str, scope: PlatformScope, q: Q) -> tuple[Scope, Consultation]:
    return await _readable(q, scope, consultation_id)


Found = tuple[Scope, Consultation]
CommunityOne = Annotated[Found, Depends(community_consultation)]
PlatformOne = Annotated[Found, Depends(platform_consultation)]
CommunityManaged = Annotated[Found, Depends(community_managed)]
PlatformManaged = Annotated[Found, Depends(platform_managed)]
CommunityParticipant = Annotated[Found, Depends(community_participant)]
PlatformParticipant = Annotated[Found, Depends(platform_participant)]
CommunityManager = Annotated[Scope, Depends(community_manager)]
PlatformManager = Annotated[Scope, Depends(platform_manager)]


def optional_if_match(request: Request) -> int | None:
    return expected_version(request, required=False)


OptionalIfMatch = Annotated[int | None, Depends(optional_if_match)]


# -- shared implementations -----------------------------------------------------------------------
async def _create(scope: Scope, body: ConsultationIn, unit, q: ConsultationQueries, settings: CommunitiesSettings,
                  response: Response) -> ConsultationOut:
    c = await unit.handle(handlers.create_consultation, handlers.CreateConsultation(
        community_id=scope.community_id, actor=scope.actor, consultation_id=new_id(), title=body.title,
        description=body.description, questions=[question.to_domain() for question in body.questions],
        opens_at=body.opens_at, closes_at=body.closes_at, anonymous=body.anonymous,
        results_public_after_close=body.results_public_after_close, publish=body.publish))
    base = f"communities/{scope.community_id}/consultations" if scope.community_id else "consultations"
    response.headers["Location"] = f"{base}/{c.id}"
    set_etag(response, c.version)
    return await _out(q, c, scope, settings)


async def _list(q: ConsultationQueries, scope: Scope, phase: ConsultationPhase | None,
                settings: CommunitiesSettings) -> list[ConsultationOut]:
    if phase is ConsultationPhase.DRAFT and not scope.can_manage():
        raise Problem("Only managers see drafts.", status=403, title="Forbidden")
    now = _now()
    rows = await q.consultations(scope.community_id, phase=phase, now=now, with_drafts=scope.can_manage(), limit=200)
    keys = {c.id: _key(settings, c.id, scope) for c in rows}
    answered = await q.answered(keys)
    counts = await q.counts([c.id for c in rows]) if scope.can_manage() else {}
    return [ConsultationOut.of(c, now=now, can_manage=scope.can_manage(), can_participate=scope.can_participate(),
                               answered=c.id in answered, results_available=c.results_visible_to(scope, now),
                               response_count=counts.get(c.id, 0)) for c in rows]


async def _got(found: Found, q: ConsultationQueries, settings: CommunitiesSettings,
               response: Response) -> ConsultationOut:
    scope, c = found
    set_etag(response, c.version)
    return await _out(q, c, scope, settings)


async def _revise(found: Found, expected: int | None, body: ConsultationPatch, unit, q: ConsultationQueries,
                  settings: CommunitiesSettings, response: Response) -> ConsultationOut:
    scope, c = found
    check_version(c.version, expected)
    revised = await unit.handle(handlers.revise_consultation, handlers.ReviseConsultation(
        community_id=scope.community_id, consultation_id=c.id, actor=scope.actor, expected_version=expected,
        changes=body.changes()))
    set_etag(response, revised.version)
    return await _out(q, revised, scope, settings)


async def _act(handler, found: Found, expected: int | None, unit, q: ConsultationQueries,
               settings: CommunitiesSettings, response: Response) -> ConsultationOut:
    scope, c = found
    if expected is not None:
        check_version(c.version, expected)
    moved = await unit.handle(handler, handlers.ConsultationAction(
        community_id=scope.community_id, consultation_id=c.id, actor=scope.actor, expected_version=expected))
    set_etag(response, moved.version)
    return await _out(q, moved, scope, settings)


async def _delete(found: Found, expected: int | None, unit) -> Response:
    scope, c = found
    check_version(c.version, expected)
    await unit.handle(handlers.delete_consultation, handlers.ConsultationAction(
        community_id=scope.community_id, consultation_id=c.id, actor=scope.actor, expected_version=expected))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


async def _my_response(found: Found, q: ConsultationQueries, settings: CommunitiesSettings,
                       response: Response) -> ResponseOut:
    scope, c = found
    mine = await q.response(c.id, _key(settings, c.id, scope))
    if mine is None:
        raise Problem("You have not answered this consultation yet.", status=404, title="Not Found")
    set_etag(response, mine.version)
    return ResponseOut.of(mine)


async def _answer(found: Found, body: ResponseIn, unit, settings: CommunitiesSettings,
                  response: Response) -> ResponseOut:
    scope, c = found
    _, mine = await unit.handle(handlers.answer, handlers.Answer(
        community_id=scope.community_id, consultation_id=c.id, actor=scope.actor,
        key=_key(settings, c.id, scope), answers=body.answers))
    set_etag(response, mine.version)
    return ResponseOut.of(mine)


async def _results(found: Found, q: ConsultationQueries) -> ResultsOut:
    scope, c = found
    if not c.results_visible_to(scope, _now()):
        detail = ("The results are for the managers." if not c.results_public_after_close
                  else "The results are public once the consultation closes.")
        raise Problem(detail, status=403, title="Forbidden")
    return ResultsOut.of(c, domain.tally(c, [r async for r in q.responses(c.id)]))


async def _export(found: Found, q: ConsultationQueries) -> Response:
    _, c = found
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(domain.export_rows(c, [r async for r in q.responses(c.id)]))
    # A BOM first, so spreadsheet programs read the file as UTF-8.
    return Response(content="\ufeff" + buffer.getvalue(), media_type=CSV_TYPE, headers={
        "Content-Disposition": f'attachment; filename="consultation-{c.id}.csv"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                      "description": "one row per response, one column per question"}}


# -- community consultations ------------------------------------------------------------------------
C = "/communities/{community_id}/consultations"


@router.post(C, status_code=status.HTTP_201_CREATED, response_model=ConsultationOut,
             summary="Open a consultation, as a draft or published at once (owner, moderators)")
async def create_community_consultation(community_id: str, scope: CommunityManager, body: ConsultationIn, unit: UoW,
                                        q: Q, settings: Settings, response: Response) -> ConsultationOut:
    return await _create(scope, body, unit, q, settings, response)


@router.get(C, response_model=list[ConsultationOut],
            summary="The community's consultations: open first, then upcoming, then closed")
async def community_consultations(community_id: str, scope: ReadableScope, q: Q, settings: Settings,
                                  phase: Phase = None) -> list[ConsultationOut]:
    return await _list(q, scope, phase, settings)


@router.get(C + "/{consultation_id}", response_model=ConsultationOut, summary="One consultation")
async def community_consultation_(community_id: str, found: CommunityOne, q: Q, settings: Settings,
                                  response: Response) -> ConsultationOut:
    return await _got(found, q, settings, response)


@router.patch(C + "/{consultation_id}", response_model=ConsultationOut,
              summary="Change a consultation until it opens; afterwards its closing time only (If-Match)")
async def revise_community_consultation(community_id: str, found: CommunityManaged, expected: IfMatch,
                                        body: ConsultationPatch, unit: UoW, q: Q, settings: Settings,
                                        response: Response) -> ConsultationOut:
    return await _revise(found, expected, body, unit, q, settings, response)


@router.delete(C + "/{consultation_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a consultation that has not opened (If-Match)")
async def delete_community_consultation(community_id: str, found: CommunityManaged, expected: IfMatch,
                                        unit: UoW) -> Response:
    return await _delete(found, expected, unit)


@router.post(C + "/{consultation_id}/publish", response_model=ConsultationOut,
             summary="Publish a draft: upcoming, or open at once if its opening time has come")
async def publish_community_consultation(community_id: str, found: CommunityManaged, expected: OptionalIfMatch,
                                         unit: UoW, q: Q, settings: Settings, response: Response) -> ConsultationOut:
    return await _act(handlers.publish_consultation, found, expected, unit, q, settings, response)


@router.post(C + "/{consultation_id}/close", response_model=ConsultationOut, summary="Close an open consultation now")
async def close_community_consultation(community_id: str, found: CommunityManaged, expected: OptionalIfMatch,
                                       unit: UoW, q: Q, settings: Settings, response: Response) -> ConsultationOut:
    return await _act(handlers.close_consultation, found, expected, unit, q, settings, response)


@router.get(C + "/{consultation_id}/response", response_model=ResponseOut, summary="My response")
async def my_community_response(community_id: str, found: CommunityParticipant, q: Q, settings: Settings,
                                response: Response) -> ResponseOut:
    return await _my_response(found, q, settings, response)


@router.put(C + "/{consultation_id}/response", response_model=ResponseOut,
            summary="Answer, or change my answer, while the consultation is open (members)")
async def answer_community_consultation(community_id: str, found: CommunityParticipant, body: ResponseIn, unit: UoW,
                                        settings: Settings, response: Response) -> ResponseOut:
    return await _answer(found, body, unit, settings, response)


@router.get(C + "/{consultation_id}/results", response_model=ResultsOut,
            summary="Results: managers any time; members once closed, if the results are public")
async def community_results(community_id: str, found: CommunityOne, q: Q) -> ResultsOut:
    return await _results(found, q)


@router.get(C + "/{consultation_id}/responses.csv", response_class=Response, responses=CSV_RESPONSE,
            summary="Every response as CSV (owner, moderators); no identity for an anonymous consultation")
async def export_community_responses(community_id: str, found: CommunityManaged, q: Q) -> Response:
    return await _export(found, q)


# -- platform-wide consultations --------------------------------------------------------------------
P = "/consultations"


@router.post(P, status_code=status.HTTP_201_CREATED, response_model=ConsultationOut,
             summary="Open a platform-wide consultation (platform operators)")
async def create_platform_consultation(scope: PlatformManager, body: ConsultationIn, unit: UoW, q: Q,
                                       settings: Settings, response: Response) -> ConsultationOut:
    return await _create(scope, body, unit, q, settings, response)


@router.get(P, response_model=list[ConsultationOut], summary="Platform-wide consultations")
async def platform_consultations(scope: PlatformScope, q: Q, settings: Settings,
                                 phase: Phase = None) -> list[ConsultationOut]:
    return await _list(q, scope, phase, settings)


@router.get(P + "/{consultation_id}", response_model=ConsultationOut, summary="One platform-wide consultation")
async def platform_consultation_(found: PlatformOne, q: Q, settings: Settings, response: Response) -> ConsultationOut:
    return await _got(found, q, settings, response)


@router.patch(P + "/{consultation_id}", response_model=ConsultationOut,
              summary="Change a platform-wide consultation (operators; If-Match)")
async def revise_platform_consultation(found: PlatformManaged, expected: IfMatch, body: ConsultationPatch, unit: UoW,
                                       q: Q, settings: Settings, response: Response) -> ConsultationOut:
    return await _revise(found, expected, body, unit, q, settings, response)


@router.delete(P + "/{consultation_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a platform-wide consultation that has not opened (operators; If-Match)")
async def delete_platform_consultation(found: PlatformManaged, expected: IfMatch, unit: UoW) -> Response:
    return await _delete(found, expected, unit)


@router.post(P + "/{consultation_id}/publish", response_model=ConsultationOut,
             summary="Publish a platform-wide draft (operators)")
async def publish_platform_consultation(found: PlatformManaged, expected: OptionalIfMatch, unit: UoW, q: Q,
                                        settings: Settings, response: Response) -> ConsultationOut:
    return await _act(handlers.publish_consultation, found, expected, unit, q, settings, response)


@router.post(P + "/{consultation_id}/close", response_model=ConsultationOut,
             summary="Close a platform-wide consultation now (operators)")
async def close_platform_consultation(found: PlatformManaged, expected: OptionalIfMatch, unit: UoW, q: Q,
                                      settings: Settings, response: Response) -> ConsultationOut:
    return await _act(handlers.close_consultation, found, expected, unit, q, settings, response)


@router.get(P + "/{consultation_id}/response", response_model=ResponseOut, summary="My response")
async def my_platform_response(found: PlatformParticipant, q: Q, settings: Settings,
                               response: Response) -> ResponseOut:
    return await _my_response(found, q, settings, response)


@router.put(P + "/{consultation_id}/response", response_model=ResponseOut,
            summary="Answer, or change my answer, while the consultation is open (everyone signed in)")
async def answer_platform_consultation(found: PlatformParticipant, body: ResponseIn, unit: UoW, settings: Settings,
                                       response: Response) -> ResponseOut:
    return await _answer(found, body, unit, settings, response)


@router.get(P + "/{consultation_id}/results", response_model=ResultsOut,
            summary="Results: operators any time; everyone once closed, if the results are public")
async def platform_results(found: PlatformOne, q: Q) -> ResultsOut:
    return await _results(found, q)


@router.get(P + "/{consultation_id}/responses.csv", response_class=Response, responses=CSV_RESPONSE,
            summary="Every response as CSV (operators); no identity for an anonymous consultation")
async def export_platform_responses(found: PlatformManaged, q: Q) -> Response:
    return await _export(found, q)
