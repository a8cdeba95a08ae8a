"""Commands and handlers of documents (the capability's own: the core ones are in commands.py
and handlers.py). Handlers have the one shape: `async def handler(command, ctx) -> result`.

Every handler loads the scope inside its transaction and lets the domain
(`domain/documents.py`) decide. A folder or document of another community, or one the
actor may not see, answers 404 like one that does not exist. The bytes are in storage
before a handler runs (the route streamed them there); handlers only point records at
them, and say which files nothing points at any more."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from contracts.events import IntegrationEvent
from servicekit.exceptions import NotFound
from servicekit.versioning import check_version

from communities.domain import documents as domain
from communities.domain.access import Actor, Scope
from communities.domain.documents import Document, Folder, StoredFile
from communities.service_layer.scopes import ScopeSource, load_scope


# -- ports ------------------------------------------------------------------------------------
class FolderRepository(Protocol):
    async def add(self, folder: Folder) -> None: ...

    async def get(self, folder_id: str) -> Folder | None: ...

    async def save(self, folder: Folder) -> None:
        """Optimistic: the stored version must be folder.version - 1 (else ConcurrentModification)."""

    async def delete(self, folder_id: str) -> None: ...

    async def sibling_names(self, community_id: str, parent_id: str | None) -> set[str]:
        """The name keys (domain.folder_key) of the folders directly in `parent_id` (None: the root)."""

    async def count_children(self, folder_id: str) -> int: ...


class DocumentRepository(Protocol):
    async def add(self, document: Document) -> None: ...

    async def get(self, document_id: str) -> Document | None: ...

    async def save(self, document: Document) -> None:
        """Optimistic: the stored version must be document.version - 1."""

    async def delete(self, document_id: str) -> None: ...

    async def count_in_folder(self, folder_id: str) -> int: ...


class DocumentsContext(ScopeSource, Protocol):
    folders: FolderRepository
    documents: DocumentRepository

    def publish(self, event: IntegrationEvent) -> None: ...


# -- commands ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CreateFolder:
    community_id: str
    actor: Actor
    folder_id: str
    name: str
    parent_id: str | None = None


@dataclass(frozen=True)
class RenameFolder:
    community_id: str
    folder_id: str
    actor: Actor
    name: str
    expected_version: int | None = None


@dataclass(frozen=True)
class DeleteFolder:
    community_id: str
    folder_id: str
    actor: Actor
    expected_version: int | None = None


@dataclass(frozen=True)
class ShareDocument:
    """A new document: its first version is stored already."""

    community_id: str
    actor: Actor
    document_id: str
    file: StoredFile
    title: str | None = None
    folder_id: str | None = None


@dataclass(frozen=True)
class AddVersion:
    community_id: str
    document_id: str
    actor: Actor
    file: StoredFile


@dataclass(frozen=True)
class ReviseDocument:
    community_id: str
    document_id: str
    actor: Actor
    expected_version: int | None
    title: str | None = None
    folder_id: str | None = None
    to_root: bool = False


@dataclass(frozen=True)
class DeleteDocument:
    community_id: str
    document_id: str
    actor: Actor
    expected_version: int | None = None


# -- handlers ---------------------------------------------------------------------------------
async def _folder(ctx: DocumentsContext, scope: Scope, folder_id: str) -> Folder:
    folder = await ctx.folders.get(folder_id)
    if folder is None or folder.community_id != scope.community_id:
        raise NotFound(f"No folder {folder_id}.")
    return folder


async def _depth(ctx: DocumentsContext, folder: Folder) -> int:
    """How many folders hold this one."""
    depth, parent_id = 0, folder.parent_id
    while parent_id is not None and depth <= domain.MAX_FOLDER_DEPTH:
        parent = await ctx.folders.get(parent_id)
        if parent is None:
            break
        depth, parent_id = depth + 1, parent.parent_id
    return depth


async def _document(ctx: DocumentsContext, scope: Scope, document_id: str) -> Document:
    document = await ctx.documents.get(document_id)
    if document is None or document.community_id != scope.community_id or not document.listed_for(scope):
        raise NotFound(f"No document {document_id}.")
    return document


async def create_folder(cmd: CreateFolder, ctx: DocumentsContext) -> Folder:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    parent = await _folder(ctx, scope, cmd.parent_id) if cmd.parent_id else None
    folder = domain.new_folder(scope, folder_id=cmd.folder_id, name=cmd.name, parent=parent,
                               parent_depth=await _depth(ctx, parent) if parent else 0,
                               sibling_names=await ctx.folders.sibling_names(cmd.community_id, cmd.parent_id))
    await ctx.folders.add(folder)
    return folder


async def rename_folder(cmd: RenameFolder, ctx: DocumentsContext) -> Folder:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    folder = await _folder(ctx, scope, cmd.folder_id)
    check_version(folder.version, cmd.expected_version)
    renamed = folder.renamed(scope, cmd.name,
                             sibling_names=await ctx.folders.sibling_names(cmd.community_id, folder.parent_id))
    if renamed is not folder:
        await ctx.folders.save(renamed)
    return renamed


async def delete_folder(cmd: DeleteFolder, ctx: DocumentsContext) -> None:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    folder = await _folder(ctx, scope, cmd.folder_id)
    check_version(folder.version, cmd.expected_version)
    folder.check_deletable(scope, subfolders=await ctx.folders.count_children(folder.id),
                           documents=await ctx.documents.count_in_folder(folder.id))
    await ctx.folders.delete(folder.id)


async def share_document(cmd: ShareDocument, ctx: DocumentsContext) -> Document:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_participate("share documents")
    folder = await _folder(ctx, scope, cmd.folder_id) if cmd.folder_id else None
    document, events = domain.share(scope, document_id=cmd.document_id, file=cmd.file, title=cmd.title,
                                    folder=folder)
    await ctx.documents.add(document)
    for event in events:
        ctx.publish(event)
    return document


async def add_version(cmd: AddVersion, ctx: DocumentsContext) -> Document:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    document = await _document(ctx, scope, cmd.document_id)
    changed, events = document.add_version(scope, cmd.file)
    await ctx.documents.save(changed)
    for event in events:
        ctx.publish(event)
    return changed


async def revise_document(cmd: ReviseDocument, ctx: DocumentsContext) -> Document:
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    document = await _document(ctx, scope, cmd.document_id)
    check_version(document.version, cmd.expected_version)
    folder = await _folder(ctx, scope, cmd.folder_id) if cmd.folder_id else None
    changed = document.revised(scope, title=cmd.title, folder=folder, to_root=cmd.to_root)
    if changed is not document:
        await ctx.documents.save(changed)
    return changed


async def delete_document(cmd: DeleteDocument, ctx: DocumentsContext) -> list[str]:
    """The document and all its versions; the ids of the files to delete once committed."""
    scope = (await load_scope(ctx, cmd.community_id, cmd.actor)).require_read()
    document = await _document(ctx, scope, cmd.document_id)
    check_version(document.version, cmd.expected_version)
    document.check_deletable(scope)
    await ctx.documents.delete(document.id)
    return document.file_ids
