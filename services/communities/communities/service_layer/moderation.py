"""Commands and handlers of moderation (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

Each handler loads the scope (the community, or the platform) and the content inside its
transaction and lets the domain (`domain/reports.py`) decide; content the actor may not
see answers 404, like content that does not exist."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from contracts.events import ContentKind, IntegrationEvent
from servicekit.exceptions import NotFound
from servicekit.ids import new_id

from communities.domain import reports as domain
from communities.domain.access import Actor
from communities.domain.moderation import Moderation
from communities.domain.reports import Decision, Report, ReportCategory, ReportedContent
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class ReportRepository(Protocol):
    async def add(self, report: Report) -> None:
        """A second report by the same member on the same item: AlreadyExists."""

    async def open_for(self, kind: ContentKind, content_id: str) -> list[Report]: ...

    async def reported_by(self, kind: ContentKind, content_id: str, reporter_id: str) -> bool: ...

    async def close(self, reports: list[Report]) -> None:
        """Store the closed state of reports that were open."""


class ModeratedContent(Protocol):
    """The reportable content of every kind (kept by the other capabilities)."""

    async def get(self, kind: ContentKind, content_id: str) -> ReportedContent | None: ...

    async def touch(self, kind: ContentKind, content_id: str, at: datetime) -> None:
        """Write the content's document, so that concurrent reports of it conflict (and are
        re-run): each then counts the others' reports against the threshold."""

    async def set_moderation(self, kind: ContentKind, content_id: str, moderation: Moderation) -> None: ...


class ModerationContext(ScopeSource, Protocol):
    reports: ReportRepository
    moderated: ModeratedContent

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportContent:
    community_id: str | None  # None: platform-wide (news only)
    actor: Actor
    kind: ContentKind
    content_id: str
    category: ReportCategory
    text: str
    threshold: int  # settings.report_hide_threshold


@dataclass(frozen=True)
class Reported:
    report: Report
    hidden: bool  # this report hid the content (pending review)


@dataclass(frozen=True)
class Decide:
    community_id: str | None
    actor: Actor
    kind: ContentKind
    content_id: str
    decision: Decision
    reason: str = ""


@dataclass(frozen=True)
class Decided:
    moderation: Moderation | None  # None: the content is gone (its reports were dismissed)
    closed_reports: int


# -- handlers ---------------------------------------------------------------------------------
def _require_kind(community_id: str | None, kind: ContentKind, content_id: str) -> None:
    if community_id is None and kind is not ContentKind.NEWS:
        raise NotFound(f"No {kind.value} {content_id}.")  # platform-wide content is news only


async def report_content(cmd: ReportContent, ctx: ModerationContext) -> Reported:
    _require_kind(cmd.community_id, cmd.kind, cmd.content_id)
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_participate("report content")
    content = await ctx.moderated.get(cmd.kind, cmd.content_id)
    if content is None or content.community_id != cmd.community_id:
        raise NotFound(f"No {cmd.kind.value} {cmd.content_id}.")
    open_reports = await ctx.reports.open_for(cmd.kind, cmd.content_id)
    report, hidden, events = domain.report(
        scope, content, report_id=new_id(), category=cmd.category, text=cmd.text,
        open_reporters={r.reporter_id for r in open_reports},
        already_reported=await ctx.reports.reported_by(cmd.kind, cmd.content_id, cmd.actor.user_id),
        threshold=cmd.threshold)
    await ctx.moderated.touch(cmd.kind, cmd.content_id, report.created_at)
    await ctx.reports.add(report)
    if hidden is not None:
        await ctx.moderated.set_moderation(cmd.kind, cmd.content_id, hidden)
    for event in events:
        ctx.publish(event)
    return Reported(report=report, hidden=hidden is not None)


async def decide(cmd: Decide, ctx: ModerationContext) -> Decided:
    _require_kind(cmd.community_id, cmd.kind, cmd.content_id)
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_manage("moderate content")
    content = await ctx.moderated.get(cmd.kind, cmd.content_id)
    open_reports = await ctx.reports.open_for(cmd.kind, cmd.content_id)
    if content is None or content.community_id != cmd.community_id:
        # Deleted for good by its author: what is left to do is dismissing its reports.
        mine = [r for r in open_reports if r.community_id == cmd.community_id]
        if content is not None or cmd.decision is not Decision.RESTORE or not mine:
            raise NotFound(f"No {cmd.kind.value} {cmd.content_id}.")
        closed = domain.dismiss(scope, mine)
        await ctx.reports.close(closed)
        return Decided(moderation=None, closed_reports=len(closed))
    moderation, closed, events = domain.decide(scope, content, cmd.decision, reason=cmd.reason,
                                               open_reports=open_reports)
    if moderation is not None:
        await ctx.moderated.set_moderation(cmd.kind, cmd.content_id, moderation)
    await ctx.reports.close(closed)
    for event in events:
        ctx.publish(event)
    return Decided(moderation=moderation or content.moderation, closed_reports=len(closed))
