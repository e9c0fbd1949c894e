"""Partner lists as schools publish them: a tab-separated export and a markdown page.

Tab-separated (`Host institution`, `Host country`, `Exchange programme`): one line per partner
and programme cell; a cell may name two programmes ('ERASMUS+, IIA Interinstitutional Agreement
- IMT Mines Albi'); a ' - IMT' suffix means signed by the group, ' - <school>' or no suffix by
the school itself.

Markdown: partners as links under country headings, with a count of exchanges for the academic
year the page announces ('2 échanges' for 2019/2020 are two outgoing mobilities of 2019-2020).
A count above 1,000 on one line is taken for a mistake and rejects the line (a count of 10^20
once asked for as many mobilities); a page adding more mobilities than the rows limit is
refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse import geography
from warehouse.errors import ImportFileError
from warehouse.importers._files import TextFile
from warehouse.importers._limits import MAX_EXCHANGES, ROWS
from warehouse.importers.result import FREE_TEXT, NOT_KEPT, ParsedFile
from warehouse.text import clean, fold

TSV_COLUMNS = {
    "institution": ("host institution", "institution", "partner", "partner institution"),
    "country": ("host country", "country", "pays", "pais"),
    "programme": ("exchange programme", "exchange program", "programme", "program", "agreement"),
}

# Programme label -> agreement_type, first match wins (labels are folded: lower case, no accents).
AGREEMENT_TYPES = (
    ("double_degree", re.compile(r"double|dual|doble|bi-?diplom|joint degree")),
    ("erasmus", re.compile(r"erasmus")),
    ("iia", re.compile(r"\biia\b|inter-?institutional")),
    ("mou", re.compile(r"\bmou\b|memorandum of understanding")),
    ("moa", re.compile(r"\bmoa\b|memorandum of agreement")),
)

SIGNATORY_SUFFIX = re.compile(r"^(?P<label>.*?)\s+-\s+(?P<signatory>[^-]+)$")
_MARKDOWN_ITEM = re.compile(r"^(?P<indent>\s*)[*+-]\s+(?P<body>.+?)\s*$")
_MARKDOWN_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]*)\)\s*(?::\s*(?P<rest>.*))?$")
_EXCHANGE_COUNT = re.compile(r"(?P<count>\d+)\s*(?:[ée]changes?|exchanges?|mobilit)", re.I)
_ACADEMIC_YEAR = re.compile(r"\b(?P<start>(?:19|20)\d\d)\s*[/-]\s*(?P<end>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class SchoolContext:
    """The home school a list belongs to, for reading signatory suffixes."""

    school_id: str
    name: str
    short_name: str | None
    group_name: str | None


def read_partner_list(file: TextFile, school: SchoolContext) -> ParsedFile:
    """Read either shape of partner list; refuse a file that is neither."""
    lines = file.lines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is not None and "\t" in lines[header_index]:
        return _read_tsv(file, lines, header_index, school)
    if any(_MARKDOWN_LINK.match(m.group("body")) for m in map(_MARKDOWN_ITEM.match, lines) if m):
        return _read_markdown(file, lines, school)
    raise ImportFileError(
        file.path,
        "not a partner list: expected tab-separated columns "
        "'Host institution, Host country, Exchange programme' or a markdown list of partner links",
        line=(header_index or 0) + 1,
    )


# ---------- tab-separated export


def _read_tsv(file: TextFile, lines: list[str], header_index: int, school) -> ParsedFile:
    header = [fold(cell) for cell in lines[header_index].split("\t")]
    positions = {}
    for field, names in TSV_COLUMNS.items():
        found = [i for i, cell in enumerate(header) if cell.strip(' "') in names]
        if found:
            positions[field] = found[0]
    missing = [TSV_COLUMNS[f][0] for f in TSV_COLUMNS if f not in positions]
    if missing:
        raise ImportFileError(
            file.path,
            f"missing column(s) {', '.join(repr(m.title()) for m in missing)} in the header",
            line=header_index + 1,
        )
    parsed = ParsedFile("partner_list_tsv")
    read = set(positions.values())
    for index in range(header_index + 1, len(lines)):
        line_number, raw = index + 1, lines[index]
        if not raw.strip():
            continue  # blank lines carry nothing; they are not rows
        cells = raw.split("\t")
        if len(cells) != len(header):
            parsed.reject(
                line_number,
                f"expected {len(header)} tab-separated cells, found {len(cells)}",
                NOT_KEPT,
            )
            continue
        # what is kept of a rejected line: the columns read, any other cell masked
        raw = "\t".join(
            cell if index in read or not cell.strip() else "…" for index, cell in enumerate(cells)
        )
        name = clean(cells[positions["institution"]])
        country_cell = clean(cells[positions["country"]])
        programme_cell = cells[positions["programme"]]
        if not name:
            parsed.reject(line_number, "no institution name", raw)
            continue
        country = geography.resolve_country(country_cell)
        if country is None:
            parsed.reject(line_number, f"unknown country {country_cell!r}", raw)
            continue
        if country.method == "fuzzy":
            parsed.notes.append(
                f"line {line_number}: country {country_cell!r} read as {country.country.name_en}"
            )
        programmes, problem = _programmes(programme_cell, school)
        if problem:
            parsed.reject(line_number, problem, raw)
            continue
        parsed.accept()
        for programme_raw, agreement_type, signatory_level in programmes:
            parsed.agreements.append(
                {
                    "line_number": line_number,
                    "partner_name": name,
                    "partner_country_raw": country_cell,
                    "partner_country_iso2": country.country.iso2,
                    "programme_raw": programme_raw,
                    "agreement_type": agreement_type,
                    "signatory_level": signatory_level,
                }
            )
    return parsed


def _programmes(cell: str, school: SchoolContext) -> tuple[list[tuple[str, str, str]], str | None]:
    """Split a programme cell into (label, agreement_type, signatory_level) per programme."""
    programmes = []
    for part in cell.split(","):
        # A stray quote ('- IMT"') is an artefact of the export, not part of the signatory.
        part = clean(part.replace('"', ""))
        if not part:
            continue
        label, signatory = label_signatory(part)
        level = signatory_level(signatory, school)
        if level is None:
            return [], (
                f"signatory {signatory!r} is neither the school {school.name!r} "
                f"nor its group {school.group_name or '(none)'!r}"
            )
        programmes.append((part, agreement_type(label), level))
    if not programmes:
        return [], "no exchange programme"
    return programmes, None


def agreement_type(label: str) -> str:
    """erasmus | iia | mou | moa | double_degree | other, from a programme label."""
    folded = fold(label)
    return next((kind for kind, pattern in AGREEMENT_TYPES if pattern.search(folded)), "other")


def label_signatory(programme: str) -> tuple[str, str | None]:
    """A programme label and the signatory its suffix names: 'Erasmus+ - IMT' gives
    ('Erasmus+', 'IMT'); a label without suffix gives (label, None)."""
    suffix = SIGNATORY_SUFFIX.match(programme)
    return (suffix["label"], suffix["signatory"]) if suffix else (programme, None)


def signatory_level(signatory: str | None, school: SchoolContext) -> str | None:
    """'school' or 'group' for a signatory naming the school or its group (no signatory is the
    school); None for anyone else."""
    if signatory is None:
        return "school"
    folded = fold(signatory)
    if folded in {fold(school.name), fold(school.short_name or ""), school.school_id}:
        return "school"
    if school.group_name and folded == fold(school.group_name):
        return "group"
    return None


# ---------- markdown page


def _read_markdown(file: TextFile, lines: list[str], school: SchoolContext) -> ParsedFile:
    parsed = ParsedFile("partner_list_markdown")
    exchanges = 0  # mobilities the page adds, one per exchange counted: within the rows limit
    academic_year = None
    heading_country = None
    for index, raw in enumerate(lines):
        line_number = index + 1
        item = _MARKDOWN_ITEM.match(raw)
        if item is None:
            year = _ACADEMIC_YEAR.search(raw)
            if year and int(year["end"]) == int(year["start"]) + 1 and not raw.startswith("date"):
                academic_year = f"{year['start']}-{year['end']}"
                # the page's first year is the one it describes: its agreements run from then
                parsed.listed_academic_year = parsed.listed_academic_year or academic_year
            continue
        body = item["body"]
        link = _MARKDOWN_LINK.match(body)
        if link is None:
            if not item["indent"]:  # a top-level item without a link is a country heading
                heading_country = _heading_country(body, line_number, parsed)
            else:
                parsed.reject(line_number, "list item without a partner link", FREE_TEXT)
            continue
        name, link_country = _split_link_text(link["text"])
        country = link_country or heading_country
        count = _EXCHANGE_COUNT.search(link["rest"] or "")
        if count and int(count["count"]) > MAX_EXCHANGES:
            parsed.reject(
                line_number,
                f"{int(count['count']):,} exchanges is above the {MAX_EXCHANGES:,} one line may "
                "count: taken for a mistake",
                f"[{link['text']}]({link['url']})",
            )
            continue
        if country is None:
            parsed.reject(
                line_number,
                "no country for this partner (no heading, none in the link)",
                f"[{link['text']}]({link['url']})",  # the link only: what follows is free text
            )
            continue
        parsed.accept()
        parsed.agreements.append(
            {
                "line_number": line_number,
                "partner_name": name,
                "partner_country_raw": country.name_en,
                "partner_country_iso2": country.iso2,
                "partner_url": link["url"] or None,
                "programme_raw": link["text"],
                "agreement_type": "other",
                "signatory_level": "school",
            }
        )
        if count and academic_year is None:
            parsed.notes.append(f"line {line_number}: exchanges counted but no academic year given")
        elif count:
            exchanges += int(count["count"])
            ROWS.check(file.path, exchanges, f"{exchanges:,} mobilities", line_number)
            for item_number in range(1, int(count["count"]) + 1):
                parsed.mobilities.append(
                    {
                        "line_number": line_number,
                        "item_number": item_number,
                        "partner_name": name,
                        "partner_country_iso2": country.iso2,
                        "direction": "outgoing",
                        "academic_year": academic_year,
                        "activity": "study",
                    }
                )
    if parsed.rows_read == 0:
        raise ImportFileError(file.path, "no partner links found in this markdown list")
    return parsed


def _heading_country(text: str, line_number: int, parsed: ParsedFile):
    match = geography.resolve_country(clean(text))
    if match is None:
        parsed.notes.append(f"line {line_number}: heading {text.strip()!r} is not a country")
        return None
    if match.method == "fuzzy":
        parsed.notes.append(
            f"line {line_number}: heading {text.strip()!r} read as {match.country.name_en} "
            f"(close spelling, {match.score:.0f}% similar)"
        )
    return match.country


def _split_link_text(text: str):
    """'Phelma, Grenoble INP, France, Filière SICOM' -> ('Phelma, Grenoble INP', France).

    The partner's name runs up to the first segment that is exactly a country name; what follows
    describes the programme. A text without a country segment is all name.
    """
    segments = re.split(r"(\s*,\s*|\s+-\s+)", text)
    for position in range(2, len(segments), 2):
        match = geography.resolve_country(segments[position])
        if match is not None and match.method != "fuzzy":
            return clean("".join(segments[: position - 1])), match.country
    return clean(text), None
