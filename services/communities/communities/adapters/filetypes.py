"""What a file really is, judged on its content, never on the name or the Content-Type the
client sent: the documents allow-list and the checks behind it.

Allowed: PDF; PNG, JPEG, GIF, WebP pictures; Office Open XML (DOCX, XLSX, PPTX) and
OpenDocument (ODT, ODS, ODP) files; plain text and CSV (valid UTF-8 without NUL bytes).

Not allowed: generic ZIP (and every other archive). An archive can carry anything
(executables, scripts, macro-laden files, nested archives, zip bombs) that no member of a
community could judge before opening it and this check could not look into without
unpacking it; what a community shares is the documents themselves. Office and OpenDocument
files are ZIP containers too: they are accepted only when their members are those of their
format (`[Content_Types].xml` and the part of the kind; ODF's leading `mimetype` member).

The check is incremental (`Inspection.feed` chunk by chunk while the upload streams into
storage): the first bytes decide the family as soon as they arrive, so an executable is
refused after its first chunk; text is decoded as it comes; an OOXML/ODF verdict needs the
ZIP's central directory, at the end of the file, which the caller hands to `finish` (see
`zip_member_names`). The name's extension must agree with what was found."""
from __future__ import annotations

import codecs
import io
import struct
import zipfile
from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192  # what the magic numbers need (filetype reads at most 8 KiB too)

PDF = "application/pdf"
PNG, JPEG, GIF, WEBP = "image/png", "image/jpeg", "image/gif", "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
TXT, CSV = "text/plain", "text/csv"

# The allowed types and the extensions a file of each may be named with.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",), PNG: ("png",), JPEG: ("jpg", "jpeg"), GIF: ("gif",), WEBP: ("webp",),
    DOCX: ("docx",), XLSX: ("xlsx",), PPTX: ("pptx",), ODT: ("odt",), ODS: ("ods",), ODP: ("odp",),
    TXT: ("txt", "text", "md"), CSV: ("csv",),
}
ALLOWED = frozenset(EXTENSIONS)
# The name people know each type by (for messages and the web client's icons).
LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", GIF: "GIF", WEBP: "WebP", DOCX: "DOCX", XLSX: "XLSX", PPTX: "PPTX",
          ODT: "ODT", ODS: "ODS", ODP: "ODP", TXT: "TXT", CSV: "CSV"}

_OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}
_ODF_TYPES = (ODT, ODS, ODP)
_ZIP = "application/zip"
_ZIP_MAGIC = b"PK\x03\x04"
# The central directory's end record: 22 bytes plus a comment of at most 64 KiB.
EOCD_SEARCH = 22 + 65535


class UnsupportedContent(ValueError):
    """415: what the content is (`found`, a MIME type or a description) is not allowed, or
    the name's extension says otherwise."""

    def __init__(self, detail: str, found: str) -> None:
        super().__init__(detail)
        self.found = found


