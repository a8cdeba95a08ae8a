"""Small files of each kind the documents capability judges (and some it refuses), built
in memory: for the unit, integration, authorisation, benchmark and browser tests."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n"
CSV = "name,city\nAda,Torino\nGrace,Bari\nJosé,Genova\n".encode()


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x00\x66\xcc" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _zip(members: list[tuple[str, bytes]], *, stored_first: bool = False, padding: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i, (name, data) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
        if padding:
            archive.writestr(zipfile.ZipInfo("media/padding.bin"), bytes(range(256)) * (padding // 256),
                             compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def docx(text: str = "Minutes of the meeting", *, padding: int = 0) -> bytes:
    return _zip([("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
                 ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
                 ("word/document.xml", f'<?xml version="1.0"?><w:document><w:body>{text}</w:body></w:document>'
                  .encode())], padding=padding)


def xlsx() -> bytes:
    return _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])


def odt() -> bytes:
    return _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document/>"),
                 ("META-INF/manifest.xml", b"<manifest/>")], stored_first=True)


def plain_zip() -> bytes:
    return _zip([("readme.txt", b"hello"), ("tool.exe", EXE)])


def text(size: int, line: bytes = b"Regional innovation report, line of text.\n") -> bytes:
    """UTF-8 text of exactly `size` bytes."""
    return (line * (size // len(line) + 1))[:size]
