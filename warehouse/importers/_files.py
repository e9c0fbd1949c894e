"""Reading users' files: existence, kind, size, emptiness, binary content, text encoding; and
the private copy an import reads.

An import reads each file once: it is copied into a private folder while hashed
(`snapshots`), and every reader opens the copy (`readable`). So the SHA-256 recorded in the
lineage is the hash of the very bytes parsed, even if the file is replaced while it is read;
the file name DuckDB gets is the copy's, which holds no '*' or '[' to be taken for a pattern;
and a FIFO, a device or an oversized file is refused before anything is read from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import stat
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from warehouse import settings
from warehouse.errors import ImportFileError
from warehouse.importers._limits import CELL_CHARS, COLUMNS, FILE_MB, ROWS, Limit, column_name

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


@dataclass(frozen=True)
class Snapshot:
    """A file as an import reads it: the user's path, the private copy, its SHA-256 and size."""

    path: Path
    copy: Path
    sha256: str
    size: int


_snapshots: ContextVar[dict[str, Snapshot] | None] = ContextVar("snapshots", default=None)
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def check_input(path: Path, limit: Limit = FILE_MB) -> None:
    """Refuse, in one line, a path that is not a non-empty regular file within `limit` (MB)."""
    _checked(Path(path), _stat(Path(path)), limit)


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise ImportFileError(path, "no such file") from None
    except OSError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror})") from None


def _checked(path: Path, status: os.stat_result, limit: Limit) -> os.stat_result:
    if stat.S_ISDIR(status.st_mode):
        raise ImportFileError(path, "is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a file on disk")
        raise ImportFileError(path, f"not a regular file ({kind}): import a file saved on disk")
    if status.st_size == 0:
        raise ImportFileError(path, "the file is empty")
    check_size(path, status.st_size, limit)
    return status


def check_size(path: Path, size: int, limit: Limit = FILE_MB) -> None:
    limit.check(path, size / 1e6, f"the file is {size / 1e6:,.1f} MB")


@contextlib.contextmanager
def snapshots(paths: list[Path], limit: Limit = FILE_MB) -> Iterator[list[Snapshot]]:
    """Copy each file, checked, into a private folder while hashing it; within the block,
    `readable(path)` is the copy. Files already copied by an enclosing block are not copied
    again (their size is checked against `limit`). The copies go when the block ends."""
    taken = dict(_snapshots.get() or {})
    missing = [Path(path) for path in paths if _key(path) not in taken]
    folder = None
    try:
        if missing:
            folder = Path(
                tempfile.mkdtemp(prefix=_folder_prefix(), suffix=".import", dir=_folder_parent())
            )
            for number, path in enumerate(missing):
                taken[_key(path)] = _snapshot(path, folder / f"{number}{_suffix(path)}", limit)
        found = [taken[_key(path)] for path in paths]
        for snapshot in found:
            check_size(snapshot.path, snapshot.size, limit)
        token = _snapshots.set(taken)
        try:
            yield found
        finally:
            _snapshots.reset(token)
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def readable(path: Path) -> Path:
    """The file to open for `path`: the copy taken by `snapshots`, else the path itself."""
    snapshot = (_snapshots.get() or {}).get(_key(path))
    return snapshot.copy if snapshot else Path(path)


def _snapshot(path: Path, copy: Path, limit: Limit) -> Snapshot:
    try:
        # non-blocking: opening a FIFO without a writer would wait forever
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        _stat(path)  # says "no such file" and the like
        raise
    with open(descriptor, "rb") as source:
        _checked(path, os.fstat(descriptor), limit)
        digest, size, most = hashlib.sha256(), 0, limit.value * 1_000_000
        with open(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as target:
            for block in iter(lambda: source.read(1 << 20), b""):
                size += len(block)
                if size > most:  # the file grew while it was read
                    check_size(path, size, limit)
                digest.update(block)
                target.write(block)
    if size == 0:
        raise ImportFileError(path, "the file is empty")
    return Snapshot(Path(path), copy, digest.hexdigest(), size)


def _key(path: Path) -> str:
    return os.path.abspath(path)


def _suffix(path: Path) -> str:
    """The copy keeps the file's extension when it is plain letters and digits."""
    suffix = Path(path).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""


def _folder_prefix() -> str:
    return f".{settings.db_path().name}.{os.getpid()}."


def _folder_parent() -> str | None:
    """Beside the warehouse (where a copy of it is written anyway), not in a /tmp that may be
    memory; the system's temporary folder when the warehouse has no folder yet (a dry run)."""
    parent = settings.db_path().parent
    return str(parent) if parent.is_dir() else None


def read_text_file(path: Path) -> TextFile:
    """Read a text export, refusing empty and binary files with a one-line reason."""
    path = Path(path)
    source = readable(path)
    if source == path:
        check_input(path)
    data = source.read_bytes()
    lines = data.count(b"\n")
    ROWS.check(path, lines, f"{lines:,} lines")
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


# ---------- workbooks


def check_unpacked(path: Path, source: Path) -> None:
    """Refuse a zipped workbook (XLSX) whose parts unpack beyond the file size limit: a few kB
    of zip can hold gigabytes of XML, which openpyxl would read."""
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(path, f"not a readable Excel workbook ({error})") from None
    FILE_MB.check(path, unpacked / 1e6, f"the workbook unpacks to {unpacked / 1e6:,.1f} MB")


# The EC's charter workbook carries an extension openpyxl does not read (and says so when a
# sheet is read, lazily, long after load_workbook): nothing the import needs is in it.
warnings.filterwarnings(
    "ignore", message="Unknown extension is not supported", category=UserWarning,
    module="openpyxl",
)  # fmt: skip


def xlsx_sheets(path: Path) -> Iterator[tuple[str, Iterator[tuple[int, list]]]]:
    """Each sheet of an XLSX workbook and its rows that hold something, as (Excel row number,
    values from column A, trailing empty cells left out), read cell by cell within the row,
    column and cell limits; the workbook closes when the iteration ends."""
    import openpyxl  # only workbooks need it

    source = readable(path)
    check_unpacked(path, source)
    try:
        with warnings.catch_warnings():  # the EC workbook carries an extension openpyxl ignores
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # zip, XML and openpyxl errors alike: the workbook is unusable
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ImportFileError(path, f"not a readable Excel workbook ({reason})") from None
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size: read what is there
            yield sheet.title, _sheet_rows(path, sheet)
    finally:
        workbook.close()


def _sheet_rows(path: Path, sheet) -> Iterator[tuple[int, list]]:
    rows, most_rows = 0, ROWS.value
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = checked_cells(path, number, values)
            if cells:
                rows += 1
                if rows > most_rows:
                    raise ROWS.error(path, f"more than {most_rows:,} rows", line=number)
                yield number, cells
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet's XML
        reason = " ".join(str(error).split()) or type(error).__name__
        raise ImportFileError(path, f"not a readable Excel workbook ({reason})") from None


def checked_cells(path: Path, line: int, values) -> list:
    """A workbook row's values up to its last filled cell, within the column and cell limits."""
    last = len(values) - 1
    while last >= 0 and (values[last] is None or values[last] == ""):
        last -= 1
    if last < 0:
        return []
    COLUMNS.check(path, last + 1, f"a cell in column {column_name(last)} ({last + 1:,})", line=line)
    longest = max((len(v) for v in values[: last + 1] if isinstance(v, str)), default=0)
    CELL_CHARS.check(path, longest, f"a cell of {longest:,} characters", line=line)
    return list(values[: last + 1])
