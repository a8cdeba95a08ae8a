"""The documents service layer with in-memory repositories: the scope checked in the
transaction, 404 for folders and documents of another community or hidden from the actor,
If-Match, DocumentShared on every upload, and the files a deletion leaves to delete."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from communities.adapters.filetypes import PDF
from communities.domain.access import Actor
from communities.domain.documents import Document, Folder, StoredFile, folder_key
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.service_layer import documents as handlers
from contracts.events import (
    CommunityVisibility,
    DocumentShared,
    MembershipRole,
    MembershipStatus,
)
from servicekit.exceptions import Forbidden, NotFound, PreconditionFailed

from tests.support.communities_fakes import (
    FakeCommunities,
    FakeInvitations,
    FakeMemberships,
)
from tests.support.fakes import FakeContext, FakeStore, FakeUnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)


class FakeFolders:
    def __init__(self) -> None:
        self.store: FakeStore[Folder] = FakeStore()

    async def add(self, folder: Folder) -> None:
        self.store.insert(folder)

    async def get(self, folder_id: str) -> Folder | None:
        return self.store.rows.get(folder_id)

    async def save(self, folder: Folder) -> None:
        self.store.replace_versioned(folder)

    async def delete(self, folder_id: str) -> None:
        self.store.rows.pop(folder_id, None)

    async def sibling_names(self, community_id: str, parent_id: str | None) -> set[str]:
        return {folder_key(f.name) for f in self.store.where(
            lambda f: (f.community_id, f.parent_id) == (community_id, parent_id))}

    async def count_children(self, folder_id: str) -> int:
        return len(self.store.where(lambda f: f.parent_id == folder_id))


class FakeDocuments:
    def __init__(self) -> None:
        self.store: FakeStore[Document] = FakeStore()

    async def add(self, document: Document) -> None:
        self.store.insert(document)

    async def get(self, document_id: str) -> Document | None:
        return self.store.rows.get(document_id)

    async def save(self, document: Document) -> None:
        self.store.replace_versioned(document)

    async def delete(self, document_id: str) -> None:
        self.store.rows.pop(document_id, None)

    async def count_in_folder(self, folder_id: str) -> int:
        return len(self.store.where(lambda d: d.folder_id == folder_id))


class Ctx(FakeContext):
    communities: FakeCommunities
    memberships: FakeMemberships
    invitations: FakeInvitations
    folders: FakeFolders
    documents: FakeDocuments


@pytest.fixture
def ctx() -> Ctx:
    ctx = Ctx()
    for cid, visibility in (("open", CommunityVisibility.PUBLIC), ("closed", CommunityVisibility.CLOSED)):
        ctx.communities.store.insert(Community(id=cid, name=f"C {cid}", description="", visibility=visibility,
                                               descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW))
        for user, role in (("owner", MembershipRole.OWNER), ("mod", MembershipRole.MODERATOR),
                           ("member", MembershipRole.MEMBER), ("other", MembershipRole.MEMBER)):
            ctx.memberships.store.insert(Membership(id=f"{cid}-{user}", community_id=cid, user_id=user, role=role,
                                                    status=MembershipStatus.ACTIVE, since=NOW))
    return ctx


def stored(file_id: str = "f1", name: str = "plan.pdf") -> StoredFile:
    return StoredFile(file_id=file_id, filename=name, content_type=PDF, size=10)


async def folder(ctx, name: str, parent: str | None = None, community: str = "open", user: str = "owner") -> Folder:
    return await FakeUnitOfWork(ctx).handle(handlers.create_folder, handlers.CreateFolder(
        community_id=community, actor=Actor(user), folder_id=f"fold-{name}", name=name, parent_id=parent))


async def share(ctx, community: str = "open", user: str = "member", folder_id: str | None = None,
                document_id: str = "d1") -> Document:
    return await FakeUnitOfWork(ctx).handle(handlers.share_document, handlers.ShareDocument(
        community_id=community, actor=Actor(user), document_id=document_id, file=stored(), folder_id=folder_id))


async def test_folders_nest_and_only_empty_ones_go(ctx):
    top = await folder(ctx, "Calls")
    sub = await folder(ctx, "Horizon", top.id)
    assert sub.parent_id == top.id
    with pytest.raises(CommunityRuleViolation):
        await folder(ctx, "calls")
    with pytest.raises(NotAllowed):
        await folder(ctx, "Mine", user="member")
    with pytest.raises(NotFound):
        await folder(ctx, "Elsewhere", parent=top.id, community="closed")  # another community's folder
    with pytest.raises(CommunityRuleViolation):
        await FakeUnitOfWork(ctx).handle(handlers.delete_folder, handlers.DeleteFolder("open", top.id, Actor("owner")))
    await FakeUnitOfWork(ctx).handle(handlers.delete_folder, handlers.DeleteFolder("open", sub.id, Actor("mod")))
    await share(ctx, folder_id=top.id)
    with pytest.raises(CommunityRuleViolation):
        await FakeUnitOfWork(ctx).handle(handlers.delete_folder, handlers.DeleteFolder("open", top.id, Actor("owner")))


async def test_renaming_a_folder_checks_the_version(ctx):
    top = await folder(ctx, "Calls")
    with pytest.raises(PreconditionFailed):
        await FakeUnitOfWork(ctx).handle(handlers.rename_folder, handlers.RenameFolder(
            "open", top.id, Actor("owner"), "Archive", expected_version=7))
    renamed = await FakeUnitOfWork(ctx).handle(handlers.rename_folder, handlers.RenameFolder(
        "open", top.id, Actor("owner"), "Archive", expected_version=1))
    assert ctx.folders.store.rows[top.id].name == "Archive" and renamed.version == 2


async def test_sharing_publishes_document_shared_and_needs_membership(ctx):
    doc = await share(ctx)
    [event] = ctx.published
    assert isinstance(event, DocumentShared) and (event.document_id, event.version) == (doc.id, 1)
    with pytest.raises(Forbidden):
        await share(ctx, user="stranger", document_id="d2")
    with pytest.raises(NotFound):
        await share(ctx, community="closed", user="stranger", document_id="d3")
    with pytest.raises(NotFound):
        await share(ctx, folder_id="missing", document_id="d4")


async def test_versions_by_the_uploader_or_a_manager(ctx):
    doc = await share(ctx)
    uow = FakeUnitOfWork(ctx)
    changed = await uow.handle(handlers.add_version, handlers.AddVersion("open", doc.id, Actor("member"),
                                                                         stored("f2", "plan-2.pdf")))
    assert [v.file_id for v in changed.versions] == ["f1", "f2"]
    assert [e.version for e in ctx.published] == [1, 2]
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.add_version, handlers.AddVersion("open", doc.id, Actor("other"), stored("f3")))
    with pytest.raises(NotFound):
        await uow.handle(handlers.add_version, handlers.AddVersion("closed", doc.id, Actor("owner"), stored("f3")))


async def test_deleting_returns_every_versions_file(ctx):
    doc = await share(ctx)
    uow = FakeUnitOfWork(ctx)
    await uow.handle(handlers.add_version, handlers.AddVersion("open", doc.id, Actor("member"), stored("f2")))
    with pytest.raises(NotAllowed):
        await uow.handle(handlers.delete_document, handlers.DeleteDocument("open", doc.id, Actor("other")))
    with pytest.raises(PreconditionFailed):
        await uow.handle(handlers.delete_document, handlers.DeleteDocument("open", doc.id, Actor("owner"), 1))
    files = await uow.handle(handlers.delete_document, handlers.DeleteDocument("open", doc.id, Actor("owner"), 2))
    assert files == ["f1", "f2"] and ctx.documents.store.rows == {}


async def test_moving_a_document_between_folders(ctx):
    top = await folder(ctx, "Calls")
    doc = await share(ctx)
    uow = FakeUnitOfWork(ctx)
    moved = await uow.handle(handlers.revise_document, handlers.ReviseDocument(
        "open", doc.id, Actor("member"), 1, title="Plan 2026", folder_id=top.id))
    assert (moved.folder_id, moved.title, moved.version) == (top.id, "Plan 2026", 2)
    back = await uow.handle(handlers.revise_document, handlers.ReviseDocument(
        "open", doc.id, Actor("mod"), 2, to_root=True))
    assert back.folder_id is None
