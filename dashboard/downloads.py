"""CSV and Excel downloads of every table and of the data behind every chart, and the
management report.

`/download/<name>.csv?<filters>` and `/download/<name>.xlsx?<filters>` run the data function
registered under <name> with the filters of the query string, so a download is exactly what
the page shows and can be recounted from the warehouse. Its columns are named in the language
of the page (COLUMN_NAMES; column_codes maps them back to the warehouse's); a workbook has a
second sheet, "read me", saying what it holds, under which filters, when and from where.

`/report/management.pdf?<filters>` is `mobility report management` for the first selected
school (else every school the user sees) and the last year of the range, in the page's
language, as the user may see it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import flask
import polars as pl

from dashboard import auth, data, numbers
from dashboard.filters import Filters
from dashboard.i18n import N_, NP_, translator
from warehouse import exports, management_report

DOWNLOADS: dict[str, Callable[[Filters], pl.DataFrame]] = {}

# The human name of every column a download holds, translated in the download's language
# (context "column": a column's name may differ from the same English elsewhere).
COLUMN_NAMES = {
    "academic_year": NP_("column", "Academic year"),
    "action": NP_("column", "Erasmus+ action"),
    "activity": NP_("column", "Activity"),
    "activity_type": NP_("column", "Erasmus+ activity type"),
    "agreement_id": NP_("column", "Agreement ID"),
    "agreement_type": NP_("column", "Agreement type"),
    "avg_months_abroad": NP_("column", "Average months abroad"),
    "balance": NP_("column", "Balance (incoming − outgoing)"),
    "check_code": NP_("column", "Check"),
    "city": NP_("column", "City"),
    "city_source": NP_("column", "City found from"),
    "code_country_iso2": NP_("column", "Country of the Erasmus code (ISO)"),
    "count_agreements": NP_("column", "Agreements"),
    "count_arriving": NP_("column", "Arriving students"),
    "count_flows": NP_("column", "Mobilities (both directions)"),
    "count_graduates": NP_("column", "Graduates"),
    "count_incoming": NP_("column", "Incoming"),
    "count_leaving": NP_("column", "Leaving students"),
    "count_long_term": NP_("column", "Long-term mobilities"),
    "count_meeting_eu_benchmark": NP_("column", "Graduates meeting the EU benchmark"),
    "count_meeting_school_rule": NP_("column", "Graduates meeting the school's rule"),
    "count_mobilities": NP_("column", "Mobilities"),
    "count_not_estimated": NP_("column", "Mobilities not estimated"),
    "count_open_ended": NP_("column", "Open-ended agreements"),
    "count_outgoing": NP_("column", "Outgoing"),
    "count_partners": NP_("column", "Partners"),
    "count_region_agreements": NP_("column", "Agreements in the region"),
    "count_rows": NP_("column", "Rows"),
    "count_short_term": NP_("column", "Short-term mobilities"),
    "count_students": NP_("column", "Students"),
    "count_synthetic": NP_("column", "Synthetic rows"),
    "count_with_ects": NP_("column", "Graduates with ECTS known"),
    "count_with_mobility": NP_("column", "Graduates with a mobility"),
    "country_iso2": NP_("column", "Country (ISO)"),
    "country_iso3": NP_("column", "Country (ISO 3 letters)"),
    "country_name": NP_("column", "Country"),
    "country_name_fr": NP_("column", "Country (French)"),
    "days_per_year": NP_("column", "Days per year"),
    "direction": NP_("column", "Direction"),
    "disagreement": NP_("column", "Disagreement"),
    "distance_band": NP_("column", "Distance band"),
    "distance_band_number": NP_("column", "Distance band number"),
    "end_date": NP_("column", "End date"),
    "eqf_levels": NP_("column", "EQF levels"),
    "erasmus_code": NP_("column", "Erasmus code"),
    "file_format": NP_("column", "File format"),
    "file_name": NP_("column", "File"),
    "file_sha256": NP_("column", "File SHA-256"),
    "first_academic_year": NP_("column", "First academic year"),
    "graduation_year": NP_("column", "Graduation year"),
    "import_id": NP_("column", "Import"),
    "imported_at": NP_("column", "Imported at"),
    "individual_support_eur": NP_("column", "Individual support (€)"),
    "is_above_third_country_cap": NP_("column", "Above the third-country cap"),
    "is_active_in_year": NP_("column", "Active in the year"),
    "is_distance_known": NP_("column", "Distance known"),
    "is_green_travel": NP_("column", "Green travel"),
    "is_located": NP_("column", "Located"),
    "is_synthetic": NP_("column", "Synthetic"),
    "is_total": NP_("column", "Total row"),
    "ka131_grant_eur": NP_("column", "KA131 grant (€)"),
    "ka131_third_country_grant_eur": NP_("column", "KA131 grant to third countries (€)"),
    "ka131_third_country_share": NP_("column", "KA131 share to third countries"),
    "ka131_third_country_share_max": NP_("column", "KA131 third-country cap"),
    "kind": NP_("column", "Kind"),
    "km_outside_code_country": NP_("column", "Km outside the Erasmus code's country"),
    "km_outside_country": NP_("column", "Km outside the country"),
    "language_requirements": NP_("column", "Language requirements"),
    "last_academic_year": NP_("column", "Last academic year"),
    "last_flow_year": NP_("column", "Last year with a mobility"),
    "latitude": NP_("column", "Latitude"),
    "line_number": NP_("column", "Line"),
    "longitude": NP_("column", "Longitude"),
    "map_country": NP_("column", "Country on the map"),
    "mobilities_per_year": NP_("column", "Mobilities per year"),
    "mobility_id": NP_("column", "Mobility ID"),
    "mobility_type": NP_("column", "Mobility type"),
    "months_per_year": NP_("column", "Months per year"),
    "name": NP_("column", "Name"),
    "options": NP_("column", "Options"),
    "participant_id": NP_("column", "Participant (pseudonym)"),
    "partner_id": NP_("column", "Partner ID"),
    "partner_name": NP_("column", "Partner"),
    "percent_eu_target": NP_("column", "EU target (%)"),
    "percent_meeting_eu_benchmark": NP_("column", "Meeting the EU benchmark (%)"),
    "percent_meeting_school_rule": NP_("column", "Meeting the school's rule (%)"),
    "percent_used": NP_("column", "Used (%)"),
    "place_id": NP_("column", "Place ID"),
    "places_per_year": NP_("column", "Places per year"),
    "programme": NP_("column", "Programme"),
    "quota_days": NP_("column", "Quota (days)"),
    "quota_id": NP_("column", "Quota ID"),
    "quota_mobilities": NP_("column", "Quota (mobilities)"),
    "quota_months": NP_("column", "Quota (months)"),
    "rank": NP_("column", "Rank"),
    "ratio_in_out": NP_("column", "Ratio incoming / outgoing"),
    "raw_text": NP_("column", "Raw text"),
    "realised_days": NP_("column", "Realised days"),
    "realised_mobilities": NP_("column", "Realised mobilities"),
    "realised_months": NP_("column", "Realised months"),
    "reason": NP_("column", "Reason"),
    "region_code": NP_("column", "World region (UN M49)"),
    "region_name": NP_("column", "World region"),
    "region_name_fr": NP_("column", "World region (French)"),
    "removed_at": NP_("column", "Removed on"),
    "rows_accepted": NP_("column", "Rows accepted"),
    "rows_read": NP_("column", "Rows read"),
    "rows_rejected": NP_("column", "Rows rejected"),
    "school": NP_("column", "School"),
    "school_id": NP_("column", "School ID"),
    "school_rule_max_months": NP_("column", "School's rule: maximum months"),
    "school_rule_min_months": NP_("column", "School's rule: minimum months"),
    "signatory_level": NP_("column", "Signed by"),
    "source_file": NP_("column", "Source file"),
    "start_date": NP_("column", "Start date"),
    "status": NP_("column", "Status"),
    "subject_areas": NP_("column", "Subject areas"),
    "sum_months": NP_("column", "Months of mobility"),
    "superseded_by": NP_("column", "Replaced by import"),
    "top_ups_eur": NP_("column", "Top-ups (€)"),
    "total_grant_eur": NP_("column", "Total grant (€)"),
    "travel_grant_eur": NP_("column", "Travel grant (€)"),
    "use_state": NP_("column", "Use"),
    "view_name": NP_("column", "Public view"),
}
# What each download is, the title of its "read me" sheet.
TITLES = {
    "active_agreements_by_type": N_("Active agreements by type"),
    "agreement_list": N_("Agreements"),
    "agreement_use_by_school": N_("Agreements by use, per school"),
    "partner_by_school": N_("By home school"),
    "agreements_by_region": N_("Active agreements by world region"),
    "agreements_by_school_and_level": N_("Active agreements by school and signatory"),
    "agreements_by_school_and_type": N_("Active agreements by school and type"),
    "agreements_ending_soon": N_("Agreements ending within a year"),
    "agreements_without_flows": N_("Agreements without mobility for 3 years"),
    "country_measures": N_("Countries of the world map"),
    "country_partners": N_("Partners of a country"),
    "double_degree_pipeline": N_("Double-degree students by partner and year"),
    "double_degrees_by_partner": N_("Double-degree students by partner"),
    "double_degrees_by_year": N_("Double-degree students by year"),
    "erasmus_by_activity_type": N_("Erasmus+ mobilities by activity type"),
    "erasmus_by_distance_band": N_("Erasmus+ mobilities by distance band"),
    "erasmus_failed_checks": N_("Failed Erasmus+ checks"),
    "erasmus_grant_by_school": N_("Estimated Erasmus+ grant by school"),
    "flows_without_agreement": N_("Mobilities without an agreement"),
    "graduate_cohorts": N_("Graduates and their stays abroad"),
    "import_history": N_("Imports"),
    "mobility_by_activity": N_("Mobilities by activity"),
    "mobility_by_region": N_("Mobilities by world region"),
    "mobility_trend": N_("Outgoing and incoming by academic year"),
    "partner_agreements": N_("A partner's agreements"),
    "partner_balance": N_("Balance by partner"),
    "partner_flows": N_("A partner's mobilities by year"),
    "partner_points": N_("Partners on the world map"),
    "partner_quotas": N_("A partner's quotas"),
    "place_flags": N_("Places outside their country on the map"),
    "places_by_programme": N_("Places per year by programme"),
    "quota_use_by_year": N_("Quota places and mobilities using them"),
    "quota_vs_realised": N_("Quota and realised, by agreement and year"),
    "rejected_rows_list": N_("Rejected rows"),
    "synthetic_share": N_("What is synthetic"),
    "top_partners": N_("Top partners in each direction"),
    "top_partners_incoming": N_("Top origins (incoming)"),
    "top_partners_outgoing": N_("Top destinations (outgoing)"),
}


def downloadable(name: str):
    """Register a function (filters -> DataFrame) as the download `name`."""

    def register(function: Callable[[Filters], pl.DataFrame]):
        DOWNLOADS[name] = function
        return function

    return register


def report_href(filters: Filters) -> str:
    """The link that downloads the management report under `filters`."""
    return f"/report/management.pdf{filters.to_query()}"


def report_file_name(filters: Filters) -> str:
    """The file the management report under `filters` is saved as."""
    school = filters.schools[0] if filters.schools else None
    return management_report.file_name(school, filters.year_to or "")


def href(name: str, file_format: str, filters: Filters, **extra: str) -> str:
    """The link that downloads `name` under `filters`."""
    return f"/download/{name}.{file_format}{filters.to_query(**extra)}"


def install(server: flask.Flask) -> None:
    """Add the /download and /report routes to the dashboard's Flask server."""

    @server.route("/download/<name>.<file_format>")
    def download(name: str, file_format: str):
        if name not in DOWNLOADS or file_format not in {"csv", "xlsx"}:
            flask.abort(404)
        years = data.academic_years()["academic_year"].to_list()
        asked = Filters.from_query(flask.request.args.to_dict()).with_years(years)
        filters = auth.visible(asked)
        frame = auth.downloaded(f"{name}.{file_format}", filters, DOWNLOADS[name])
        buffer = io.BytesIO()
        if file_format == "csv":
            # no cell runs as a formula in a spreadsheet
            exports.write_csv(with_names(frame, filters.lang), buffer)
            mimetype = "text/csv"
        else:
            t = translator(filters.lang)
            title = t(TITLES[name]) if name in TITLES else name
            exports.write_workbook(  # strings stay strings
                buffer,
                [
                    (name, with_names(frame, filters.lang)),
                    (t("Read me"), read_me(name, frame, filters)),
                ],
                properties={"title": title, "comments": t("Made by the mobility dashboard")},
            )
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return flask.send_file(
            io.BytesIO(buffer.getvalue()),
            mimetype=mimetype,
            as_attachment=True,
            download_name=f"{name}.{file_format}",
        )

    @server.route("/report/management.pdf")
    def report():
        years = data.academic_years()["academic_year"].to_list()
        asked = Filters.from_query(flask.request.args.to_dict()).with_years(years)
        filters = auth.visible(asked)
        if filters.year_to is None:
            flask.abort(404)
        schools = filters.schools[:1]
        scope = auth.current_scope()
        name = report_file_name(filters)
        try:
            pdf = auth.delivered(
                name,
                lambda: management_report.report_bytes(
                    schools, filters.year_to, filters.lang, scope=scope,
                    year_from=filters.year_from,
                ),
            )  # fmt: skip
        except management_report.ReportError as error:
            flask.abort(404, str(error))
        return flask.send_file(
            io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name
        )


