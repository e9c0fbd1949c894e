"""Inter-institutional agreements as EWP (Erasmus Without Paper) serves them: IIAs API v7.

The file is the XML answer of the IIAs `get` endpoint, `<iias-get-response>`, in the namespace of
`ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd`. It is validated against that
schema before anything is read; the schemas stay outside the project (ewp_schemas.py),
and their https imports are resolved to local copies so that validation works offline.

Each `<iia>` is one row read and gives one agreement. It names two `<partner>` HEIs by HEI id (an
internet domain such as `uw.edu.pl`) and no institution names, so the partner is recorded by HEI
id and its country is read from the id's country top-level domain. The school's own partner is
the one equal to `home_hei_id`, else the first one: EWP requires the institution that serves the
response to list itself first.

Each cooperation condition (`*-mobility-spec`) gives one quota and describes a one-way flow:
`sending-hei-id` -> `receiving-hei-id`. Seen from the school, a condition it sends people
through is 'outgoing', one it receives people through is 'incoming'.

Each IIA carries an `iia-hash`: the SHA-256 of a text that the specification's XSLT builds from
its iia-ids and cooperation conditions (see `iia_text_to_hash`). A file whose hash does not match
its content was changed after the partner's system served it, and is refused unless the caller
accepts the mismatch. The partners' iia-ids are kept, so that an IIA imported again (a newer
download of the same agreement) replaces its earlier conditions instead of adding to them: see
warehouse/models/staging/stg_iia_versions.sql.

Contacts (names, e-mails, phones of people) are never read: personal data stays out of the
warehouse, including reject texts.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from warehouse import geography
from warehouse.errors import ImportFileError
from warehouse.importers._files import TextFile
from warehouse.importers.ewp_schemas import NS, find_schema_dir, parse, validate
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.result import ParsedFile

ROOT_TAG = f"{{{NS}}}iias-get-response"

# Cooperation condition element -> raw.agreement_quotas.mobility_type.
MOBILITY_TYPES = {
    "student-studies-mobility-spec": "student_studies",
    "student-traineeship-mobility-spec": "student_traineeship",
    "staff-teacher-mobility-spec": "staff_teaching",
    "staff-training-mobility-spec": "staff_training",
}

_ACADEMIC_YEAR = re.compile(r"^(?P<start>\d{4})/(?P<end>\d{4})$")

# What the text-to-hash leaves out of a mobility spec, or puts at its end (the years).
_UNHASHED_CONTACTS = {"sending-contact", "receiving-contact"}
_YEARS_LAST = ("receiving-first-academic-year-id", "receiving-last-academic-year-id")
_TRUE = ("true", "1")  # xs:boolean's two spellings of true, compared as the XSLT compares them


def read_ewp_iias(
    file: TextFile,
    school: SchoolContext,
    *,
    schema_dir: Path | None = None,
    home_hei_id: str | None = None,
    accept_hash_mismatch: bool = False,
) -> ParsedFile:
    """Read an EWP IIAs v7 get response into agreements and their quotas, after validating it
    and checking each IIA's `iia-hash` (a mismatch refuses the file unless accepted)."""
    # `school` is every importer's argument; an IIA names HEIs by id only, so which partner is
    # the school comes from `home_hei_id` (or the first-partner rule), not from its name.
    root = parse(file)
    validate(file, root, find_schema_dir(file, schema_dir))
    if root.tag != ROOT_TAG:
        # The schema also declares mobility specs and contacts globally: valid, yet no response.
        raise ImportFileError(
            file.path,
            f"not an EWP IIAs get response: the root element is <{_local(root.tag)}>, "
            "expected <iias-get-response>",
            line=root.sourceline,
        )
    mismatched = hash_mismatches(root)
    if mismatched and not accept_hash_mismatch:
        iia, given, computed = mismatched[0]
        more = f" (and {len(mismatched) - 1} more IIA(s))" if len(mismatched) > 1 else ""
        raise ImportFileError(
            file.path,
            f"the iia-hash of the IIA {_iia_label(iia)} does not match its content{more}: "
            f"the file says {given[:12]}…, its iia-ids and cooperation conditions hash to "
            f"{computed[:12]}… (EWP IIA v7 text-to-hash): it was edited after it was served, "
            "or hashed otherwise; --accept-hash-mismatch imports it as it is",
            line=iia.find(_q("iia-hash")).sourceline,
        )
    parsed = ParsedFile("ewp_iias_v7", iia_hash_mismatches=0)
    reading = _Reading(parsed, home_hei_id, {iia for iia, _, _ in mismatched})
    for iia in root.iterchildren(_q("iia")):
        _read_iia(iia, reading)
    for hei_id, count in reading.taken_first.items():
        parsed.notes.append(
            f"the school's HEI id was taken as {hei_id!r} for {count} IIA(s): the first partner, "
            "the institution that serves this copy; give --hei-id to say otherwise"
        )
    return parsed


