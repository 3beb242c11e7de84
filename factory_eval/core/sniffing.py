"""What a file really is, from its first bytes, whatever name or type the client claimed.

Evidence is bills, settlements, certificates and retirement records: PDF, OFD (China's
e-invoice format, a ZIP), images, spreadsheets and Word documents. Anything else is refused,
and so is a file whose name claims one type while its bytes are another.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

# sniffed kind -> (MIME type, extensions that may name it)
EVIDENCE_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "ofd": ("application/ofd", (".ofd",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
}


def _zip_kind(head: bytes, read_all) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(read_all())).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or "ofd.xml" in names:
        return "ofd"
    return None


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` holds (a key of EVIDENCE_TYPES), or None when unknown."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, lambda: data)
    return None


def evidence_type(data: bytes, filename: str) -> tuple[str | None, str]:
    """(MIME type or None when refused, the sniffed kind or the file's extension)."""
    kind = sniff(data)
    extension = PurePath(filename).suffix.lower()
    if kind is None:
        return None, extension or "?"
    mime, extensions = EVIDENCE_TYPES[kind]
    if extension not in extensions:
        return None, f"{extension or '?'} ≠ {kind}"
    return mime, kind


# Files that are not text, by their first bytes: named when a spreadsheet upload is refused.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"RIFF", "RIFF (WebP, AVI, WAV)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS/DOC (Office 97-2003)"),
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "RAR"),
    (b"{\\rtf", "RTF"),
)


def binary_kind(data: bytes) -> str | None:
    """The name of a known binary format ``data`` starts with, or None."""
    return next((name for magic, name in BINARY_SIGNATURES if data.startswith(magic)), None)
