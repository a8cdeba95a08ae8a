"""HTTP routes of documents: folders and versioned files in GridFS. Thin: parse, authorise, call a handler, shape the answer.

An upload is the file's raw bytes as the request body (any Content-Type: the content is
judged, never the label), its name in the `X-Filename` header (percent-encoded UTF-8, as
JavaScript's encodeURIComponent writes it). The body streams into GridFS as it arrives:
more than `document_max_bytes` is 413 as soon as the limit is passed (a Content-Length
over it is 413 before anything is read), content outside the allow-list (or named as
something it is not) is 415, both problem+json, and nothing stays stored. The gateway's
body limit on these two routes is a little above the service's, so the service answers.

Downloads stream from GridFS with the stored type (`X-Content-Type-Options: nosniff`), the
length, the name (RFC 6266 / RFC 8187 `filename*`) and the file's ETag (a version's bytes
never change: If-None-Match answers 304)."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Depends, Header, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from servicekit.http.concurrency import IfMatch, check_version, set_etag
from servicekit.http.dependencies import Database, UoW, provided
from servicekit.http.errors import Problem
from servicekit.http.pagination import MAX_LIMIT, Page, decode_cursor, next_cursor
from servicekit.http.routing import ServiceRouter
from servicekit.ids import new_id

from communities.adapters import filetypes
from communities.adapters.documents import (
    DocumentFileStore,
    DocumentQueries,
    UploadTooLarge,
)
from communities.domain.access import Scope
from communities.domain.documents import (
    Document,
    DocumentVersion,
    Folder,
    StoredFile,
    safe_filename,
)
from communities.entrypoints.access import (
    ManagedScope,
    ParticipatingScope,
    ReadableScope,
)
from communities.entrypoints.schemas_documents import (
    DocumentOut,
    DocumentPatch,
    FolderIn,
    FolderOut,
    FolderPatch,
    FoldersOut,
)
from communities.service_layer import documents as handlers
from communities.settings import CommunitiesSettings

router = ServiceRouter(tags=["documents"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
FolderQuery = Annotated[str | None, Query(max_length=64, description="the folder; the root if absent")]
TitleQuery = Annotated[str | None, Query(max_length=200, description="the title; the file's name if absent")]
Filename = Annotated[str, Header(alias="X-Filename", max_length=1024,
                                 description="the file's name, percent-encoded UTF-8 (encodeURIComponent)")]
Settings = Annotated[CommunitiesSettings, Depends(provided(CommunitiesSettings))]
UPLOAD_BODY = {"requestBody": {"required": True, "content": {
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}
UPLOAD_ERRORS = {413: {"description": "larger than the limit"},
                 415: {"description": "not an allowed type (judged on the content), or named as another type"}}


def document_queries(db: Database) -> DocumentQueries:
    return DocumentQueries(db)


def file_store(db: Database) -> DocumentFileStore:
    return DocumentFileStore(db)


Queries = Annotated[DocumentQueries, Depends(document_queries)]
Files = Annotated[DocumentFileStore, Depends(file_store)]


def _not_found(what: str, item_id: str) -> Problem:
    return Problem(f"No {what} {item_id}.", status=404, title="Not Found")


def _out(d: Document, scope: Scope) -> DocumentOut:
    return DocumentOut.of(d, can_edit=d.editable_by(scope), can_manage=scope.can_manage(),
                          can_download=d.downloadable_by(scope))


# -- what the path names, as dependencies (404/403 before If-Match and the body) -----------------
async def _folder_of(q: DocumentQueries, scope: Scope, folder_id: str) -> Folder:
    folder = await q.folder(folder_id)
    if folder is None or folder.community_id != scope.community_id:
        raise _not_found("folder", folder_id)
    return folder


async def managed_folder(folder_id: str, scope: ManagedScope, q: Queries) -> tuple[Scope, Folder]:
    return scope, await _folder_of(q, scope, folder_id)


async def readable_document(document_id: str, scope: ReadableScope, q: Queries) -> tuple[Scope, Document]:
    document = await q.document(document_id)
    if document is None or document.community_id != scope.community_id or not document.listed_for(scope):
        raise _not_found("document", document_id)
    return scope, document


async def editable_document(article: Annotated[tuple[Scope, Document], Depends(readable_document)]
                            ) -> tuple[Scope, Document]:
    scope, document = article
    if not document.editable_by(scope):
        raise Problem("Only whoever uploaded this document, or a manager, can change it.", status=403,
                      title="Forbidden")
    return scope, document


async def upload_target(scope: ParticipatingScope, q: Queries, folder_id: FolderQuery = None) -> tuple[Scope, str | None]:
    if folder_id:
        await _folder_of(q, scope, folder_id)
    return scope, folder_id


ManagedFolder = Annotated[tuple[Scope, Folder], Depends(managed_folder)]
ReadableDocument = Annotated[tuple[Scope, Document], Depends(readable_document)]
EditableDocument = Annotated[tuple[Scope, Document], Depends(editable_document)]
UploadTarget = Annotated[tuple[Scope, str | None], Depends(upload_target)]


# -- uploads -----------------------------------------------------------------------------------------
def _too_large(limit: int) -> Problem:
    return Problem(f"A file has at most {_mib(limit)} ({limit} bytes).", status=413, title="Content Too Large",
                   extra={"max_bytes": limit})


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n % (1024 * 1024) == 0 else f"{n / (1024 * 1024):.1f} MiB"


def _filename(header: str) -> str:
    try:
        name = unquote(header, errors="strict") if "%" in header else header
    except UnicodeDecodeError:
        raise Problem("X-Filename is not percent-encoded UTF-8.", status=422, title="Unprocessable Content") from None
    if not name.strip():
        raise Problem("Say the file's name in X-Filename.", status=422, title="Unprocessable Content")
    return safe_filename(name)


async def _receive(request: Request, files: DocumentFileStore, settings: CommunitiesSettings, scope: Scope, *,
                   document_id: str, filename: str) -> StoredFile:
    limit = settings.document_max_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    try:
        return await files.store(new_id(), request.stream(), filename=filename, max_bytes=limit,
                                 community_id=scope.community_id or "", document_id=document_id,
                                 uploaded_by=scope.actor.user_id)
    except UploadTooLarge:
        raise _too_large(limit) from None
    except filetypes.UnsupportedContent as exc:
        if exc.found == "empty":
            raise Problem(str(exc), status=422, title="Unprocessable Content") from None
        raise Problem(str(exc), status=415, title="Unsupported Media Type",
                      extra={"found": exc.found, "allowed": sorted(filetypes.ALLOWED)}) from None


async def _handled(unit, handler, command, files: DocumentFileStore, stored: StoredFile):
    try:
        return await unit.handle(handler, command)
    except BaseException:
        await files.delete(stored.file_id)  # no record points at it
        raise


# -- folders -----------------------------------------------------------------------------------------
@router.get("/communities/{community_id}/folders", response_model=FoldersOut,
            summary="Every folder of the community (build the tree from parent_id), and what the caller may do")
async def folders(community_id: str, scope: ReadableScope, q: Queries, settings: Settings) -> FoldersOut:
    return FoldersOut(items=[FolderOut.of(f) for f in await q.folders(community_id)], can_manage=scope.can_manage(),
                      can_upload=scope.can_participate(), max_bytes=settings.document_max_bytes,
                      allowed_types=sorted(filetypes.ALLOWED))


@router.post("/communities/{community_id}/folders", status_code=status.HTTP_201_CREATED, response_model=FolderOut,
             summary="Create a folder, at the root or in another (owner, moderators)")
async def create_folder(community_id: str, scope: ManagedScope, body: FolderIn, unit: UoW,
                        response: Response) -> FolderOut:
    folder = await unit.handle(handlers.create_folder, handlers.CreateFolder(
        community_id=community_id, actor=scope.actor, folder_id=new_id(), name=body.name, parent_id=body.parent_id))
    response.headers["Location"] = f"communities/{community_id}/folders/{folder.id}"
    set_etag(response, folder.version)
    return FolderOut.of(folder)


@router.patch("/communities/{community_id}/folders/{folder_id}", response_model=FolderOut,
              summary="Rename a folder (owner, moderators; If-Match required)")
async def rename_folder(community_id: str, target: ManagedFolder, expected: IfMatch, body: FolderPatch, unit: UoW,
                        response: Response) -> FolderOut:
    scope, folder = target
    check_version(folder.version, expected)
    renamed = await unit.handle(handlers.rename_folder, handlers.RenameFolder(
        community_id=community_id, folder_id=folder.id, actor=scope.actor, name=body.name,
        expected_version=expected))
    set_etag(response, renamed.version)
    return FolderOut.of(renamed)


@router.delete("/communities/{community_id}/folders/{folder_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete an empty folder (owner, moderators; If-Match required; 409 if it holds anything)")
async def delete_folder(community_id: str, target: ManagedFolder, expected: IfMatch, unit: UoW) -> Response:
    scope, folder = target
    check_version(folder.version, expected)
    await unit.handle(handlers.delete_folder, handlers.DeleteFolder(
        community_id=community_id, folder_id=folder.id, actor=scope.actor, expected_version=expected))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- documents ---------------------------------------------------------------------------------------
@router.get("/communities/{community_id}/documents", response_model=Page[DocumentOut],
            summary="The documents in a folder (or the root), newest first")
async def documents(community_id: str, scope: ReadableScope, q: Queries, folder_id: FolderQuery = None,
                    limit: Limit = 50, cursor: str | None = None) -> Page[DocumentOut]:
    if folder_id:
        await _folder_of(q, scope, folder_id)
    rows = await q.documents(community_id, folder_id, with_hidden=scope.can_manage(), viewer_id=scope.actor.user_id,
                             after_id=decode_cursor(cursor), limit=limit)
    return Page(items=[_out(d, scope) for d in rows[:limit]], next_cursor=next_cursor([d.id for d in rows], limit))


@router.post("/communities/{community_id}/documents", status_code=status.HTTP_201_CREATED,
             response_model=DocumentOut, openapi_extra=UPLOAD_BODY, responses=UPLOAD_ERRORS,
             summary="Share a document (members): the file's raw bytes, its name in X-Filename")
async def share_document(community_id: str, target: UploadTarget, filename: Filename, request: Request, unit: UoW,
                         files: Files, settings: Settings, response: Response, title: TitleQuery = None) -> DocumentOut:
    scope, folder_id = target
    if title is not None and not title.isprintable():
        raise Problem("A title is one line of text, without control characters.", status=422,
                      title="Unprocessable Content")
    name, document_id = _filename(filename), new_id()
    stored = await _receive(request, files, settings, scope, document_id=document_id, filename=name)
    document = await _handled(unit, handlers.share_document, handlers.ShareDocument(
        community_id=community_id, actor=scope.actor, document_id=document_id, file=stored,
        title=title.strip() if title and title.strip() else None, folder_id=folder_id), files, stored)
    response.headers["Location"] = f"communities/{community_id}/documents/{document.id}"
    set_etag(response, document.version)
    return _out(document, scope)


@router.get("/communities/{community_id}/documents/{document_id}", response_model=DocumentOut,
            summary="One document, with every version")
async def document(community_id: str, target: ReadableDocument, response: Response) -> DocumentOut:
    scope, d = target
    set_etag(response, d.version)
    return _out(d, scope)


@router.patch("/communities/{community_id}/documents/{document_id}", response_model=DocumentOut,
              summary="Rename a document or move it to another folder (folder_id null: the root); its uploader "
                      "or a manager, If-Match required")
async def revise_document(community_id: str, target: EditableDocument, expected: IfMatch, body: DocumentPatch,
                          unit: UoW, response: Response) -> DocumentOut:
    scope, d = target
    check_version(d.version, expected)
    changes = body.model_dump(exclude_unset=True)
    revised = await unit.handle(handlers.revise_document, handlers.ReviseDocument(
        community_id=community_id, document_id=d.id, actor=scope.actor, expected_version=expected,
        title=changes.get("title"), folder_id=changes.get("folder_id"),
        to_root="folder_id" in changes and changes["folder_id"] is None))
    set_etag(response, revised.version)
    return _out(revised, scope)


@router.delete("/communities/{community_id}/documents/{document_id}", status_code=status.HTTP_204_NO_CONTENT,
               summary="Delete a document and all its versions (its uploader or a manager; If-Match required)")
async def delete_document(community_id: str, target: EditableDocument, expected: IfMatch, unit: UoW,
                          files: Files) -> Response:
    scope, d = target
    check_version(d.version, expected)
    file_ids = await unit.handle(handlers.delete_document, handlers.DeleteDocument(
        community_id=community_id, document_id=d.id, actor=scope.actor, expected_version=expected))
    for file_id in file_ids:
        await files.delete(file_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/communities/{community_id}/documents/{document_id}/versions", status_code=status.HTTP_201_CREATED,
             response_model=DocumentOut, openapi_extra=UPLOAD_BODY, responses=UPLOAD_ERRORS,
             summary="Upload a new version (its uploader or a manager): the raw bytes, the name in X-Filename")
async def add_version(community_id: str, target: EditableDocument, filename: Filename, request: Request, unit: UoW,
                      files: Files, settings: Settings, response: Response) -> DocumentOut:
    scope, d = target
    stored = await _receive(request, files, settings, scope, document_id=d.id, filename=_filename(filename))
    changed = await _handled(unit, handlers.add_version, handlers.AddVersion(
        community_id=community_id, document_id=d.id, actor=scope.actor, file=stored), files, stored)
    set_etag(response, changed.version)
    return _out(changed, scope)


# -- downloads ---------------------------------------------------------------------------------------
def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback and the exact name in RFC 8187 encoding."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in filename) or "document"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def _download(target: tuple[Scope, Document], v: DocumentVersion | None, files: DocumentFileStore,
                    request: Request) -> Response:
    scope, d = target
    if v is None:
        raise Problem("This document has no such version.", status=404, title="Not Found")
    if not d.downloadable_by(scope):
        raise Problem("A moderator has hidden this document.", status=403, title="Forbidden")
    etag = f'"f{v.file_id}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff",
               "Content-Disposition": content_disposition(v.filename)}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    opened = await files.open(v.file_id)
    if opened is None:
        raise _not_found("file of this version", str(v.number))
    return StreamingResponse(opened.chunks, media_type=v.content_type,
                             headers={**headers, "Content-Length": str(opened.length)})


DOWNLOAD = {200: {"content": {t: {} for t in sorted(filetypes.ALLOWED)}}, 304: {"description": "not modified"}}


@router.get("/communities/{community_id}/documents/{document_id}/content", response_class=StreamingResponse,
            responses=DOWNLOAD, summary="Download the latest version")
async def download_latest(community_id: str, target: ReadableDocument, files: Files, request: Request) -> Response:
    return await _download(target, target[1].latest, files, request)


@router.get("/communities/{community_id}/documents/{document_id}/versions/{number}/content",
            response_class=StreamingResponse, responses=DOWNLOAD, summary="Download one version")
async def download_version(community_id: str, number: int, target: ReadableDocument, files: Files,
                           request: Request) -> Response:
    return await _download(target, target[1].file_version(number), files, request)