# ---------- one IIA


@dataclass(frozen=True)
class _Partner:
    hei_id: str
    iia_id: str | None
    iia_code: str | None


@dataclass
class _Reading:
    """What reading one file's IIAs carries from one IIA to the next."""

    parsed: ParsedFile
    home_hei_id: str | None
    mismatched: set  # the <iia> elements whose iia-hash does not match (accepted by the caller)
    taken_first: dict[str, int] = field(default_factory=dict)  # HEI id -> IIAs it was taken for
    seen: dict[tuple, int] = field(default_factory=dict)  # identity of an IIA -> its line


def _read_iia(iia: etree._Element, reading: _Reading) -> None:
    parsed, home_hei_id = reading.parsed, reading.home_hei_id
    line = iia.sourceline
    partners = [
        _Partner(_text(p, "hei-id") or "", _text(p, "iia-id"), _text(p, "iia-code"))
        for p in iia.iterchildren(_q("partner"))
    ]
    raw = "iia of " + ", ".join(
        p.hei_id + (f" ({p.iia_code})" if p.iia_code else "") for p in partners
    )
    ids = [_same_hei(p.hei_id) for p in partners]
    if ids[0] == ids[1]:
        parsed.reject(line, f"both partners have the HEI id {partners[0].hei_id!r}", raw)
        return
    if home_hei_id is None:
        home_index = 0
    elif _same_hei(home_hei_id) in ids:
        home_index = ids.index(_same_hei(home_hei_id))
    else:
        parsed.reject(
            line,
            f"the school's HEI id {home_hei_id!r} is neither partner of this IIA "
            f"({partners[0].hei_id!r}, {partners[1].hei_id!r})",
            raw,
        )
        return
    home, partner = partners[home_index], partners[1 - home_index]
    country = partner_country(partner.hei_id)
    if country is None:
        parsed.reject(
            line, f"cannot tell the partner's country from HEI id {partner.hei_id!r}", raw
        )
        return

    conditions = iia.find(_q("cooperation-conditions"))
    quotas, notes = [], []  # notes only count for an IIA that is accepted
    for spec in conditions.iterchildren(*(_q(name) for name in MOBILITY_TYPES)):
        quota, problem = _quota(spec, home.hei_id, partner.hei_id, notes)
        if problem:
            parsed.reject(line, problem, raw)
            return
        quotas.append(
            {"line_number": quota.pop("line_number"), "partner_name": partner.hei_id}
            | {"partner_country_iso2": country, "agreement_line_number": line}
            | quota
        )

    # The same IIA twice in one file leaves no later version to prefer: the second is refused.
    identity = iia_identity(home.hei_id, partner.hei_id, home.iia_id, partner.iia_id)
    earlier = next((reading.seen[key] for key in identity if key in reading.seen), None)
    if earlier is not None:
        parsed.reject(line, f"the same IIA as at line {earlier} (same HEIs and iia-id)", raw)
        return
    reading.seen.update(dict.fromkeys(identity, line))

    if home_hei_id is None:
        reading.taken_first[home.hei_id] = reading.taken_first.get(home.hei_id, 0) + 1
    if not identity:
        notes.append(
            f"line {line}: IIA with {partner.hei_id} has no iia-id: imported again, it will be "
            "counted again rather than replace this one"
        )
    hash_matches = iia not in reading.mismatched
    if not hash_matches:
        parsed.iia_hash_mismatches += 1
        notes.append(
            f"line {line}: IIA {_iia_label(iia)} imported although its iia-hash does not match "
            "its content (--accept-hash-mismatch)"
        )
    if _text(iia, "in-effect") in ("false", "0"):
        parsed.notes.append(f"line {line}: IIA with {partner.hei_id} is a draft, not in effect")
    if conditions.get("terminated-as-a-whole") in ("true", "1"):
        parsed.notes.append(f"line {line}: IIA with {partner.hei_id} was terminated as a whole")
    parsed.notes.extend(notes)
    parsed.accept()
    parsed.agreements.append(
        {
            "line_number": line,
            "partner_name": partner.hei_id,
            # The file names no country: what it was read from is the HEI id's domain.
            "partner_country_raw": "." + partner.hei_id.rsplit(".", 1)[-1].lower(),
            "partner_country_iso2": country,
            "partner_hei_id": partner.hei_id,
            "home_hei_id": home.hei_id,
            "home_iia_id": home.iia_id,
            "partner_iia_id": partner.iia_id,
            "iia_hash": _text(iia, "iia-hash"),
            "iia_hash_matches": hash_matches,
            "programme_raw": home.iia_code or partner.iia_code,
            "agreement_type": "iia",
            "signatory_level": "school",
            "first_academic_year": min((q["first_academic_year"] for q in quotas), default=None),
            "last_academic_year": max((q["last_academic_year"] for q in quotas), default=None),
        }
    )
    parsed.quotas.extend(quotas)


