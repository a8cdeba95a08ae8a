"""Command handlers, all of one shape: `async def handler(command, ctx) -> result`. Each
loads through the Context's repositories, applies the domain's rules, saves, and publishes
the resulting events; the entrypoint runs it in one unit of work, so all of it commits
together or not at all."""
from __future__ import annotations

from contracts.events import ProposalSource
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import EenOffer, ExportSnapshot, Forward, Ingested, PodProfile, ProposalExport
from een_bridge.service_layer import commands
from een_bridge.service_layer.ports import Context


async def ingest_profiles(ctx: Context, profiles: list[PodProfile]) -> list[Ingested]:
    """Store what changed among these POD profiles and publish what the platform must hear
    (an operator's one profile, or a sync's page)."""
    mapper = keyword_mapper()
    existing = await ctx.offers.get_many([p.reference for p in profiles])
    results, added = [], []
    for profile in profiles:
        mapping = mapper.map(technology=profile.technology_keywords, market=profile.market_keywords,
                             nace=profile.nace_codes)
        ingested = EenOffer.ingest(existing.get(profile.reference), profile, mapping)
        if ingested.changed and profile.reference not in existing:
            added.append(ingested.offer)
        elif ingested.changed:
            await ctx.offers.save(ingested.offer)
        if ingested.event is not None:
            ctx.publish(ingested.event)
        results.append(ingested)
    await ctx.offers.add_many(added)
    return results


async def ingest_pod_profile(cmd: commands.IngestPodProfile, ctx: Context) -> Ingested:
    profile = PodProfile.normalised(
        reference=cmd.reference, type=cmd.type, title=cmd.title, summary=cmd.summary,
        technology_keywords=cmd.technology_keywords, market_keywords=cmd.market_keywords,
        nace_codes=cmd.nace_codes, country=cmd.country, deadline=cmd.deadline, status=cmd.status,
        description=cmd.description)
    [ingested] = await ingest_profiles(ctx, [profile])
    return ingested


async def track_proposal_state(cmd: commands.TrackProposalState, ctx: Context) -> None:
    if cmd.source is ProposalSource.EEN:
        return  # it came from the POD: exporting it would echo it back
    existing = await ctx.exports.get(cmd.proposal_id)
    snapshot = ExportSnapshot(kind=cmd.kind, title=cmd.title, summary=cmd.summary, description=cmd.description,
                              descriptors=tuple(cmd.descriptors), deadline=cmd.deadline)
    updated = ProposalExport.observe_state(existing, proposal_id=cmd.proposal_id, version=cmd.version,
                                           share_with_een=cmd.share_with_een, snapshot=snapshot)
    if updated is not None:
        await ctx.exports.put(updated, existing)


async def track_proposal_closed(cmd: commands.TrackProposalClosed, ctx: Context) -> None:
    existing = await ctx.exports.get(cmd.proposal_id)
    if existing is None:
        return  # an EEN-sourced proposal, which carries no source on its close event: not ours to withdraw
    updated = existing.observe_closed(cmd.version)
    if updated is not None:
        await ctx.exports.put(updated, existing)


async def record_een_interest(cmd: commands.RecordEenInterest, ctx: Context) -> None:
    if await ctx.forwards.exists(cmd.interest_id):
        return  # the same interest re-published: one forward only
    await ctx.forwards.add(Forward.receive(interest_id=cmd.interest_id, proposal_id=cmd.proposal_id,
                                           een_reference=cmd.een_reference, sender_id=cmd.sender_id,
                                           message=cmd.message))


async def erase_user(cmd: commands.EraseUser, ctx: Context) -> None:
    await ctx.forwards.erase_sender(cmd.user_id)
