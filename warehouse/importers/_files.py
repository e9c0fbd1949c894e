"""Reading users' files: existence, emptiness, binary content, text encoding."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from warehouse.errors import ImportFileError

# Magic numbers of files users send by mistake instead of a text export.
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or an Excel/Office file (.xlsx, .docx)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls, .doc)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}


@dataclass(frozen=True)
class TextFile:
    path: Path
    text: str
    encoding: str
    sha256: str

    def lines(self) -> list[str]:
        """The file's lines without their line endings; line n is lines()[n - 1]."""
        return self.text.splitlines()


def read_text_file(path: Path) -> TextFile:
    """Read a text export, refusing empty and binary files with a one-line reason."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(path, "no such file")
    if path.is_dir():
        raise ImportFileError(path, "is a folder, not a file")
    data = path.read_bytes()
    if not data or data.isspace():  # as `not data.strip()`, without copying a large file
        raise ImportFileError(path, "the file is empty")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFileError(path, f"binary file ({what}), not a text list")
    if b"\x00" in data[:8192]:
        raise ImportFileError(path, "binary file (it holds NUL bytes), not a text list")
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise ImportFileError(path, "binary file (mostly control characters), not a text list")
    return TextFile(path, text, encoding, hashlib.sha256(data).hexdigest())


def _decode(data: bytes) -> tuple[str, str]:
    # UTF-8 first (with or without BOM); Windows-1252 is what French and Spanish Excel writes.
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f")
    return controls > len(sample) * 0.05