def partner_country(hei_id: str) -> str | None:
    """ISO alpha-2 code of a HEI id's country top-level domain ('hibo.no' -> 'NO'), else None."""
    tld = hei_id.strip().rsplit(".", 1)[-1].lower()
    if "." not in hei_id.strip() or len(tld) != 2:
        return None  # generic domains (.eu, .org, .edu) say nothing about the country
    if tld == "uk":  # the one country TLD that is not the ISO code (GB)
        return "GB"
    match = geography.resolve_country(tld)
    # Only a code match: a two-letter TLD must not be read as a name or an Erasmus prefix.
    return match.country.iso2 if match is not None and match.method == "iso2" else None


def _quota(
    spec: etree._Element, home: str, partner: str, notes: list[str]
) -> tuple[dict, str | None]:
    """One cooperation condition as a raw.agreement_quotas row, or the reason it cannot be."""
    line = spec.sourceline
    sending, receiving = _text(spec, "sending-hei-id") or "", _text(spec, "receiving-hei-id") or ""
    flow = (_same_hei(sending), _same_hei(receiving))
    if flow == (_same_hei(home), _same_hei(partner)):
        direction = "outgoing"
    elif flow == (_same_hei(partner), _same_hei(home)):
        direction = "incoming"
    else:
        return {}, (
            f"cooperation condition at line {line} goes from {sending!r} to {receiving!r}, "
            f"not between the school {home!r} and the partner {partner!r}"
        )
    mobilities = spec.find(_q("mobilities-per-year"))
    mobilities_per_year = float(mobilities.text)
    if mobilities.get("not-yet-defined") in ("true", "1"):
        # Agreements carried over from IIA v6 may hold a placeholder, not an agreed number.
        mobilities_per_year = None
        notes.append(f"line {mobilities.sourceline}: mobilities per year not yet defined")
    languages = []
    for skill in spec.iterchildren(_q("recommended-language-skill")):
        if skill.get("not-yet-defined") in ("true", "1"):
            notes.append(f"line {skill.sourceline}: language skill not yet defined")
            continue
        level = _text(skill, "cefr-level")
        languages.append(" ".join(filter(None, [_text(skill, "language"), level])))
    subjects = []
    for area in spec.iterchildren(_q("subject-area")):
        code, clarification = _text(area, "isced-f-code"), _text(area, "isced-clarification")
        subjects.append(f"{code} ({clarification})" if clarification else code)
    months, days = _text(spec, "total-months-per-year"), _text(spec, "total-days-per-year")
    return {
        "line_number": line,
        "agreement_type": "iia",
        "signatory_level": "school",
        "direction": direction,
        "mobility_type": MOBILITY_TYPES[_local(spec.tag)],
        "mobilities_per_year": mobilities_per_year,
        "months_per_year": float(months) if months else None,
        "days_per_year": float(days) if days else None,
        "subject_areas": _joined(subjects),
        "eqf_levels": _joined(e.text.strip() for e in spec.iterchildren(_q("eqf-level"))),
        "language_requirements": _joined(languages),
        "first_academic_year": academic_year(_text(spec, "receiving-first-academic-year-id")),
        "last_academic_year": academic_year(_text(spec, "receiving-last-academic-year-id")),
    }, None


