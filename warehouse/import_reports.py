"""What an import says when it is done: its figures, read back from the warehouse, and the CSV
of its rejected rows that an officer can fix and import again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from warehouse import db, exports, settings
from warehouse.errors import WarehouseError
from warehouse.import_records import ImportChanges, replaced_iia_versions
from warehouse.importers.result import ParsedFile
from warehouse.schools import School


@dataclass(frozen=True)
class ImportReport:
    import_id: int | None
    file: Path
    school: School | None
    parsed: ParsedFile
    superseded: list[int]
    reject_report: Path | None
    agreements_listed: int = 0
    agreements_after_merge: int = 0
    merged: list[str] = field(default_factory=list)
    partners: int = 0
    countries: int = 0
    skipped: bool = False
    replaced: list[ImportChanges] = field(default_factory=list)
    replaced_iias: list[str] = field(default_factory=list)  # earlier versions of its EWP IIAs

    def summary_line(self) -> str:
        parsed = self.parsed
        if self.reject_report:
            rejects = f"reject report: {self.reject_report}"
        elif parsed.rows_rejected:
            rejects = "dry run, no reject report written"
        else:
            rejects = "no rejects"
        return (
            f"{self.file.name}: {parsed.rows_read} rows read, {parsed.rows_accepted} accepted, "
            f"{parsed.rows_rejected} rejected; {rejects}"
        )


def import_report(import_id, path, school, parsed, superseded, reject_report) -> ImportReport:
    """Figures of one import, read back from the warehouse as readers now see it."""
    listed = len(parsed.agreements)
    after_merge, merged, partners, countries, replaced = listed, [], 0, 0, []
    if import_id is not None and parsed.agreements:
        with db.connect(read_only=True) as con:
            replaced = replaced_iia_versions(con, import_id)
            con.execute(
                """
                create temp table this_import as
                select r.*, s.partner_id
                from raw.agreements r
                join marts.partner_spellings s
                  on s.country_iso2 = r.partner_country_iso2
                 and s.spelling_key = name_key(r.partner_name)
                where r.import_id = ?
                """,
                [import_id],
            )
            after_merge, partners, countries = con.execute(
                """
                select count(distinct (partner_id, agreement_type, signatory_level)),
                       count(distinct partner_id), count(distinct partner_country_iso2)
                from this_import
                """
            ).fetchone()
            merged = [
                row[0]
                for row in con.execute(
                    """
                    select string_agg(distinct partner_name, ' = ' order by partner_name)
                           || ' (' || agreement_type || ', ' || signatory_level || ')'
                    from this_import
                    group by partner_id, agreement_type, signatory_level
                    having count(*) > 1
                    order by 1
                    """
                ).fetchall()
            ]
    return ImportReport(
        import_id, path, school, parsed, superseded, reject_report,
        listed, after_merge, merged, partners, countries, replaced_iias=replaced,
    )  # fmt: skip


def write_reject_report(import_id: int, path: Path, parsed: ParsedFile) -> Path | None:
    """A CSV of the rejected rows an officer can fix and re-import."""
    if not parsed.rejects:
        return None
    folder = settings.rejects_dir()
    report = folder / f"import-{import_id}-{path.stem}-rejected.csv"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # a folder made by an older version was 0755
        with exports.private_file(report) as file:
            exports.write_rows(
                file,
                [
                    ["file", "line", "reason", "raw_text"],
                    *([path.name, r.line_number, r.reason, r.raw_text] for r in parsed.rejects),
                ],
            )
    except OSError as error:
        raise WarehouseError(
            f"{report}: imported as import #{import_id}, but its reject report could not be "
            f"written ({error.strerror}); `mobility rejects {import_id} --csv FILE` writes it"
        ) from None
    return report
