"""Documents: files a community shares, in folders, each with its versions. Pure: no I/O
(the bytes live in GridFS; this is what is known about them).

- Folders: a name and an optional parent folder of the same community; created, renamed
  and deleted (only when empty) by the community's managers. Names are unique among a
  folder's subfolders, regardless of case.
- Any active member may upload into any folder (or the root). The first uploader is the
  document's author; the author and the managers add versions, change its title or folder,
  and delete it (all its versions).
- Every version stays downloadable; the latest is the document's current content.
- Moderation (`domain/moderation.py`): a hidden document is listed, marked, to managers and
  its author, and downloaded by managers only; a removed one leaves others a trace."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from contracts.events import DocumentShared

from communities.domain.access import Scope
from communities.domain.model import CommunityRuleViolation, NotAllowed
from communities.domain.moderation import Moderation, ModerationState

FOLDER_NAME_MAX = 100
TITLE_MAX = 200
FILENAME_MAX = 255
MAX_VERSIONS = 100
MAX_FOLDER_DEPTH = 8


def _now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def folder_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Folder:
    id: str
    community_id: str
    name: str
    parent_id: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def key(self) -> str:
        return folder_key(self.name)

    def renamed(self, scope: Scope, name: str, *, sibling_names: set[str], now: datetime | None = None) -> Folder:
        _require_manager(scope, "rename folders")
        name = _folder_name(name)
        if name == self.name:
            return self
        if folder_key(name) in sibling_names and folder_key(name) != self.key:
            raise CommunityRuleViolation(f"There is a folder called {name!r} here already.")
        return replace(self, name=name, updated_at=now or _now(), version=self.version + 1)

    def check_deletable(self, scope: Scope, *, subfolders: int, documents: int) -> None:
        _require_manager(scope, "delete folders")
        if subfolders or documents:
            raise CommunityRuleViolation("Only an empty folder can be deleted: move or delete what it holds first.")


def new_folder(scope: Scope, *, folder_id: str, name: str, parent: Folder | None, parent_depth: int,
               sibling_names: set[str], now: datetime | None = None) -> Folder:
    """A manager makes a folder (the caller looked up the parent, its depth and the names
    of its subfolders)."""
    _require_manager(scope, "create folders")
    name = _folder_name(name)
    if parent is not None and parent.community_id != scope.community_id:
        raise CommunityRuleViolation("The parent folder belongs to another community.")
    if parent is not None and parent_depth + 1 >= MAX_FOLDER_DEPTH:
        raise CommunityRuleViolation(f"Folders nest at most {MAX_FOLDER_DEPTH} deep.")
    if folder_key(name) in sibling_names:
        raise CommunityRuleViolation(f"There is a folder called {name!r} here already.")
    now = now or _now()
    return Folder(id=folder_id, community_id=scope.community_id or "", name=name,
                  parent_id=parent.id if parent else None, created_by=scope.actor.user_id, created_at=now,
                  updated_at=now)


def _folder_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise CommunityRuleViolation("A folder needs a name.")
    if len(name) > FOLDER_NAME_MAX:
        raise CommunityRuleViolation(f"A folder name has at most {FOLDER_NAME_MAX} characters.")
    if "/" in name or "\\" in name:
        raise CommunityRuleViolation("A folder name cannot contain / or \\.")
    return name


@dataclass(frozen=True)
class StoredFile:
    """A file already in storage, checked: what an upload hands the domain."""

    file_id: str
    filename: str
    content_type: str  # sniffed from the content, never the client's
    size: int


@dataclass(frozen=True)
class DocumentVersion:
    number: int
    file_id: str
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class Document:
    id: str
    community_id: str
    folder_id: str | None
    title: str
    author_id: str  # the first uploader
    versions: tuple[DocumentVersion, ...]
    created_at: datetime
    updated_at: datetime
    version: int = 1  # of this record (optimistic concurrency), not of the file
    moderation: Moderation = field(default_factory=Moderation)

    @property
    def latest(self) -> DocumentVersion:
        return self.versions[-1]

    def file_version(self, number: int) -> DocumentVersion | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def file_ids(self) -> list[str]:
        return [v.file_id for v in self.versions]

    @property
    def removed_by_moderator(self) -> bool:
        return self.moderation.state is ModerationState.REMOVED

    # -- who sees and does what --------------------------------------------------------------
    def editable_by(self, scope: Scope) -> bool:
        """Its author (while a member) or a manager."""
        return scope.can_manage() or (scope.can_participate() and self.author_id == scope.actor.user_id)

    def listed_for(self, scope: Scope) -> bool:
        """In the lists: visible ones and removed ones' traces for readers; hidden ones
        (marked) for managers and the author."""
        if not scope.can_read():
            return False
        if self.moderation.state in (ModerationState.VISIBLE, ModerationState.REMOVED):
            return True
        return scope.can_manage() or self.author_id == scope.actor.user_id

    def downloadable_by(self, scope: Scope) -> bool:
        """The bytes: readers while it is visible; managers always."""
        return scope.can_read() and (self.moderation.visible or scope.can_manage())

    # -- changes -----------------------------------------------------------------------------
    def add_version(self, scope: Scope, file: StoredFile, *, now: datetime | None = None
                    ) -> tuple[Document, list]:
        if not self.editable_by(scope):
            raise NotAllowed("Only whoever uploaded this document, or a manager, can add a version.")
        self._require_not_removed()
        if len(self.versions) >= MAX_VERSIONS:
            raise CommunityRuleViolation(f"A document keeps at most {MAX_VERSIONS} versions: upload a new one.")
        now = now or _now()
        v = DocumentVersion(number=self.latest.number + 1, file_id=file.file_id, filename=_filename(file.filename),
                            content_type=file.content_type, size=file.size, uploaded_by=scope.actor.user_id,
                            uploaded_at=now)
        changed = replace(self, versions=(*self.versions, v), updated_at=now, version=self.version + 1)
        return changed, [changed._shared(scope, v)]

    def revised(self, scope: Scope, *, title: str | None = None, folder: Folder | None = None,
                to_root: bool = False, now: datetime | None = None) -> Document:
        """A new title, or another folder (`to_root`: out of every folder)."""
        if not self.editable_by(scope):
            raise NotAllowed("Only whoever uploaded this document, or a manager, can change it.")
        self._require_not_removed()
        fields: dict = {}
        if title is not None:
            fields["title"] = _title(title)
        if folder is not None:
            if folder.community_id != self.community_id:
                raise CommunityRuleViolation("That folder belongs to another community.")
            fields["folder_id"] = folder.id
        elif to_root:
            fields["folder_id"] = None
        changed = replace(self, **fields)
        if changed == self:
            return self
        return replace(changed, updated_at=now or _now(), version=self.version + 1)

    def check_deletable(self, scope: Scope) -> None:
        if not self.editable_by(scope):
            raise NotAllowed("Only whoever uploaded this document, or a manager, can delete it.")

    def _require_not_removed(self) -> None:
        if self.removed_by_moderator:
            raise CommunityRuleViolation("This document was removed by a moderator.")

    def _shared(self, scope: Scope, v: DocumentVersion) -> DocumentShared:
        return DocumentShared(**scope.event_fields(), document_id=self.id, folder_id=self.folder_id,
                              title=self.title, version=v.number, content_type=v.content_type, size=v.size,
                              uploaded_by=v.uploaded_by, shared_at=v.uploaded_at)


def share(scope: Scope, *, document_id: str, file: StoredFile, title: str | None, folder: Folder | None,
          now: datetime | None = None) -> tuple[Document, list]:
    """A member uploads a new document (into `folder`, or the root); DocumentShared."""
    if not scope.can_participate() or scope.is_platform:
        raise NotAllowed("Only the community's members can share documents.")
    if folder is not None and folder.community_id != scope.community_id:
        raise CommunityRuleViolation("That folder belongs to another community.")
    now = now or _now()
    filename = _filename(file.filename)
    v = DocumentVersion(number=1, file_id=file.file_id, filename=filename, content_type=file.content_type,
                        size=file.size, uploaded_by=scope.actor.user_id, uploaded_at=now)
    doc = Document(id=document_id, community_id=scope.community_id or "", folder_id=folder.id if folder else None,
                   title=_title(title or _stem(filename)), author_id=scope.actor.user_id, versions=(v,),
                   created_at=now, updated_at=now)
    return doc, [doc._shared(scope, v)]


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise CommunityRuleViolation("A document needs a title.")
    if len(title) > TITLE_MAX:
        raise CommunityRuleViolation(f"A title has at most {TITLE_MAX} characters.")
    return title


def safe_filename(name: str) -> str:
    """The last path segment, without control characters and the characters file systems
    and headers trip on; "document" if nothing is left."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*;')
    kept = " ".join(kept.split()).strip(" .")
    return kept[:FILENAME_MAX] or "document"


def _filename(name: str) -> str:
    cleaned = safe_filename(name)
    if not name.strip():
        raise CommunityRuleViolation("Say the file's name.")
    return cleaned


def _stem(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename.strip(".") else filename
    return stem.replace("_", " ").strip()[:TITLE_MAX] or filename[:TITLE_MAX]


def _require_manager(scope: Scope, action: str) -> None:
    if not scope.can_manage():
        raise NotAllowed(f"Only the community's owner and moderators can {action}.")
