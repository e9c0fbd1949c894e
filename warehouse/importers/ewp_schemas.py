"""The EWP IIAs v7 schemas: where they are, and an IIAs file parsed and validated against them.

The schemas stay outside the project (`DEFAULT_SCHEMA_DIR`, or $MOBILITY_EWP_SCHEMAS, or a folder
given by the caller). Their https imports are resolved to the local copies under schemas/, so
that validation works offline; the parser never loads DTDs, expands entities or goes online,
since the file comes from outside.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from lxml import etree

from warehouse.errors import ImportFileError
from warehouse.importers._files import TextFile

DEFAULT_SCHEMA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ewp-iias-v7"
SCHEMA_DIR_VARIABLE = "MOBILITY_EWP_SCHEMAS"
SCHEMA_FILE = Path("endpoints") / "get-response.xsd"

NS = "https://github.com/erasmus-without-paper/ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"

# The spec's XSDs import shared EWP schemas by their GitHub URL on a stable branch; the schema
# folder holds them as '<repository>-v<major>.<minor>.<patch>/' with the same inner paths.
_EWP_SCHEMA_URL = re.compile(
    r"^https?://(?:raw\.githubusercontent\.com/erasmus-without-paper/(?P<raw_repo>[\w.-]+)/"
    r"|github\.com/erasmus-without-paper/(?P<repo>[\w.-]+)/(?:blob|tree|raw)/)"
    r"stable-v(?P<major>\d+)/(?P<path>[^?#]+)$"
)
_W3C_XML_SCHEMA_URL = re.compile(r"^https?://www\.w3\.org/(?:2001/|XML/1998/namespace/)?xml\.xsd$")
_VERSIONED_FOLDER = re.compile(r"^(?P<repo>.+)-v(?P<version>\d+(?:\.\d+)*)$")
_LXML_POSITION = re.compile(r",\s*line \d+, column \d+\s*$")


def find_schema_dir(file: TextFile, schema_dir: Path | None = None) -> Path:
    """The folder holding endpoints/get-response.xsd and schemas/; refuse when there is none."""
    if schema_dir is not None:
        folder, source = Path(schema_dir), "given"
    elif os.environ.get(SCHEMA_DIR_VARIABLE):
        folder, source = Path(os.environ[SCHEMA_DIR_VARIABLE]), f"from {SCHEMA_DIR_VARIABLE}"
    else:
        folder, source = DEFAULT_SCHEMA_DIR, "default"
    if not (folder / SCHEMA_FILE).is_file() or not (folder / "schemas").is_dir():
        raise ImportFileError(
            file.path,
            f"validation needs the EWP IIA v7 schemas (endpoints/get-response.xsd and schemas/) "
            f"but found none in {folder} ({source}); point {SCHEMA_DIR_VARIABLE} at the "
            "ewp-iias-v7 folder",
        )
    return folder


def parse(file: TextFile) -> etree._Element:
    # The text is already decoded: force UTF-8 over whatever the XML declaration says. No DTDs,
    # no entity expansion and no network, since the file comes from outside.
    parser = etree.XMLParser(
        encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        return etree.fromstring(file.text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        problem = _LXML_POSITION.sub("", error.msg or "syntax error")
        raise ImportFileError(
            file.path, f"not well-formed XML: {problem}", line=error.lineno or 1
        ) from None


def validate(file: TextFile, root: etree._Element, schema_dir: Path) -> None:
    schema = _schema(str(schema_dir.resolve()))
    if schema.validate(root):
        return
    errors = [e for e in schema.error_log if e.level >= etree.ErrorLevels.ERROR]
    first = (errors or list(schema.error_log))[0]
    # The response's own namespace is noise in a one-line message; other namespaces (a v6 file,
    # say) are kept because they tell what is wrong.
    message = first.message.replace(f"{{{NS}}}", "").rstrip(".")
    raise ImportFileError(
        file.path, f"does not follow the EWP IIA v7 schema: {message}", line=first.line
    )


class LocalEwpSchemas(etree.Resolver):
    """Resolve the https locations of EWP schemas to the local copies under schemas/."""

    def __init__(self, schemas: Path):
        super().__init__()
        self.schemas = schemas.resolve()
        self.unresolved: list[str] = []

    def resolve(self, system_url, public_id, context):
        local = self.local_path(system_url or "")
        if local is not None:
            return self.resolve_filename(str(local), context)
        if re.match(r"^[a-z][a-z0-9+.-]*://", system_url or "", re.I) and not (
            system_url.startswith("file:")
        ):
            self.unresolved.append(system_url)
        return None  # local paths load as usual; remote ones fail, the parser has no network

    def local_path(self, url: str) -> Path | None:
        """The local file for an EWP or W3C schema URL, or None."""
        if _W3C_XML_SCHEMA_URL.match(url):
            candidate = self.schemas / "xml.xsd"
            return candidate if candidate.is_file() else None
        match = _EWP_SCHEMA_URL.match(url)
        if match is None:
            return None
        repo = match["raw_repo"] or match["repo"]
        folder = _newest_folder(self.schemas, repo, int(match["major"]))
        if folder is None:
            return None
        candidate = (folder / match["path"]).resolve()
        # A path climbing out of the schema folder is not one of the EWP schemas.
        if not candidate.is_relative_to(self.schemas) or not candidate.is_file():
            return None
        return candidate


def _newest_folder(schemas: Path, repo: str, major: int) -> Path | None:
    """schemas/<repo>-v<major>.x.y with the highest version (stable-vN follows the newest N.*)."""
    found = []
    for folder in schemas.iterdir():
        match = _VERSIONED_FOLDER.match(folder.name)
        if folder.is_dir() and match and match["repo"] == repo:
            version = tuple(int(part) for part in match["version"].split("."))
            if version[0] == major:
                found.append((version, folder))
    return max(found)[1] if found else None


@functools.cache
def _schema(schema_dir: str) -> etree.XMLSchema:
    """The compiled get-response schema of a schema folder, compiled once per process."""
    folder = Path(schema_dir)
    resolver = LocalEwpSchemas(folder / "schemas")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    try:
        return etree.XMLSchema(etree.parse(str(folder / SCHEMA_FILE), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as error:
        # An import without a local copy is the usual cause, and a clearer one than lxml's.
        problem = (
            f"no local copy in {folder / 'schemas'} of {', '.join(resolver.unresolved)}"
            if resolver.unresolved
            else " ".join(str(error).split())
        )
        raise ImportFileError(
            folder / SCHEMA_FILE, f"cannot load the EWP IIA v7 schemas offline: {problem}"
        ) from None
