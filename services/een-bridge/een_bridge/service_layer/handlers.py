"""Command handlers: load through repositories, apply the domain's rules, save, and queue
the resulting events, all in one unit of work."""
from __future__ import annotations

from contracts.events import ProposalSource
from een_bridge.adapters.repository import (
    ExportRepository, ForwardRepository, OfferRepository,
)
from een_bridge.adapters.vocabulary import keyword_mapper
from een_bridge.domain.model import EenOffer, ExportSnapshot, Forward, Ingested, PodProfile, ProposalExport
from een_bridge.service_layer import commands
from servicekit.unit_of_work import Transaction, UnitOfWork


async def ingest_profiles(tx: Transaction, profiles: list[PodProfile]) -> list[Ingested]:
    """Store what changed among these POD profiles and queue what the platform must hear."""
    mapper = keyword_mapper()
    offers = OfferRepository(tx)
    existing = await offers.get_many([p.reference for p in profiles])
    results, added = [], []
    for profile in profiles:
        mapping = mapper.map(technology=profile.technology_keywords, market=profile.market_keywords,
                             nace=profile.nace_codes)
        ingested = EenOffer.ingest(existing.get(profile.reference), profile, mapping)
        if ingested.changed and profile.reference not in existing:
            added.append(ingested.offer)
        elif ingested.changed:
            await offers.save(ingested.offer)
        if ingested.event is not None:
            tx.publish(ingested.event)
        results.append(ingested)
    await offers.add_many(added)
    return results


async def ingest_pod_profile(cmd: commands.IngestPodProfile, uow: UnitOfWork) -> Ingested:
    profile = PodProfile.normalised(
        reference=cmd.reference, type=cmd.type, title=cmd.title, summary=cmd.summary,
        technology_keywords=cmd.technology_keywords, market_keywords=cmd.market_keywords,
        nace_codes=cmd.nace_codes, country=cmd.country, deadline=cmd.deadline, status=cmd.status,
        description=cmd.description)

    async def work(tx: Transaction) -> Ingested:
        [ingested] = await ingest_profiles(tx, [profile])
        return ingested

    return await uow.run(work)


async def track_proposal_state(cmd: commands.TrackProposalState, tx: Transaction) -> None:
    if cmd.source is ProposalSource.EEN:
        return  # it came from the POD: exporting it would echo it back
    exports = ExportRepository(tx)
    existing = await exports.get(cmd.proposal_id)
    snapshot = ExportSnapshot(kind=cmd.kind, title=cmd.title, summary=cmd.summary, description=cmd.description,
                              descriptors=tuple(cmd.descriptors), deadline=cmd.deadline)
    updated = ProposalExport.observe_state(existing, proposal_id=cmd.proposal_id, version=cmd.version,
                                           share_with_een=cmd.share_with_een, snapshot=snapshot)
    if updated is not None:
        await exports.put(updated, existing)


async def track_proposal_closed(cmd: commands.TrackProposalClosed, tx: Transaction) -> None:
    exports = ExportRepository(tx)
    existing = await exports.get(cmd.proposal_id)
    if existing is None:
        return  # an EEN-sourced proposal, which carries no source on its close event: not ours to withdraw
    updated = existing.observe_closed(cmd.version)
    if updated is not None:
        await exports.put(updated, existing)


async def record_een_interest(cmd: commands.RecordEenInterest, tx: Transaction) -> None:
    forwards = ForwardRepository(tx)
    if await forwards.exists(cmd.interest_id):
        return  # the same interest re-published: one forward only
    await forwards.add(Forward.receive(interest_id=cmd.interest_id, proposal_id=cmd.proposal_id,
                                       een_reference=cmd.een_reference, sender_id=cmd.sender_id,
                                       message=cmd.message))


async def erase_user(cmd: commands.EraseUser, tx: Transaction) -> None:
    await ForwardRepository(tx).erase_sender(cmd.user_id)
