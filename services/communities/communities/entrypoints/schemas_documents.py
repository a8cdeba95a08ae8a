"""HTTP request and response bodies of documents."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from servicekit.validation import SingleLineText

from communities.adapters.filetypes import LABELS
from communities.domain import documents as domain
from communities.domain.documents import Document, DocumentVersion, Folder
from communities.domain.moderation import ModerationState


class FolderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText = Field(min_length=1, max_length=domain.FOLDER_NAME_MAX)
    parent_id: str | None = Field(default=None, max_length=64, description="the folder it goes in; the root if absent")


class FolderPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLineText = Field(min_length=1, max_length=domain.FOLDER_NAME_MAX)


class FolderOut(BaseModel):
    id: str
    community_id: str
    name: str
    parent_id: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, f: Folder) -> FolderOut:
        return cls(id=f.id, community_id=f.community_id, name=f.name, parent_id=f.parent_id,
                   created_by=f.created_by, created_at=f.created_at, updated_at=f.updated_at, version=f.version)


class FoldersOut(BaseModel):
    items: list[FolderOut] = Field(description="every folder of the community, by name (parent_id builds the tree)")
    can_manage: bool = Field(description="the caller may create, rename and delete folders")
    can_upload: bool = Field(description="the caller may share documents here")
    max_bytes: int = Field(description="the largest file an upload may carry")
    allowed_types: list[str] = Field(description="the MIME types accepted (judged on the content)")


class DocumentPatch(BaseModel):
    """Only what changes; `folder_id: null` moves it to the root."""

    model_config = ConfigDict(extra="forbid")

    title: SingleLineText | None = Field(default=None, min_length=1, max_length=domain.TITLE_MAX)
    folder_id: str | None = Field(default=None, max_length=64)


class VersionOut(BaseModel):
    number: int
    filename: str
    content_type: str
    type_label: str = Field(description="what people call the type: PDF, DOCX, PNG…")
    size: int
    uploaded_by: str
    uploaded_at: datetime
    url: str = Field(description="the file, relative to the service (send the bearer token)")

    @classmethod
    def of(cls, d: Document, v: DocumentVersion) -> VersionOut:
        return cls(number=v.number, filename=v.filename, content_type=v.content_type,
                   type_label=LABELS.get(v.content_type, v.content_type), size=v.size, uploaded_by=v.uploaded_by,
                   uploaded_at=v.uploaded_at,
                   url=f"/communities/{d.community_id}/documents/{d.id}/versions/{v.number}/content")


class DocumentOut(BaseModel):
    id: str
    community_id: str
    folder_id: str | None
    title: str
    author_id: str
    version: int = Field(description="of this record (the ETag), not of the file: see latest.number")
    latest: VersionOut | None = Field(description="the current content (none on a removed document's trace)")
    versions: list[VersionOut] = Field(description="every version, oldest first")
    created_at: datetime
    updated_at: datetime
    moderation_state: ModerationState = ModerationState.VISIBLE
    removed_by_moderator: bool = False
    can_edit: bool = Field(default=False, description="the caller may add versions, rename, move and delete it")
    can_download: bool = False

    @classmethod
    def of(cls, d: Document, *, can_edit: bool, can_manage: bool, can_download: bool) -> DocumentOut:
        trace_only = d.removed_by_moderator and not can_manage
        versions = [] if trace_only else [VersionOut.of(d, v) for v in d.versions]
        insider = can_edit or can_manage
        return cls(id=d.id, community_id=d.community_id, folder_id=d.folder_id, title="" if trace_only else d.title,
                   author_id=d.author_id, version=d.version, latest=versions[-1] if versions else None,
                   versions=versions, created_at=d.created_at, updated_at=d.updated_at,
                   moderation_state=d.moderation.state if insider else (
                       ModerationState.REMOVED if d.removed_by_moderator else ModerationState.VISIBLE),
                   removed_by_moderator=d.removed_by_moderator, can_edit=can_edit and not d.removed_by_moderator,
                   can_download=can_download and not trace_only)
