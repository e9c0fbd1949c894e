"""EWP IIAs v7 get responses: validated offline, read into agreements and their quotas."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from warehouse.errors import ImportFileError
from warehouse.importers._files import read_text_file
from warehouse.importers.ewp_iias import (
    NS,
    academic_year,
    hash_mismatches,
    iia_hash,
    iia_identity,
    iia_text_to_hash,
    partner_country,
    read_ewp_iias,
)
from warehouse.importers.ewp_schemas import DEFAULT_SCHEMA_DIR, LocalEwpSchemas
from warehouse.importers.partner_lists import SchoolContext

from .conftest import DATA, SHARED

EWP = SHARED / "data" / "ewp-iias-v7"
EXAMPLE = Path("endpoints") / "get-response-example.xml"
FIXTURES = DATA / "imports" / "ewp"
ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
ALBI_HEI = "mines-albi.fr"  # the fixtures' invented HEI id for the school
RAW = "https://raw.githubusercontent.com/erasmus-without-paper"


def shared(relative: Path | str = "") -> Path:
    """A path under ../shared/data/ewp-iias-v7; skip the test, saying why, when it is absent."""
    if not EWP.exists():
        pytest.skip(f"{EWP} is absent: the EWP IIA v7 schemas and examples live in ../shared/data")
    return EWP / relative


def read(path: Path, home_hei_id: str | None = None, **options):
    return read_ewp_iias(
        read_text_file(path), ALBI, schema_dir=shared(), home_hei_id=home_hei_id, **options
    )


def by_flow(parsed) -> dict[tuple[str, str], dict]:
    return {(q["direction"], q["mobility_type"]): q for q in parsed.quotas}


# ---------- the real example of the EWP specification


@pytest.mark.shared_data
def test_the_spec_example_validates_and_is_one_iia_with_hibo_as_partner_by_default():
    parsed = read(shared(EXAMPLE))
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (1, 1, 0)
    [agreement] = parsed.agreements
    assert agreement == {
        "line_number": 15,
        "partner_name": "hibo.no",
        "partner_country_raw": ".no",
        "partner_country_iso2": "NO",
        "partner_hei_id": "hibo.no",
        "home_hei_id": "uw.edu.pl",
        "home_iia_id": "0f7a5682-faf7-49a7-9cc7-ec486c49a281",
        "partner_iia_id": "1954991",
        "iia_hash": "e950faa83a799cf45839e7915db88ed51575babe7845c1219dfde54ce30a61e4",
        "iia_hash_matches": True,
        "programme_raw": "983/E+/III14&15",
        "agreement_type": "iia",
        "signatory_level": "school",
        "first_academic_year": "2014-2015",
        "last_academic_year": "2020-2021",
    }


@pytest.mark.shared_data
def test_without_a_hei_id_the_first_partner_is_the_school_and_a_note_says_so():
    parsed = read(shared(EXAMPLE))
    assert len(parsed.notes) == 1
    assert "'uw.edu.pl'" in parsed.notes[0] and "--hei-id" in parsed.notes[0]


@pytest.mark.shared_data
def test_the_spec_example_gives_five_quotas_one_per_direction_and_type():
    quotas = by_flow(read(shared(EXAMPLE)))
    assert len(quotas) == 5
    assert set(quotas) == {
        ("outgoing", "student_studies"),
        ("outgoing", "student_traineeship"),
        ("outgoing", "staff_teaching"),
        ("incoming", "staff_teaching"),
        ("incoming", "staff_training"),
    }
    studies = quotas["outgoing", "student_studies"]
    assert (studies["mobilities_per_year"], studies["months_per_year"]) == (2, 5)
    assert (studies["subject_areas"], studies["eqf_levels"]) == ("0314", "7; 8")
    assert studies["language_requirements"] == "en B1; no B1"
    assert (studies["first_academic_year"], studies["last_academic_year"]) == (
        "2014-2015",
        "2020-2021",
    )
    teaching_out = quotas["outgoing", "staff_teaching"]
    assert (teaching_out["mobilities_per_year"], teaching_out["days_per_year"]) == (2, 8)
    assert teaching_out["months_per_year"] is None
    assert quotas["incoming", "staff_teaching"]["days_per_year"] == 14
    assert quotas["incoming", "staff_training"]["language_requirements"] == "en B2"
    assert quotas["outgoing", "student_traineeship"]["eqf_levels"] is None
    assert {(q["partner_name"], q["partner_country_iso2"]) for q in quotas.values()} == {
        ("hibo.no", "NO")
    }


@pytest.mark.shared_data
def test_quotas_carry_the_line_of_their_cooperation_condition():
    parsed = read(shared(EXAMPLE))
    assert [q["line_number"] for q in parsed.quotas] == [49, 78, 98, 115, 136]


@pytest.mark.shared_data
def test_with_hibo_as_the_school_the_directions_flip_and_the_partner_is_warsaw():
    parsed = read(shared(EXAMPLE), home_hei_id="hibo.no")
    [agreement] = parsed.agreements
    assert (agreement["partner_hei_id"], agreement["partner_country_iso2"]) == ("uw.edu.pl", "PL")
    assert agreement["programme_raw"] == "2014/E+/PL/4104B"
    quotas = by_flow(parsed)
    assert set(quotas) == {
        ("incoming", "student_studies"),
        ("incoming", "student_traineeship"),
        ("incoming", "staff_teaching"),
        ("outgoing", "staff_teaching"),
        ("outgoing", "staff_training"),
    }
    assert quotas["outgoing", "staff_teaching"]["days_per_year"] == 14
    assert parsed.notes == []


@pytest.mark.shared_data
def test_a_hei_id_that_is_neither_partner_rejects_the_iia_naming_both():
    parsed = read(shared(EXAMPLE), home_hei_id="ox.ac.uk")
    assert (parsed.rows_read, parsed.rows_accepted) == (1, 0)
    [reject] = parsed.rejects
    assert reject.line_number == 15
    assert "'ox.ac.uk'" in reject.reason
    assert "'uw.edu.pl'" in reject.reason and "'hibo.no'" in reject.reason
    assert parsed.agreements == [] and parsed.quotas == []


@pytest.mark.shared_data
def test_no_contact_name_or_email_of_the_example_reaches_the_parsed_file():
    people = ["Sylwia", "Nowak", "Jadwiga", "Kowalska", "Monica", "Turner", "email@example.com"]
    for home in (None, "hibo.no", "ox.ac.uk"):
        everything = repr(read(shared(EXAMPLE), home_hei_id=home))
        assert not [p for p in people if p in everything], home


@pytest.mark.shared_data
def test_placeholders_carried_over_from_v6_are_left_empty_with_a_note():
    parsed = read(shared("resources/xsltKit/get-response-v7.xml"))
    studies = by_flow(parsed)["outgoing", "student_studies"]
    assert studies["mobilities_per_year"] is None
    assert studies["language_requirements"] is None
    assert studies["subject_areas"] == "0314 (Social and behavioural sciences)"
    assert any("mobilities per year not yet defined" in note for note in parsed.notes)


@pytest.mark.shared_data
def test_the_example_scenario_fragments_are_refused_with_the_schema_message():
    # The scenario's files are '.part.xml' excerpts: no namespace, no in-effect, so not valid.
    with pytest.raises(ImportFileError) as raised:
        read(shared("example-scenario/01-A-get-response.part.xml"))
    assert raised.value.line == 1
    assert "does not follow the EWP IIA v7 schema" in str(raised.value)
    assert "No matching global declaration" in str(raised.value)


@pytest.mark.shared_data
def test_an_iia_v6_response_is_refused_and_the_message_shows_its_namespace():
    with pytest.raises(ImportFileError, match="stable-v6"):
        read(shared("resources/xsltKit/get-response-v6.xml"))


# ---------- the project's own fixtures


@pytest.mark.shared_data
def test_an_iia_with_a_generic_domain_is_rejected_and_the_other_accepted():
    parsed = read(FIXTURES / "two_iias.xml", home_hei_id=ALBI_HEI)
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (2, 1, 1)
    [reject] = parsed.rejects
    assert (reject.line_number, reject.reason) == (
        65,
        "cannot tell the partner's country from HEI id 'eui.eu'",
    )
    assert [a["partner_hei_id"] for a in parsed.agreements] == ["unibo.it"]
    assert {q["partner_name"] for q in parsed.quotas} == {"unibo.it"}


@pytest.mark.shared_data
def test_fixture_quotas_read_clarifications_languages_without_level_and_decimals():
    parsed = read(FIXTURES / "two_iias.xml", home_hei_id=ALBI_HEI)
    quotas = by_flow(parsed)
    outgoing, incoming = (
        quotas["outgoing", "student_studies"],
        quotas["incoming", "student_studies"],
    )
    assert outgoing["subject_areas"] == "0711 (Chemical engineering); 0712"
    assert outgoing["language_requirements"] == "it B2; en"
    assert (incoming["months_per_year"], incoming["eqf_levels"]) == (10.5, "6; 7")
    assert incoming["subject_areas"] is None
    [agreement] = parsed.agreements
    assert (agreement["first_academic_year"], agreement["last_academic_year"]) == (
        "2021-2022",
        "2027-2028",
    )


@pytest.mark.shared_data
def test_an_iia_without_cooperation_conditions_is_an_agreement_without_quotas():
    parsed = read(FIXTURES / "no_conditions.xml", home_hei_id=ALBI_HEI)
    assert (parsed.rows_read, parsed.rows_accepted) == (1, 1)
    [agreement] = parsed.agreements
    assert (agreement["partner_hei_id"], agreement["partner_country_iso2"]) == ("ed.ac.uk", "GB")
    assert (agreement["first_academic_year"], agreement["last_academic_year"]) == (None, None)
    assert parsed.quotas == []
    assert any("terminated as a whole" in note for note in parsed.notes)


@pytest.mark.shared_data
def test_a_condition_involving_a_third_hei_rejects_its_whole_iia(tmp_path: Path):
    text = (FIXTURES / "two_iias.xml").read_text()
    third = text.replace(
        "<receiving-hei-id>unibo.it</receiving-hei-id>",
        "<receiving-hei-id>polimi.it</receiving-hei-id>",
        1,
    )
    (tmp_path / "third.xml").write_text(third)
    # The edit breaks the iia-hash too: accepting the mismatch lets the condition be read.
    parsed = read(tmp_path / "third.xml", home_hei_id=ALBI_HEI, accept_hash_mismatch=True)
    assert (parsed.rows_read, parsed.rows_accepted) == (2, 0)
    assert parsed.rejects[0].line_number == 7
    assert "condition at line 23 goes from 'mines-albi.fr' to 'polimi.it'" in (
        parsed.rejects[0].reason
    )
    assert parsed.quotas == []


@pytest.mark.shared_data
def test_no_invented_contact_of_the_fixture_reaches_the_parsed_file():
    everything = repr(read(FIXTURES / "two_iias.xml"))
    assert "Camille" not in everything and "example.org" not in everything


@pytest.mark.shared_data
def test_a_value_against_the_schema_refuses_the_file_with_the_line():
    with pytest.raises(ImportFileError) as raised:
        read(FIXTURES / "not_schema_valid.xml")
    message = str(raised.value)
    assert raised.value.line == 52
    assert ", line 52: does not follow the EWP IIA v7 schema: " in message
    assert "'two' is not a valid value" in message


@pytest.mark.shared_data
def test_a_missing_required_element_refuses_the_file_with_the_line():
    with pytest.raises(ImportFileError) as raised:
        read(FIXTURES / "missing_element.xml")
    assert raised.value.line == 74
    assert "does not follow the EWP IIA v7 schema" in str(raised.value)
    assert "in-effect" in str(raised.value)


@pytest.mark.shared_data
def test_a_valid_document_that_is_not_a_get_response_is_refused():
    with pytest.raises(ImportFileError, match="not an EWP IIAs get response"):
        read(FIXTURES / "lone_spec.xml")


def test_a_file_that_is_not_well_formed_xml_is_refused_with_the_line(tmp_path: Path):
    # Parsing comes before validation, so this needs no schemas.
    with pytest.raises(ImportFileError) as raised:
        read_ewp_iias(read_text_file(FIXTURES / "not_xml.xml"), ALBI, schema_dir=tmp_path)
    assert raised.value.line == 9
    assert "not well-formed XML: Opening and ending tag mismatch" in str(raised.value)


def test_a_csv_file_is_refused_as_not_xml_on_its_first_line(tmp_path: Path):
    path = tmp_path / "iias.csv"
    path.write_text("hei-id;partner\nuw.edu.pl;hibo.no\n")
    with pytest.raises(ImportFileError) as raised:
        read_ewp_iias(read_text_file(path), ALBI, schema_dir=tmp_path)
    assert raised.value.line == 1
    assert "not well-formed XML" in str(raised.value)


# ---------- iia-hash


def iias_of(path: Path) -> list[etree._Element]:
    return list(etree.parse(str(path)).getroot().iterchildren(f"{{{NS}}}iia"))


@pytest.mark.shared_data
@pytest.mark.parametrize("example", [EXAMPLE, Path("resources/xsltKit/get-response-v7.xml")])
def test_the_hash_of_the_spec_examples_is_the_iia_hash_they_carry(example: Path):
    # The two complete v7 responses of the specification; its example-scenario files are
    # excerpts whose hashes were computed on the full agreements, so no hash can match them.
    [iia] = iias_of(shared(example))
    given = iia.findtext(f"{{{NS}}}iia-hash")
    assert iia_hash(iia, terminated=False) == given
    assert hash_mismatches(iia.getroottree().getroot()) == []


@pytest.mark.shared_data
def test_the_text_to_hash_leaves_out_contacts_years_in_place_and_undefined_values():
    [iia] = iias_of(shared("resources/xsltKit/get-response-v7.xml"))
    text = iia_text_to_hash(iia, terminated=False)
    assert text.startswith(
        "_iia-id_1=0f7a5682-faf7-49a7-9cc7-ec486c49a281__iia-id_2=1954991__cooperation-conditions."
        "student-studies-mobility-spec.sending-hei-id=uw.edu.pl_"
    )
    assert "XYZ" not in text and "123456789" not in text  # the sending contact
    # mobilities-per-year and the language skill are flagged not-yet-defined in the first spec
    assert "student-studies-mobility-spec.mobilities-per-year" not in text
    assert "student-studies-mobility-spec.recommended-language-skill" not in text
    # an isced-f-code with a v6-value is hashed with that value
    assert "_student-studies-mobility-spec.subject-area.isced-f-code=031_" in text
    # each spec's academic years come last
    assert "_receiving-first-academic-year-id=2014/2015__receiving-last-academic-year-id=" in text
    assert text.endswith(
        "_receiving-first-academic-year-id=2016/2017__receiving-last-academic-year-id=2017/2018_"
    )
    assert iia_text_to_hash(iia, terminated=True) == "_@terminated-as-a-whole@_" + text


@pytest.mark.shared_data
def test_a_file_whose_iia_hash_does_not_match_is_refused_in_one_line_naming_the_iia():
    with pytest.raises(ImportFileError) as raised:
        read(FIXTURES / "iia_0042_hash_mismatch.xml", home_hei_id=ALBI_HEI)
    message = str(raised.value)
    assert raised.value.line == 50  # the <iia-hash> element
    assert "the iia-hash of the IIA 'albi-0042' (mines-albi.fr, unibo.it) does not match" in message
    assert "--accept-hash-mismatch" in message and "\n" not in message


@pytest.mark.shared_data
def test_an_accepted_hash_mismatch_is_read_counted_and_said():
    parsed = read(
        FIXTURES / "iia_0042_hash_mismatch.xml", home_hei_id=ALBI_HEI, accept_hash_mismatch=True
    )
    assert (parsed.rows_read, parsed.rows_accepted, parsed.iia_hash_mismatches) == (1, 1, 1)
    [agreement] = parsed.agreements
    assert agreement["iia_hash_matches"] is False
    assert by_flow(parsed)["outgoing", "student_studies"]["mobilities_per_year"] == 6
    assert parsed.notes == [
        "line 7: IIA 'albi-0042' (mines-albi.fr, unibo.it) imported although its iia-hash does "
        "not match its content (--accept-hash-mismatch)"
    ]


@pytest.mark.shared_data
def test_files_whose_hashes_match_count_no_mismatch():
    for name in ("iias_2024.xml", "iia_0042_edited.xml", "iia_0042_from_unibo.xml"):
        parsed = read(FIXTURES / name, home_hei_id=ALBI_HEI)
        assert parsed.iia_hash_mismatches == 0, name
        assert all(a["iia_hash_matches"] for a in parsed.agreements), name


@pytest.mark.shared_data
def test_a_v7_file_cannot_carry_the_v6_conditions_hash(tmp_path: Path):
    text = (FIXTURES / "iia_0042_edited.xml").read_text()
    (tmp_path / "v6_hash.xml").write_text(
        text.replace("<iia-hash>", f"<conditions-hash>{'0' * 64}</conditions-hash><iia-hash>")
    )
    with pytest.raises(ImportFileError, match="'conditions-hash': This element is not expected"):
        read(tmp_path / "v6_hash.xml")


def test_a_terminated_iia_elsewhere_in_the_response_is_accepted_in_the_xslt_reading_too():
    # The specification's XSLT reads terminated-as-a-whole of the whole response (`//`): an IIA
    # hashed by it carries the marker when another IIA of the response is terminated.
    root = etree.parse(str(FIXTURES / "iias_2024.xml")).getroot()
    first, second = root.iterchildren(f"{{{NS}}}iia")
    second.find(f"{{{NS}}}cooperation-conditions").set("terminated-as-a-whole", "true")
    second.find(f"{{{NS}}}iia-hash").text = iia_hash(second, terminated=True)
    assert hash_mismatches(root) == []  # first: its own reading, as the file has it
    first.find(f"{{{NS}}}iia-hash").text = iia_hash(first, terminated=True)
    assert hash_mismatches(root) == []  # first: the XSLT's reading
    first.find(f"{{{NS}}}iia-hash").text = "0" * 64
    assert [(iia, given) for iia, given, _ in hash_mismatches(root)] == [(first, "0" * 64)]


# ---------- the same IIA


def test_an_iia_is_known_by_its_two_heis_and_either_iia_id():
    assert iia_identity("Mines-Albi.fr", "unibo.it", "albi-0042", None) == [
        ("mines-albi.fr", "unibo.it", "home", "albi-0042")
    ]
    assert iia_identity("mines-albi.fr", "unibo.it", "albi-0042", "BO-IIA-17") == [
        ("mines-albi.fr", "unibo.it", "home", "albi-0042"),
        ("mines-albi.fr", "unibo.it", "partner", "BO-IIA-17"),
    ]
    assert iia_identity("mines-albi.fr", "unibo.it", None, None) == []


@pytest.mark.shared_data
def test_the_partners_copy_of_an_iia_has_the_same_ids_seen_from_the_school():
    [ours] = read(FIXTURES / "iias_2024.xml", home_hei_id=ALBI_HEI).agreements[:1]
    [theirs] = read(FIXTURES / "iia_0042_from_unibo.xml", home_hei_id=ALBI_HEI).agreements
    for agreement in (ours, theirs):
        assert (agreement["home_iia_id"], agreement["partner_iia_id"]) == ("albi-0042", "BO-IIA-17")


@pytest.mark.shared_data
def test_the_same_iia_twice_in_one_file_is_rejected_the_second_time(tmp_path: Path):
    text = (FIXTURES / "iias_2024.xml").read_text()
    first = text[text.index("    <iia>") : text.index("    </iia>") + len("    </iia>\n")]
    (tmp_path / "twice.xml").write_text(
        text.replace("</iias-get-response>", first + "</iias-get-response>")
    )
    parsed = read(tmp_path / "twice.xml", home_hei_id=ALBI_HEI)
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (3, 2, 1)
    [reject] = parsed.rejects
    assert (reject.line_number, reject.reason) == (
        107,
        "the same IIA as at line 8 (same HEIs and iia-id)",
    )
    assert len(parsed.quotas) == 5


@pytest.mark.shared_data
def test_an_iia_without_iia_id_is_imported_with_a_note_that_it_cannot_be_recognised():
    parsed = read(FIXTURES / "no_conditions.xml", home_hei_id=ALBI_HEI)
    assert parsed.rows_accepted == 1
    assert any(
        "has no iia-id: imported again, it will be counted again" in note for note in parsed.notes
    )


# ---------- finding the schemas


def test_without_the_schemas_validation_refuses_the_file_saying_where_it_looked(tmp_path: Path):
    with pytest.raises(ImportFileError) as raised:
        read_ewp_iias(read_text_file(FIXTURES / "two_iias.xml"), ALBI, schema_dir=tmp_path)
    message = str(raised.value)
    assert "validation needs the EWP IIA v7 schemas" in message
    assert str(tmp_path) in message and "\n" not in message


def test_the_environment_variable_overrides_the_default_schema_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MOBILITY_EWP_SCHEMAS", str(tmp_path / "elsewhere"))
    with pytest.raises(ImportFileError, match="elsewhere"):
        read_ewp_iias(read_text_file(FIXTURES / "two_iias.xml"), ALBI)


def test_the_default_schema_folder_is_the_shared_data_beside_the_repo():
    assert EWP == DEFAULT_SCHEMA_DIR


@pytest.mark.shared_data
def test_the_default_schema_folder_is_used_when_nothing_else_is_given(
    monkeypatch: pytest.MonkeyPatch,
):
    shared()
    monkeypatch.delenv("MOBILITY_EWP_SCHEMAS", raising=False)
    parsed = read_ewp_iias(read_text_file(FIXTURES / "two_iias.xml"), ALBI)
    assert parsed.rows_read == 2


@pytest.mark.shared_data
def test_schema_urls_resolve_to_the_newest_local_copy_of_their_major_version():
    resolver = LocalEwpSchemas(shared("schemas"))
    schemas = shared("schemas").resolve()
    assert resolver.local_path(f"{RAW}/ewp-specs-architecture/stable-v1/common-types.xsd") == (
        schemas / "ewp-specs-architecture-v1.16.0" / "common-types.xsd"
    )
    assert resolver.local_path(f"{RAW}/ewp-specs-types-contact/stable-v1/schema.xsd") == (
        schemas / "ewp-specs-types-contact-v1.1.0" / "schema.xsd"
    )
    assert resolver.local_path(f"{RAW}/ewp-specs-types-contact/stable-v2/schema.xsd") is None
    assert resolver.local_path(f"{RAW}/ewp-specs-architecture/stable-v1/../../x.xsd") is None


@pytest.mark.shared_data
def test_a_schema_folder_missing_an_imported_schema_fails_without_going_online(tmp_path: Path):
    (tmp_path / "endpoints").mkdir()
    (tmp_path / "schemas").mkdir()
    shutil.copy(shared("endpoints/get-response.xsd"), tmp_path / "endpoints")
    with pytest.raises(ImportFileError) as raised:
        read_ewp_iias(read_text_file(FIXTURES / "two_iias.xml"), ALBI, schema_dir=tmp_path)
    message = str(raised.value)
    assert "cannot load the EWP IIA v7 schemas offline" in message
    assert f"{RAW}/ewp-specs-architecture/stable-v1/common-types.xsd" in message


# ---------- small readings


def test_partner_country_comes_from_a_country_top_level_domain_only():
    assert partner_country("hibo.no") == "NO"
    assert partner_country("uw.edu.pl") == "PL"
    assert partner_country("ed.ac.uk") == "GB"
    assert partner_country("Mines-Albi.FR") == "FR"
    # '.com' is also Comoros' ISO alpha-3 code: only two-letter domains are countries.
    for generic in ("eui.eu", "example.com", "example.org", "mit.edu", "A"):
        assert partner_country(generic) is None, generic


def test_academic_years_change_their_slash_for_a_dash():
    assert academic_year("2014/2015") == "2014-2015"
    assert academic_year(None) is None