def academic_year(ewp_year: str | None) -> str | None:
    """EWP's '2014/2015' as the warehouse's '2014-2015' (southern '2014/2014' stays one year)."""
    if ewp_year is None:
        return None
    match = _ACADEMIC_YEAR.match(ewp_year.strip())
    return f"{match['start']}-{match['end']}" if match else None


# ---------- iia-hash and identity


def iia_text_to_hash(iia: etree._Element, *, terminated: bool) -> str:
    """The `text-to-hash` of one IIA, whose SHA-256 is its `iia-hash`.

    get-response.xsd defines the hash by the XSLT the specification ships
    (resources/xsltKit/transform_version_7.xsl of ewp-specs-api-iias). That stylesheet is XSLT
    2.0 (xsl:function, `except`), which lxml's XSLT 1.0 cannot compile, and the schema folder
    does not carry it; its rules are therefore written out here, and the tests check them on the
    hashes of the specification's own examples. In order, as `_name=value_` pieces:
    - `_@terminated-as-a-whole@_` when `terminated`;
    - each partner's iia-id, `_iia-id_<position>=<iia-id>_` (empty when it has none);
    - for each mobility spec, each element inside it in document order, except the
      sending/receiving contacts' insides, the two academic years and anything flagged
      `not-yet-defined` (or inside such an element): first its attributes, but not-yet-defined
      and v6-value, as `_@<grandparent>.<parent>.<element>.<attribute>=<value>@_`, then, for an
      element without child elements, `_<grandparent>.<parent>.<element>=<text>_` (text as
      written; an isced-f-code with a `v6-value` gives that value); then the spec's
      `_receiving-first-academic-year-id=…_` and `_receiving-last-academic-year-id=…_`.
    """
    pieces = ["_@terminated-as-a-whole@_"] if terminated else []
    for position, partner in enumerate(_children(iia, "partner"), start=1):
        pieces.append(f"_iia-id_{position}={_string(_children(partner, 'iia-id'))}_")
    for conditions in _children(iia, "cooperation-conditions"):
        for spec in _children(conditions):
            for element in spec.iterdescendants(etree.Element):
                if not _hashed(element):
                    continue
                path = ".".join(
                    _local(e.tag) for e in (element.getparent().getparent(), element.getparent())
                )
                for name, value in element.attrib.items():
                    if name not in ("not-yet-defined", "v6-value"):
                        pieces.append(f"_@{path}.{_local(element.tag)}.{_local(name)}={value}@_")
                if next(element.iterchildren(etree.Element), None) is None:
                    value = element.xpath("string()")
                    if _local(element.tag) == "isced-f-code" and element.get("v6-value"):
                        value = element.get("v6-value")
                    pieces.append(f"_{path}.{_local(element.tag)}={value}_")
            for year in _YEARS_LAST:
                pieces.append(f"_{year}={_string(_children(spec, year))}_")
    return "".join(pieces)


