"""What an uploaded portfolio file is, judged by its bytes, never by its name or by what the
browser said: images, PDF and office documents pass; anything else (an HTML page, an SVG
with a script, an executable renamed ``.pdf``) is refused."""

import zipfile
from typing import IO

OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.ms-office": "doc",
    OOXML["word/"]: "docx",
    OOXML["xl/"]: "xlsx",
    OOXML["ppt/"]: "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


def sniff(stream: IO[bytes]) -> str:
    """The content type of the file's bytes, or "" when it is none of the accepted kinds."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # the old binary office formats
        return "application/vnd.ms-office"
    if head.startswith(b"PK\x03\x04"):
        return _office_zip(stream)
    return ""


def _office_zip(stream: IO[bytes]) -> str:
    """A zip is accepted only when it is an office document (OOXML or OpenDocument)."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                return kind if kind in ODF else ""
            if "[Content_Types].xml" in names:
                for prefix, kind in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError):
        return ""
    finally:
        stream.seek(0)
    return ""