def extension_of(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


@dataclass
class Inspection:
    """One file's check, fed as it streams. `family` is known once the head is: "pdf",
    "image", "zip" or "text"."""

    filename: str
    head: bytearray
    family: str | None = None
    kind: str | None = None  # the MIME type found (for zip: settled by finish)
    size: int = 0

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.head = bytearray()
        self.family = None
        self.kind = None
        self.size = 0
        self._text = codecs.getincrementaldecoder("utf-8")()

    def feed(self, chunk: bytes) -> None:
        """The next bytes of the file. Raises UnsupportedContent as soon as they show the
        file is not allowed."""
        self.size += len(chunk)
        if self.family is None:
            room = HEAD_BYTES - len(self.head)
            self.head.extend(chunk[:room])
            if len(self.head) < HEAD_BYTES:
                return
            self._decide()
            if self.family == "text":
                self._check_text(bytes(self.head))
                self._check_text(chunk[room:])
            return
        if self.family == "text":
            self._check_text(chunk)

    def finish(self, zip_names: list[str] | None = None) -> str:
        """The content type, once every byte was fed. A ZIP-based file needs the names of
        its members (`zip_member_names` of its central directory)."""
        if self.size == 0:
            raise UnsupportedContent("The file is empty.", "empty")
        if self.family is None:  # smaller than the head: everything is in it
            self._decide()
            if self.family == "text":
                self._check_text(bytes(self.head))
        if self.family == "text":
            self._check_text(b"", final=True)
            self.kind = CSV if extension_of(self.filename) == "csv" else TXT
        elif self.family == "zip":
            self.kind = _zip_kind(bytes(self.head), zip_names)
            if self.kind not in ALLOWED:
                raise UnsupportedContent(
                    "ZIP archives are not accepted: share the documents themselves (PDF, office files, "
                    "pictures, text).", "application/zip")
        assert self.kind is not None
        self._check_name()
        return self.kind

    # -- inside -------------------------------------------------------------------------------
    def _decide(self) -> None:
        head = bytes(self.head)
        if head.startswith(_ZIP_MAGIC):
            self.family, self.kind = "zip", None
            return
        guess = filetype.guess(head) if head else None
        mime = guess.mime if guess else None
        if mime is None and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
            mime = PDF
        if mime in (PNG, JPEG, GIF, WEBP):
            self.family, self.kind = "image", mime
        elif mime == PDF:
            self.family, self.kind = "pdf", PDF
        elif mime is not None:
            raise UnsupportedContent(f"Files of this type ({mime}) cannot be shared here.", mime)
        else:
            self.family = "text"  # no magic number: only valid UTF-8 text is left to be allowed

    def _check_text(self, chunk: bytes, *, final: bool = False) -> None:
        if b"\x00" in chunk:
            raise UnsupportedContent("This file is binary data of an unknown kind (it holds NUL bytes).",
                                     "application/octet-stream")
        try:
            self._text.decode(chunk, final=final)
        except UnicodeDecodeError:
            raise UnsupportedContent("This file is neither a known document type nor UTF-8 text.",
                                     "application/octet-stream") from None

    def _check_name(self) -> None:
        ext = extension_of(self.filename)
        assert self.kind is not None
        if ext not in EXTENSIONS[self.kind]:
            named = f".{ext}" if ext else "no extension"
            raise UnsupportedContent(
                f"The file's content is {LABELS[self.kind]} ({self.kind}) but its name has {named}: rename it "
                f"to .{EXTENSIONS[self.kind][0]} if that is what it is.", self.kind)


def _zip_kind(head: bytes, names: list[str] | None) -> str:
    """OOXML by its parts, ODF by its leading `mimetype` member (stored, first, as the
    OpenDocument spec requires) and its content.xml; anything else is a plain ZIP."""
    members = set(names or ())
    odf = _odf_mimetype(head)
    if odf in _ODF_TYPES and "content.xml" in members:
        return odf
    if "[Content_Types].xml" in members:
        for kind, part in _OOXML_PARTS.items():
            if part in members:
                return kind
    return _ZIP


def _odf_mimetype(head: bytes) -> str | None:
    if len(head) < 30 or not head.startswith(_ZIP_MAGIC):
        return None
    method, = struct.unpack_from("<H", head, 8)
    size, = struct.unpack_from("<I", head, 18)
    name_len, extra_len = struct.unpack_from("<HH", head, 26)
    if method != 0 or head[30:30 + name_len] != b"mimetype" or size > 100:
        return None
    start = 30 + name_len + extra_len
    return head[start:start + size].decode("ascii", "replace")


def central_directory_span(tail: bytes, file_size: int) -> tuple[int, int] | None:
    """(offset, size) of the central directory, found in the file's last bytes (`tail`,
    at most EOCD_SEARCH of them), or None if this is no ZIP."""
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    cd_size, cd_offset = struct.unpack_from("<II", tail, at + 12)
    if cd_offset + cd_size > file_size:
        return None
    return cd_offset, cd_size


def zip_member_names(central_directory: bytes) -> list[str]:
    """The member names listed in a ZIP's central directory (its bytes, as read from the file)."""
    count = central_directory.count(b"PK\x01\x02")
    eocd = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, count, count, len(central_directory), 0, 0)
    try:
        with zipfile.ZipFile(io.BytesIO(central_directory + eocd)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, struct.error, UnicodeDecodeError):
        return []


def sniff(content: bytes, filename: str) -> str:
    """The whole check on bytes in memory (tests, small files)."""
    inspection = Inspection(filename)
    inspection.feed(content)
    names = None
    if inspection.family == "zip" or content.startswith(_ZIP_MAGIC):
        span = central_directory_span(content[-EOCD_SEARCH:], len(content))
        names = zip_member_names(content[span[0]:span[0] + span[1]]) if span else []
    return inspection.finish(names)
