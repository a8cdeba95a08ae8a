"""MongoDB adapters of documents: folders (`folders`), document records with their versions
(`documents`), and the bytes of every version in GridFS (bucket `document_files`).

The bytes are written outside the record's transaction, streamed as they arrive
(`DocumentFileStore.store`: checked on their content and counted against the size limit
chunk by chunk, never held whole in memory); the handler then points a record at the file,
and whichever file lost (the new one if the change failed, every version's after a
delete) is deleted afterwards."""
from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase
from servicekit.repository import MongoRepository

from communities.adapters import filetypes
from communities.domain.documents import Document, DocumentVersion, Folder, StoredFile
from communities.domain.moderation import VISIBLE_ONLY, Moderation, ModerationState

FOLDERS = "folders"
DOCUMENTS = "documents"
FILES_BUCKET = "document_files"
CENTRAL_DIRECTORY_MAX = 4 * 1024 * 1024  # a ZIP's member list larger than this is no office file of ours


def folder_doc(f: Folder) -> dict:
    return {"_id": f.id, "community_id": f.community_id, "name": f.name, "name_key": f.key, "parent_id": f.parent_id,
            "created_by": f.created_by, "created_at": f.created_at, "updated_at": f.updated_at, "version": f.version}


def folder_from_doc(doc: dict) -> Folder:
    return Folder(id=doc["_id"], community_id=doc["community_id"], name=doc["name"], parent_id=doc.get("parent_id"),
                  created_by=doc["created_by"], created_at=doc["created_at"], updated_at=doc["updated_at"],
                  version=doc["version"])


def _version_doc(v: DocumentVersion) -> dict:
    return {"number": v.number, "file_id": v.file_id, "filename": v.filename, "content_type": v.content_type,
            "size": v.size, "uploaded_by": v.uploaded_by, "uploaded_at": v.uploaded_at}


def document_doc(d: Document) -> dict:
    return {"_id": d.id, "community_id": d.community_id, "folder_id": d.folder_id, "title": d.title,
            "author_id": d.author_id, "versions": [_version_doc(v) for v in d.versions],
            "created_at": d.created_at, "updated_at": d.updated_at, "version": d.version,
            "moderation": d.moderation.to_doc()}


def document_from_doc(doc: dict) -> Document:
    return Document(id=doc["_id"], community_id=doc["community_id"], folder_id=doc.get("folder_id"),
                    title=doc["title"], author_id=doc["author_id"],
                    versions=tuple(DocumentVersion(**v) for v in doc["versions"]), created_at=doc["created_at"],
                    updated_at=doc["updated_at"], version=doc["version"],
                    moderation=Moderation.from_doc(doc.get("moderation")))


class MongoFolderRepository(MongoRepository):
    collection_name = FOLDERS

    async def add(self, folder: Folder) -> None:
        await self._insert(folder_doc(folder))  # a taken name among siblings: AlreadyExists (409)

    async def get(self, folder_id: str) -> Folder | None:
        return await self._find_as({"_id": folder_id}, folder_from_doc)

    async def save(self, folder: Folder) -> None:
        await self._replace_versioned(folder_doc(folder))

    async def delete(self, folder_id: str) -> None:
        await self._delete_many({"_id": folder_id})

    async def sibling_names(self, community_id: str, parent_id: str | None) -> set[str]:
        docs = await self._find({"community_id": community_id, "parent_id": parent_id}, {"name_key": 1})
        return {d["name_key"] for d in docs}

    async def count_children(self, folder_id: str) -> int:
        return await self._count({"parent_id": folder_id})


class MongoDocumentRepository(MongoRepository):
    collection_name = DOCUMENTS

    async def add(self, document: Document) -> None:
        await self._insert(document_doc(document))

    async def get(self, document_id: str) -> Document | None:
        return await self._find_as({"_id": document_id}, document_from_doc)

    async def save(self, document: Document) -> None:
        await self._replace_versioned(document_doc(document))

    async def delete(self, document_id: str) -> None:
        await self._delete_many({"_id": document_id})

    async def count_in_folder(self, folder_id: str) -> int:
        return await self._count({"folder_id": folder_id})


class DocumentsRepositories:
    """Mixed into CommunitiesContext: the documents repositories, as annotated attributes
    (`name: MongoXRepository`), each built over the handler's transaction."""

    folders: MongoFolderRepository
    documents: MongoDocumentRepository


