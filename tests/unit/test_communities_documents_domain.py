"""Documents' pure rules: folders (names, nesting, empty-only deletion), sharing and
versions, who changes and downloads what under moderation; and the content check
(filetypes) fed chunk by chunk as an upload streams."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from communities.adapters import filetypes
from communities.domain import documents as domain
from communities.domain.access import Actor, Scope
from communities.domain.documents import StoredFile
from communities.domain.model import (
    Community,
    CommunityRuleViolation,
    Membership,
    NotAllowed,
)
from communities.domain.moderation import Moderation, ModerationState
from contracts.events import (
    CommunityVisibility,
    DocumentShared,
    MembershipRole,
    MembershipStatus,
)

from tests.support import document_samples as samples

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
COMMUNITY = Community(id="c1", name="Aerospace", description="", visibility=CommunityVisibility.PUBLIC,
                      descriptors=(), owner_id="owner", created_at=NOW, updated_at=NOW)


def scope(user: str, role: MembershipRole | None = None, community: Community = COMMUNITY) -> Scope:
    membership = None if role is None else Membership(id=f"m-{user}", community_id=community.id, user_id=user,
                                                      role=role, status=MembershipStatus.ACTIVE, since=NOW)
    return Scope(actor=Actor(user), community=community, membership=membership)


OWNER = scope("owner", MembershipRole.OWNER)
MODERATOR = scope("mod", MembershipRole.MODERATOR)
MEMBER = scope("member", MembershipRole.MEMBER)
OTHER_MEMBER = scope("other", MembershipRole.MEMBER)
STRANGER = scope("stranger")


def file(name: str = "plan.pdf", file_id: str = "f1") -> StoredFile:
    return StoredFile(file_id=file_id, filename=name, content_type=filetypes.PDF, size=100)


# -- folders -------------------------------------------------------------------------------------
def test_managers_make_folders_with_unique_names_among_siblings():
    folder = domain.new_folder(OWNER, folder_id="f", name="  Calls   2026 ", parent=None, parent_depth=0,
                               sibling_names=set(), now=NOW)
    assert (folder.name, folder.parent_id, folder.created_by) == ("Calls 2026", None, "owner")
    with pytest.raises(CommunityRuleViolation):
        domain.new_folder(OWNER, folder_id="g", name="CALLS 2026", parent=None, parent_depth=0,
                          sibling_names={folder.key})
    with pytest.raises(NotAllowed):
        domain.new_folder(MEMBER, folder_id="g", name="Mine", parent=None, parent_depth=0, sibling_names=set())
    for bad in ("", "   ", "a/b", "x" * (domain.FOLDER_NAME_MAX + 1)):
        with pytest.raises(CommunityRuleViolation):
            domain.new_folder(OWNER, folder_id="g", name=bad, parent=None, parent_depth=0, sibling_names=set())


def test_folders_nest_but_not_without_end():
    root = domain.new_folder(OWNER, folder_id="a", name="A", parent=None, parent_depth=0, sibling_names=set())
    child = domain.new_folder(MODERATOR, folder_id="b", name="B", parent=root, parent_depth=0, sibling_names=set())
    assert child.parent_id == "a"
    with pytest.raises(CommunityRuleViolation):
        domain.new_folder(OWNER, folder_id="z", name="Z", parent=child, parent_depth=domain.MAX_FOLDER_DEPTH - 1,
                          sibling_names=set())


def test_renaming_and_deleting_folders():
    folder = domain.new_folder(OWNER, folder_id="a", name="A", parent=None, parent_depth=0, sibling_names=set())
    renamed = folder.renamed(MODERATOR, "Archive", sibling_names={"a"})
    assert renamed.name == "Archive" and renamed.version == 2
    assert folder.renamed(OWNER, "A", sibling_names={"a"}) is folder
    with pytest.raises(CommunityRuleViolation):
        folder.renamed(OWNER, "b", sibling_names={"a", "b"})
    with pytest.raises(NotAllowed):
        folder.renamed(MEMBER, "Mine", sibling_names=set())
    folder.check_deletable(OWNER, subfolders=0, documents=0)
    for held in ({"subfolders": 1, "documents": 0}, {"subfolders": 0, "documents": 1}):
        with pytest.raises(CommunityRuleViolation):
            folder.check_deletable(OWNER, **held)
    with pytest.raises(NotAllowed):
        folder.check_deletable(MEMBER, subfolders=0, documents=0)


# -- documents -----------------------------------------------------------------------------------
def test_a_member_shares_a_document_titled_after_its_file():
    doc, [event] = domain.share(MEMBER, document_id="d", file=file("Regional_call 2026.pdf"), title=None,
                                folder=None, now=NOW)
    assert (doc.title, doc.author_id, doc.latest.number, doc.folder_id) == ("Regional call 2026", "member", 1, None)
    assert isinstance(event, DocumentShared) and (event.version, event.community_id) == (1, "c1")
    with pytest.raises(NotAllowed):
        domain.share(STRANGER, document_id="d", file=file(), title=None, folder=None)


def test_versions_are_added_by_the_uploader_and_managers_and_all_kept():
    doc, _ = domain.share(MEMBER, document_id="d", file=file(), title="Plan", folder=None, now=NOW)
    doc, [event] = doc.add_version(MEMBER, file("plan-v2.pdf", "f2"))
    doc, _ = doc.add_version(MODERATOR, file("plan-v3.pdf", "f3"))
    assert [v.number for v in doc.versions] == [1, 2, 3] and doc.file_ids == ["f1", "f2", "f3"]
    assert doc.file_version(2).filename == "plan-v2.pdf" and doc.file_version(9) is None
    assert event.version == 2 and doc.version == 3
    with pytest.raises(NotAllowed):
        doc.add_version(OTHER_MEMBER, file("x.pdf", "f4"))
    with pytest.raises(NotAllowed):
        doc.check_deletable(OTHER_MEMBER)
    doc.check_deletable(MEMBER)
    doc.check_deletable(OWNER)


def test_moderation_decides_who_sees_and_downloads():
    doc, _ = domain.share(MEMBER, document_id="d", file=file(), title="Plan", folder=None)
    assert doc.downloadable_by(STRANGER)  # an open community: everyone signed in reads
    hidden = replace(doc, moderation=Moderation(state=ModerationState.HIDDEN, by="owner"))
    assert not hidden.listed_for(OTHER_MEMBER) and hidden.listed_for(MEMBER) and hidden.listed_for(MODERATOR)
    assert not hidden.downloadable_by(MEMBER) and hidden.downloadable_by(MODERATOR)
    removed = replace(doc, moderation=Moderation(state=ModerationState.REMOVED, by="owner"))
    assert removed.listed_for(OTHER_MEMBER) and not removed.downloadable_by(OTHER_MEMBER)
    with pytest.raises(CommunityRuleViolation):
        removed.add_version(MEMBER, file("x.pdf", "f9"))


def test_closed_community_documents_are_for_members():
    closed = replace(COMMUNITY, visibility=CommunityVisibility.CLOSED)
    doc, _ = domain.share(scope("member", MembershipRole.MEMBER, closed), document_id="d", file=file(),
                          title=None, folder=None)
    assert not doc.listed_for(scope("stranger", None, closed))
    assert doc.downloadable_by(scope("other", MembershipRole.MEMBER, closed))


def test_filenames_are_made_safe():
    assert domain.safe_filename("C:\\Users\\me\\report.pdf") == "report.pdf"
    assert domain.safe_filename('../../etc/"pass;wd".txt') == "passwd.txt"
    assert domain.safe_filename("\x00\x07") == "document"


# -- the content check ----------------------------------------------------------------------------
def _fed(content: bytes, filename: str, chunk: int) -> str:
    inspection = filetypes.Inspection(filename)
    for i in range(0, len(content), chunk):
        inspection.feed(content[i:i + chunk])
    names = None
    if content.startswith(b"PK"):
        span = filetypes.central_directory_span(content[-filetypes.EOCD_SEARCH:], len(content))
        names = filetypes.zip_member_names(content[span[0]:span[0] + span[1]]) if span else []
    return inspection.finish(names)


@pytest.mark.parametrize("chunk", [1, 7, 4096, 65536])
@pytest.mark.parametrize(("content", "name", "kind"), [
    (samples.PDF, "a.pdf", filetypes.PDF), (samples.png(), "a.png", filetypes.PNG),
    (samples.docx(), "a.docx", filetypes.DOCX), (samples.odt(), "a.odt", filetypes.ODT),
    (samples.text(20000, "città ".encode()), "a.txt", filetypes.TXT), (samples.CSV, "a.csv", filetypes.CSV),
])
def test_allowed_content_is_recognised_in_chunks_of_any_size(content, name, kind, chunk):
    assert _fed(content, name, chunk) == kind


def test_an_executable_is_refused_as_soon_as_its_head_is_in():
    inspection = filetypes.Inspection("invoice.pdf")
    with pytest.raises(filetypes.UnsupportedContent) as refused:
        inspection.feed(samples.EXE + b"\x00" * filetypes.HEAD_BYTES)
    assert refused.value.found == "application/x-msdownload"


@pytest.mark.parametrize(("content", "name"), [
    (samples.HTML, "invoice.pdf"), (samples.plain_zip(), "a.zip"), (samples.plain_zip(), "a.docx"),
    (samples.PDF, "a.png"), (bytes(range(256)), "a.txt"), (b"", "a.txt"),
    ("città".encode()[:-1], "cut.txt"),  # UTF-8 cut in the middle of a character
])
def test_content_outside_the_allow_list_or_misnamed_is_refused(content, name):
    with pytest.raises(filetypes.UnsupportedContent):
        filetypes.sniff(content, name)