def with_names(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`frame` with its columns named in `lang` (a column without a name keeps its code)."""
    t = translator(lang)
    return frame.rename({c: t(COLUMN_NAMES[c]) for c in frame.columns if c in COLUMN_NAMES})


def column_codes(lang: str) -> dict[str, str]:
    """The warehouse's code of each column name of a download in `lang`: what a script or a
    test renames a download's columns with."""
    t = translator(lang)
    return {t(name): code for code, name in COLUMN_NAMES.items()}


def read_me(name: str, frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The "read me" sheet of a workbook: its title, the filters it was made under, when and
    from what, whether synthetic rows are in the warehouse, and the code of each column."""
    lang = filters.lang
    t = translator(lang)
    status = data.warehouse_status().row(0, named=True)
    synthetic = status["count_synthetic_mobilities"] or status["count_synthetic_agreements"]
    rows = [
        (t("Title"), t(TITLES[name]) if name in TITLES else name),
        *filter_lines(filters),
        (t("Downloaded on"), numbers.moment(datetime.now(), lang)),
        (
            t("Source"),
            t(
                "the mobility warehouse, last import {when}",
                when=numbers.moment(status["last_import_at"], lang),
            ),
        ),
        (
            t("Synthetic data"),
            t(
                "yes: {mobilities} of {total} mobilities and {agreements} agreements in the "
                "warehouse were generated, not imported (the column Synthetic says which rows)",
                mobilities=numbers.number(status["count_synthetic_mobilities"], lang),
                total=numbers.number(status["count_mobilities"], lang),
                agreements=numbers.number(status["count_synthetic_agreements"], lang),
            )
            if synthetic
            else t("no: every row was imported"),
        ),
        (t("Rows"), numbers.number(frame.height, lang)),
        *(
            (t("Column {name}", name=t(COLUMN_NAMES.get(column, column))), column)
            for column in frame.columns
        ),
    ]
    return pl.DataFrame(
        rows, schema=[(t("Item"), pl.String), (t("Value"), pl.String)], orient="row"
    )


# the keys a page adds to the filters of its downloads
EXTRA_NAMES = {"call": N_("Call year"), "partner": N_("Partner"), "country": N_("Country")}


def filter_lines(filters: Filters) -> list[tuple[str, str]]:
    """The filters of a download in words."""
    lang = filters.lang
    t = translator(lang)
    schools = data.school_options()
    names = dict(zip(schools["school_id"], schools["school"], strict=True))
    lines = [
        (
            t("Schools"),
            ", ".join(names.get(s, s) for s in filters.schools) or t("All schools"),
        ),
        (
            t("Academic years"),
            f"{filters.year_from} → {filters.year_to}"
            if filters.year_from != filters.year_to
            else filters.year_from or "",
        ),
        (t("Direction"), t.label("direction", filters.direction)),
        (
            t("Activity"),
            ", ".join(t.label("activity", a) for a in filters.activities) or t("All activities"),
        ),
        (
            t("World region"),
            ", ".join(t.label("region", r) for r in filters.regions) or t("All regions"),
        ),
    ]
    lines += [
        (t(EXTRA_NAMES[key]) if key in EXTRA_NAMES else key, value)
        for key, value in filters.extra.items()
    ]
    return lines