# -- the read side ------------------------------------------------------------------------------
class DocumentQueries:
    def __init__(self, db: AsyncDatabase) -> None:
        self._folders = db[FOLDERS]
        self._documents = db[DOCUMENTS]

    async def folders(self, community_id: str) -> list[Folder]:
        cursor = self._folders.find({"community_id": community_id}).sort([("name_key", 1), ("_id", 1)])
        return [folder_from_doc(d) async for d in cursor]

    async def folder(self, folder_id: str) -> Folder | None:
        doc = await self._folders.find_one({"_id": folder_id})
        return folder_from_doc(doc) if doc else None

    async def document(self, document_id: str) -> Document | None:
        doc = await self._documents.find_one({"_id": document_id})
        return document_from_doc(doc) if doc else None

    async def documents(self, community_id: str, folder_id: str | None, *, with_hidden: bool,
                        viewer_id: str | None, after_id: str | None, limit: int) -> list[Document]:
        """Newest first; limit+1 rows (an extra one: there is a next page). Hidden ones only
        `with_hidden` (managers) or the viewer's own; removed ones stay, as traces."""
        parts: list[dict] = [{"community_id": community_id, "folder_id": folder_id}]
        if not with_hidden:
            shown = {"moderation.state": {"$in": [*VISIBLE_ONLY["moderation.state"]["$in"],
                                                  ModerationState.REMOVED.value]}}
            parts.append({"$or": [shown, {"author_id": viewer_id}]} if viewer_id else shown)
        if after_id:
            parts.append({"_id": {"$lt": after_id}})
        cursor = self._documents.find({"$and": parts}).sort([("_id", -1)]).limit(limit + 1)
        return [document_from_doc(d) async for d in cursor]


# -- the bytes (GridFS) ---------------------------------------------------------------------------
class UploadTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"A file has at most {limit} bytes.")
        self.limit = limit


@dataclass(frozen=True)
class OpenedFile:
    length: int
    chunks: AsyncIterator[bytes]


class DocumentFileStore:
    """Every version's bytes, one GridFS file each, with the community and document in its
    metadata (indexed: a community's files can be found without its records)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self._bucket = AsyncGridFSBucket(db, bucket_name=FILES_BUCKET)

    async def store(self, file_id: str, chunks: AsyncIterable[bytes], *, filename: str, max_bytes: int,
                    community_id: str, document_id: str, uploaded_by: str) -> StoredFile:
        """Streams `chunks` into GridFS while checking them: UploadTooLarge as soon as more
        than `max_bytes` came (nothing more is read), filetypes.UnsupportedContent as soon
        as the content shows it is not allowed; either way nothing stays stored."""
        inspection = filetypes.Inspection(filename)
        tail = bytearray()  # the last bytes: a ZIP's central directory is found there
        grid_in = self._bucket.open_upload_stream_with_id(file_id, filename, metadata={
            "community_id": community_id, "document_id": document_id, "uploaded_by": uploaded_by})
        try:
            async for chunk in chunks:
                if not chunk:
                    continue
                if inspection.size + len(chunk) > max_bytes:
                    raise UploadTooLarge(max_bytes)
                inspection.feed(chunk)
                await grid_in.write(chunk)
                tail.extend(chunk)
                if len(tail) > filetypes.EOCD_SEARCH:
                    del tail[:len(tail) - filetypes.EOCD_SEARCH]
        except BaseException:
            await grid_in.abort()
            raise
        await grid_in.close()
        try:
            is_zip = inspection.family == "zip" or inspection.head.startswith(b"PK\x03\x04")
            names = await self._zip_names(file_id, bytes(tail), inspection.size) if is_zip else None
            content_type = inspection.finish(names)
        except BaseException:
            await self.delete(file_id)
            raise
        return StoredFile(file_id=file_id, filename=filename, content_type=content_type, size=inspection.size)

    async def _zip_names(self, file_id: str, tail: bytes, size: int) -> list[str]:
        span = filetypes.central_directory_span(tail, size)
        if span is None:
            return []
        offset, length = span
        if length > CENTRAL_DIRECTORY_MAX:
            return []
        tail_start = size - len(tail)
        if offset >= tail_start:
            directory = tail[offset - tail_start:offset - tail_start + length]
        else:
            grid_out = await self._bucket.open_download_stream(file_id)
            try:
                await grid_out.seek(offset)
                directory = await grid_out.read(length)
            finally:
                await grid_out.close()
        return filetypes.zip_member_names(directory)

    async def open(self, file_id: str) -> OpenedFile | None:
        try:
            grid_out = await self._bucket.open_download_stream(file_id)
        except NoFile:
            return None

        async def chunks() -> AsyncIterator[bytes]:
            try:
                while chunk := await grid_out.readchunk():
                    yield chunk
            finally:
                await grid_out.close()

        return OpenedFile(length=grid_out.length, chunks=chunks())

    async def delete(self, file_id: str) -> None:
        try:
            await self._bucket.delete(file_id)
        except NoFile:
            pass


async def ensure_documents_indexes(db: AsyncDatabase) -> None:
    await db[FOLDERS].create_index([("community_id", 1), ("parent_id", 1), ("name_key", 1)], unique=True,
                                   name="unique_name_among_siblings")
    await db[FOLDERS].create_index("parent_id")
    await db[DOCUMENTS].create_index([("community_id", 1), ("folder_id", 1), ("_id", -1)])
    await db[DOCUMENTS].create_index("folder_id")
    await db[DOCUMENTS].create_index("author_id")
    await db[f"{FILES_BUCKET}.files"].create_index([("filename", 1), ("uploadDate", 1)])
    await db[f"{FILES_BUCKET}.files"].create_index([("metadata.community_id", 1), ("metadata.document_id", 1)])
    await db[f"{FILES_BUCKET}.chunks"].create_index([("files_id", 1), ("n", 1)], unique=True)