def iia_hash(iia: etree._Element, *, terminated: bool) -> str:
    return hashlib.sha256(iia_text_to_hash(iia, terminated=terminated).encode("utf-8")).hexdigest()


def hash_mismatches(root: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """(iia, iia-hash given, hash computed) of each IIA whose iia-hash does not match it.

    The XSLT marks an IIA terminated when any `cooperation-conditions` of the whole response is
    (it selects them with `//`), which differs from the IIA's own flag only in a response of
    several IIAs: a hash that matches either reading is taken as matching.
    """
    own = {
        iia: any(
            c.get("terminated-as-a-whole") in _TRUE
            for c in _children(iia, "cooperation-conditions")
        )
        for iia in _children(root, "iia")
    }
    anywhere = any(own.values())
    mismatched = []
    for iia, terminated in own.items():
        given = (_text(iia, "iia-hash") or "").lower()
        computed = iia_hash(iia, terminated=terminated)
        if given != computed and (
            terminated == anywhere or given != iia_hash(iia, terminated=anywhere)
        ):
            mismatched.append((iia, given, computed))
    return mismatched


def iia_identity(home: str, partner: str, home_iia_id: str | None, partner_iia_id: str | None):
    """Keys under which an IIA is the same agreement: its two HEIs and either HEI's iia-id.

    Two downloads of one IIA share its iia-ids, whichever partner served them (the server lists
    itself first, and the other side's iia-id once they are mapped). No iia-id, no identity.
    """
    heis = (_same_hei(home), _same_hei(partner))
    return [
        (*heis, side, iia_id)
        for side, iia_id in (("home", home_iia_id), ("partner", partner_iia_id))
        if iia_id
    ]


def _hashed(element: etree._Element) -> bool:
    """Whether an element inside a mobility spec is part of the text-to-hash."""
    if _local(element.tag) in _YEARS_LAST:
        return False
    ancestors = list(element.iterancestors(etree.Element))
    if any(_local(a.tag) in _UNHASHED_CONTACTS for a in ancestors):
        return False
    return not any(e.get("not-yet-defined") in _TRUE for e in (element, *ancestors))


def _iia_label(iia: etree._Element) -> str:
    """'albi-0042' (mines-albi.fr, unibo.it): the first partner's iia-id and the two HEIs."""
    partners = list(iia.iterchildren(_q("partner")))
    iia_id = _text(partners[0], "iia-id") if partners else None
    heis = ", ".join(_text(p, "hei-id") or "?" for p in partners)
    return f"{iia_id!r} ({heis})" if iia_id else f"at line {iia.sourceline} ({heis})"


# ---------- helpers


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _children(parent: etree._Element, name: str | None = None) -> list[etree._Element]:
    """Child elements, by local name in any namespace as the hash's XSLT selects them."""
    return [
        child
        for child in parent.iterchildren(etree.Element)
        if name is None or _local(child.tag) == name
    ]


def _string(elements: list[etree._Element]) -> str:
    """XPath's string value of the first element, '' for none (what the XSLT concatenates)."""
    return elements[0].xpath("string()") if elements else ""


def _text(parent: etree._Element, name: str) -> str | None:
    """Stripped text of the first child `name` in the response's namespace, None when empty."""
    child = parent.find(_q(name))
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _same_hei(hei_id: str) -> str:
    # HEI ids are lower-case domain names; a stray capital or space is not another institution.
    return hei_id.strip().lower()


def _joined(values) -> str | None:
    unique = list(dict.fromkeys(v for v in values if v))
    return "; ".join(unique) or None
