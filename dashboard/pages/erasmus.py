"""Erasmus+ report: for one call year and the selected schools, the mobilities they report by
activity type, distance band and months, the grant estimate, and every failing rule check with
its reason and a link to the mobility; the web face of `mobility report erasmus`."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, html, no_update

from dashboard import components, data, erasmus, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import N_, page_title, translator

dash.register_page(
    __name__, path="/erasmus", name="Erasmus+", order=6, title=page_title(N_("Erasmus+ report"))
)

CALL = "erasmus-call"
SCOPE_NOTE = "erasmus-scope-note"
RULES_NOTE = "erasmus-rules-note"
EMPTY = "erasmus-empty"
KPI_MOBILITIES = "erasmus-kpi-mobilities"
KPI_LONG_TERM = "erasmus-kpi-long-term"
KPI_SHORT_TERM = "erasmus-kpi-short-term"
KPI_MONTHS = "erasmus-kpi-months"
KPI_GRANT = "erasmus-kpi-grant"
KPI_GREEN = "erasmus-kpi-green-travel"
KPI_FEWER = "erasmus-kpi-fewer-opportunities"
KPI_FAILING = "erasmus-kpi-failing"
KPI_KA131_SHARE = "erasmus-kpi-ka131-third-country-share"
BY_ACTIVITY_TYPE = "erasmus-by-activity-type"
BY_DISTANCE_BAND = "erasmus-by-distance-band"
MONTHS = "erasmus-months-by-activity-type"
GRANT = "erasmus-grant-by-school"
GRANT_NOTE = "erasmus-grant-note"
CHECKS_GRID = "erasmus-failed-checks-grid"
CHECKS_SEARCH = "erasmus-failed-checks-search"
CHECKS_NOTE = "erasmus-failed-checks-note"

# Rows of the failed-check list sent to the browser; the downloads hold them all.
CHECKS_LIMIT = 500
# Narrowest readable width of the failed-check columns, in pixels (the grid scrolls sideways).
_MIN_WIDTHS = {
    "mobility": 140, "school": 120, "participant_id": 160, "partner": 200, "activity_type": 100,
    "start": 105, "end": 105, "check": 130, "reason": 260,
}  # fmt: skip

ACTION_COLOURS = {"KA131": figures.OKABE_ITO[0], "KA171": figures.OKABE_ITO[1]}
TRAVEL_COLOURS = {True: figures.OKABE_ITO[2], False: figures.OKABE_ITO[4]}
COMPONENT_COLOURS = {
    "travel_grant_eur": figures.OKABE_ITO[0],
    "individual_support_eur": figures.OKABE_ITO[1],
    "top_ups_eur": figures.OKABE_ITO[3],
}
COMPONENTS = {
    "travel_grant_eur": N_("Travel"),
    "individual_support_eur": N_("Individual support"),
    "top_ups_eur": N_("Top-ups"),
}
TRAVEL = {True: N_("Green travel"), False: N_("Standard travel")}


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    calls = data.erasmus_call_years()
    present = calls.filter(pl.col("count_mobilities") > 0)["call_year"].to_list()
    rule_years = calls.filter(pl.col("has_rules"))["call_year"].to_list()
    t = translator(lang)
    title = html.H1(t("Erasmus+ report"))
    if not present:
        empty = (
            N_(
                "The warehouse holds no mobility: import a mobility file (`mobility "
                "import mobilities FILE --school NAME`) or build the demo (`mobility "
                "demo`)."
            )
            if data.warehouse_status()["count_mobilities"][0] == 0
            else N_(
                "No mobility falls under Erasmus+ reporting: none is an outgoing or "
                "KA171 mobility funded by Erasmus+ or of unknown funding."
            )
        )
        return components.page_shell("/erasmus", filters, years, title, _empty(t(empty)))
    call = erasmus.call_year(filters, present)
    view = erasmus.with_call(filters, call)
    kpis = data.erasmus_kpis(view, call).row(0, named=True)
    head = [
        html.H1([t("Erasmus+ report"), html.Small(f" {call}")]),
        controls(call, present, rule_years, lang),
    ]
    if kpis["count_mobilities"] == 0:
        message = t(
            "No mobility reported for call {year} by {schools}. Calls with mobilities: {years}.",
            year=call,
            schools=_school_names(filters, lang),
            years=", ".join(map(str, present)),
        )
        return components.page_shell("/erasmus", filters, years, *head, _empty(message))
    grant = data.erasmus_grant_by_school(view, call)
    by_type = data.erasmus_by_activity_type(view, call)
    # one row per mobility (pseudonyms, dates): not for the viewer role
    checks = data.erasmus_failed_checks(view, call, CHECKS_LIMIT) if data.sees_rows() else None
    return components.page_shell(
        "/erasmus",
        filters,
        years,
        *head,
        rules_note(call, rule_years, kpis["rules_call_year"], lang),
        kpi_row(kpis, grant, call in rule_years, call, lang),
        dmc.SimpleGrid(
            [
                components.chart_card(
                    t("Mobilities by activity type and action"),
                    BY_ACTIVITY_TYPE,
                    activity_type_figure(by_type, "count_mobilities", lang),
                    "erasmus_by_activity_type",
                    view,
                ),
                components.chart_card(
                    t("Mobilities by distance band, green or standard travel"),
                    BY_DISTANCE_BAND,
                    distance_band_figure(data.erasmus_by_distance_band(view, call), lang),
                    "erasmus_by_distance_band",
                    view,
                ),
                components.chart_card(
                    t("Mobility months by activity type"),
                    MONTHS,
                    activity_type_figure(by_type, "sum_months", lang),
                    "erasmus_by_activity_type",
                    view,
                ),
                grant_card(grant, call, rule_years, view),
            ],
            cols={"base": 1, "lg": 2},
            spacing="sm",
            mt="sm",
        ),
        checks_card(checks, call, view) if checks is not None else rows_hidden_card(lang),
    )


def _empty(message: str) -> html.Div:
    return html.Div(components.empty_state(message), id=EMPTY)


def _school_names(filters: Filters, lang: str) -> str:
    t = translator(lang)
    if not filters.schools:
        return t("any school")
    names = dict(data.school_options().select("school_id", "school").iter_rows())
    return ", ".join(names.get(school, school) for school in filters.schools)


def controls(call: int, present: list[int], rule_years: list[int], lang: str) -> html.Div:
    """The call-year select and what the page counts; the global filters it ignores."""
    choices = sorted({*present, call})
    t = translator(lang)
    return html.Div(
        [
            dmc.Select(
                id=CALL,
                label=t("Call year"),
                data=[
                    {
                        "value": str(year),
                        "label": str(year)
                        if year in rule_years
                        else t("{year} (no amounts)", year=year),
                    }
                    for year in reversed(choices)
                ],
                value=str(call),
                allowDeselect=False,
                w=190,
            ),
            html.P(
                t(
                    "The mobilities the schools report in their own Erasmus+ project, as "
                    "in the workbook of `mobility report erasmus --school S --call-year "
                    "{year}`: their outgoing mobility, and KA171 both ways, funded by "
                    "Erasmus+ or of unknown funding. Call {year} is academic year "
                    "{academic_year}.",
                    year=call,
                    academic_year=erasmus.academic_year(call),
                ),
                id=SCOPE_NOTE,
                className="muted",
            ),
            html.P(
                t(
                    "Only the Schools filter applies here: academic years, direction, "
                    "activity and region do not apply to a call-year report."
                ),
                className="muted",
            ),
        ]
    )


def rules_note(call: int, rule_years: list[int], rules_year: int | None, lang: str):
    """Say so when the call year has no rules: the amounts are then not estimated."""
    if call in rule_years:
        return None
    t = translator(lang)
    return html.P(
        t(
            "No Erasmus+ rules for call {year}: amounts are not estimated. The "
            "rule tables hold the calls {years}; add a call's amounts with "
            "`mobility erasmus rules import FILE.csv`. The checks use the limits "
            "of call {rules_year}.",
            year=call,
            years=_years_text(rule_years, lang),
            rules_year=rules_year if rules_year is not None else "—",
        ),
        id=RULES_NOTE,
        className="muted",
    )


def _years_text(years: list[int], lang: str) -> str:
    t = translator(lang)
    return ", ".join(map(str, years)) if years else t("none")


# ---------- headline figures


def kpi_row(kpis: dict, grant: pl.DataFrame, has_rules: bool, call: int, lang: str):
    """Counts, months, the grant estimate, failing mobilities and the KA131 third-country share."""
    count = kpis["count_mobilities"]

    def share_of(value: int) -> str:
        t = translator(lang)
        return t("{percent} of mobilities", percent=erasmus.percent(value / count, lang))

    t = translator(lang)
    mobilities_note = t(
        "KA131 {ka131} · KA171 {ka171}", ka131=kpis["count_ka131"], ka171=kpis["count_ka171"]
    )
    if kpis["count_unknown_term"]:
        mobilities_note += t(
            "; {count} neither long- nor short-term (no activity type or no usable dates)",
            count=kpis["count_unknown_term"],
        )
    if not has_rules:
        grant_note = t("no rules for call {year}", year=call)
    elif kpis["count_not_estimated"]:
        grant_note = t.ngettext(
            "{count} mobility not estimated",
            "{count} mobilities not estimated",
            kpis["count_not_estimated"],
            count=kpis["count_not_estimated"],
        )
    else:
        grant_note = t("all estimated")
    cards = [
        components.kpi_card(
            KPI_MOBILITIES,
            t("Mobilities"),
            erasmus.number(count, lang),
            note=mobilities_note,
        ),
        components.kpi_card(
            KPI_LONG_TERM,
            t("Long-term"),
            erasmus.number(kpis["count_long_term"], lang),
            note=t("students, over 30 days"),
        ),
        components.kpi_card(
            KPI_SHORT_TERM,
            t("Short-term"),
            erasmus.number(kpis["count_short_term"], lang),
            note=t("students up to 30 days, BIP, staff"),
        ),
        components.kpi_card(
            KPI_MONTHS,
            t("Mobility months"),
            erasmus.number(kpis["sum_months"], lang, 1),
            note=t(
                "of which long-term {months}",
                months=erasmus.number(kpis["sum_long_term_months"], lang, 1),
            ),
        ),
        components.kpi_card(
            KPI_GRANT,
            t("Estimated grant"),
            erasmus.euros(kpis["total_grant_eur"] if has_rules else None, lang),
            note=grant_note,
        ),
        components.kpi_card(
            KPI_GREEN,
            t("Green travel"),
            erasmus.number(kpis["count_green_travel"], lang),
            note=share_of(kpis["count_green_travel"]),
        ),
        components.kpi_card(
            KPI_FEWER,
            t("Fewer opportunities"),
            erasmus.number(kpis["count_fewer_opportunities"], lang),
            note=share_of(kpis["count_fewer_opportunities"]),
        ),
        components.kpi_card(
            KPI_FAILING,
            t("Failing a check"),
            erasmus.number(kpis["count_failing"], lang),
            note=t.ngettext(
                "{count} failed check",
                "{count} failed checks",
                kpis["count_failed_checks"],
                count=erasmus.number(kpis["count_failed_checks"], lang),
            ),
        ),
        ka131_share_card(grant, lang),
    ]
    return dmc.SimpleGrid(cards, cols={"base": 2, "sm": 3, "lg": 5}, spacing="sm", mt="sm")


def ka131_share_card(grant: pl.DataFrame, lang: str) -> dmc.Paper:
    """The share of the KA131 estimate going to third countries not associated to the
    Programme, over the selected schools, with each school above its project's cap named."""
    t = translator(lang)
    label = t("KA131 to non-associated countries")
    ka131 = grant["ka131_grant_eur"].sum() if grant.height else 0
    if not ka131:
        return components.kpi_card(KPI_KA131_SHARE, label, None, note=t("no KA131 estimate"))
    third = grant["ka131_third_country_grant_eur"].fill_null(0).sum()
    cap = erasmus.percent(grant["ka131_third_country_share_max"].drop_nulls().max(), lang, 0)
    above = grant.filter(pl.col("is_above_third_country_cap"))
    if above.is_empty():
        note = t(
            "{amount} of {total}; cap {cap}",
            amount=erasmus.euros(third, lang),
            total=erasmus.euros(ka131, lang),
            cap=cap,
        )
    else:
        schools = ", ".join(
            f"{row['school']} {erasmus.percent(row['ka131_third_country_share'], lang)}"
            for row in above.iter_rows(named=True)
        )
        note = "⚠ " + t("ABOVE the {cap} cap: {schools}", cap=cap, schools=schools)
    card = components.kpi_card(
        KPI_KA131_SHARE, label, erasmus.percent(third / ka131, lang), note=note
    )
    if not above.is_empty():
        card.className += " kpi-alert"
    return card


# ---------- charts


def activity_type_figure(by_type: pl.DataFrame, value: str, lang: str):
    """Bars per activity type (the EU's codes, in the Programme Guide's order) stacked by
    action; `value` is count_mobilities or sum_months."""
    t = translator(lang)
    if by_type.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    none = t("No activity type")
    rows = by_type.with_columns(label=pl.col("activity_type").fill_null(none))
    present = set(rows["label"])
    order = [a for a in (*erasmus.ACTIVITY_TYPES, none) if a in present]
    order += sorted(present - set(order))  # a type a user typed in the file
    words = {code: erasmus.activity_type_label(code, lang) for code in order}
    rows = rows.with_columns(label=pl.col("label").replace(words))
    order = [words[code] for code in order]
    axis = N_("Physical months") if value == "sum_months" else N_("Mobilities")
    return figures.ordered_stacked_bar(
        rows,
        "label",
        value,
        "action",
        [(action, action, ACTION_COLOURS[action]) for action in erasmus.ACTIONS],
        order,
        erasmus.separators(lang),
        value_format=",.1f" if value == "sum_months" else ",.0f",
        layout={
            "xaxis": figures.titled(t("Activity type")),
            "yaxis": figures.titled(t(axis)),
        },
    )


def distance_band_figure(by_band: pl.DataFrame, lang: str):
    """Bars per distance band (in band order, then under 10 km, then unknown distance) stacked
    by green or standard travel."""
    t = translator(lang)
    if by_band.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    rows = by_band.with_columns(
        label=pl.when(pl.col("distance_band").is_not_null())
        .then(
            pl.col("distance_band").map_elements(
                lambda label: erasmus.band_label(label, lang), return_dtype=pl.String
            )
        )
        .when(pl.col("is_distance_known"))
        .then(pl.lit(t("Under 10 km")))
        .otherwise(pl.lit(t("Unknown distance"))),
        band_order=pl.col("distance_band_number").fill_null(
            pl.when(pl.col("is_distance_known")).then(0).otherwise(99)
        ),
    )
    order = rows.sort("band_order")["label"].unique(maintain_order=True).to_list()
    return figures.ordered_stacked_bar(
        rows,
        "label",
        "count_mobilities",
        "is_green_travel",
        [(green, t(TRAVEL[green]), colour) for green, colour in TRAVEL_COLOURS.items()],
        order,
        erasmus.separators(lang),
        layout={
            "xaxis": figures.titled(t("Distance band (one way)")),
            "yaxis": figures.titled(t("Mobilities")),
        },
    )


def grant_figure(grant: pl.DataFrame, call: int, rule_years: list[int], lang: str):
    """Travel, individual support and top-ups per school, stacked, in euros."""
    t = translator(lang)
    if call not in rule_years:
        message = t(
            "No Erasmus+ rules for call {year}: amounts not estimated<br>(rules: {years})",
            year=call,
            years=_years_text(rule_years, lang),
        )
        return figures.empty_figure(message)
    if grant.is_empty() or grant["total_grant_eur"].is_null().all():
        return figures.empty_figure(t(components.NO_DATA))
    rows = grant.unpivot(
        index="school", on=list(COMPONENTS), variable_name="component", value_name="eur"
    ).with_columns(pl.col("eur").fill_null(0))
    return figures.ordered_stacked_bar(
        rows,
        "school",
        "eur",
        "component",
        [(column, t(name), COMPONENT_COLOURS[column]) for column, name in COMPONENTS.items()],
        grant["school"].to_list(),
        erasmus.separators(lang),
        value_format=",.0f",
        layout={
            "xaxis": figures.titled(t("School")),
            "yaxis": figures.titled(t("Euros"), ticksuffix=" €"),
        },
    )


def grant_card(grant: pl.DataFrame, call: int, rule_years: list[int], view: Filters):
    lang = view.lang
    t = translator(lang)
    card = components.chart_card(
        t("Estimated grant by component, per school"),
        GRANT,
        grant_figure(grant, call, rule_years, lang),
        "erasmus_grant_by_school",
        view,
    )
    not_estimated = int(grant["count_not_estimated"].sum()) if grant.height else 0
    if call in rule_years and not_estimated:
        card.children.append(
            html.P(
                t.ngettext(
                    "Amounts add up the mobilities with a complete estimate; {count} has "
                    "none (no dates, no located city).",
                    "Amounts add up the mobilities with a complete estimate; {count} have "
                    "none (no dates, no located city).",
                    not_estimated,
                    count=not_estimated,
                ),
                id=GRANT_NOTE,
                className="muted",
            )
        )
    return card


# ---------- failed checks


def rows_hidden_card(lang: str) -> dmc.Paper:
    """In place of the failed-check list, for a viewer: why it is not there."""
    t = translator(lang)
    return dmc.Paper(
        [html.H3(t("Failed checks")), components.rows_hidden(lang)],
        withBorder=True,
        p="sm",
        mt="sm",
    )


def checks_card(failed: data.Rows, call: int, view: Filters) -> dmc.Paper:
    """Every failed check with its reason, linking to the mobility and to its partner; at most
    CHECKS_LIMIT rows (the downloads hold them all)."""
    lang = view.lang
    checks, total = failed
    t = translator(lang)
    head = html.Div(
        [
            html.H3(t("Failed checks ({count})", count=erasmus.number(total, lang))),
            components.download_links("erasmus_failed_checks", view),
        ],
        className="card-head",
    )
    if checks.is_empty():
        body = [
            components.empty_state(
                t(
                    "No failed check: every mobility reported for call {year} passes the rules.",
                    year=call,
                )
            )
        ]
    else:
        notes = []
        if total > checks.height:
            notes.append(
                t(
                    "The first {shown} of {total} failed checks are listed here; the CSV "
                    "and Excel downloads hold them all.",
                    shown=checks.height,
                    total=total,
                )
            )
        if not erasmus.reasons_translated(lang):
            notes.append(t("Reasons are written in English, as in the workbook."))
        body = [
            html.P(" ".join(notes), id=CHECKS_NOTE, className="muted"),
            dmc.TextInput(
                id=CHECKS_SEARCH,
                placeholder=t("Search the failed checks"),
                w=280,
                mb="xs",
                debounce=200,
            ),
            checks_grid(checks, view),
        ]
    return dmc.Paper([head, *body], withBorder=True, p="sm", mt="sm")


def checks_grid(checks: pl.DataFrame, view: Filters):
    lang = view.lang
    query = view.to_query()
    t = translator(lang)
    rows = checks.with_columns(
        mobility=pl.Series(
            [
                components.markdown_link(mobility_id, erasmus.mobility_path(mobility_id) + query)
                for mobility_id in checks["mobility_id"]
            ],
            dtype=pl.String,
        ),
        partner=erasmus.partner_links(checks, view),
        activity_type=pl.col("activity_type").replace(
            {code: erasmus.activity_type_label(code, lang) for code in erasmus.ACTIVITY_TYPES}
        ),
        check=pl.col("check_code").replace_strict(
            t.labels("check"),
            default=pl.col("check_code"),
        ),
        start=pl.col("start_date").cast(pl.String),
        end=pl.col("end_date").cast(pl.String),
    )
    grid = components.data_grid(
        CHECKS_GRID,
        rows,
        [
            ("mobility", t("Mobility")),
            ("school", t("School")),
            ("participant_id", t("Participant (pseudonym)")),
            ("partner", t("Partner")),
            ("activity_type", t("Activity type")),
            ("start", t("Start")),
            ("end", t("End")),
            ("check", t("Check")),
            ("reason", t("Reason")),
        ],
        lang,
        height=min(620, 130 + 42 * rows.height),
    )
    for column in grid.columnDefs:
        column["minWidth"] = _MIN_WIDTHS.get(column["field"], 100)
        if column["field"] in ("mobility", "partner"):
            column["cellRenderer"] = "markdown"
        if column["field"] in ("partner", "check", "reason"):
            # long names and reasons wrap onto more lines rather than hide their end
            column.update(
                flex={"partner": 2, "check": 1, "reason": 4}[column["field"]],
                wrapText=True,
                autoHeight=True,
                cellStyle={"lineHeight": "1.35", "paddingTop": "6px", "paddingBottom": "6px"},
            )
    return grid


# ---------- callbacks


@callback(
    Output(components.URL, "search", allow_duplicate=True),
    Input(CALL, "value"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def call_to_url(call, search):
    """Keep the chosen call year in the URL, so that the view can be bookmarked and shared."""
    if not call:
        return no_update
    wanted = Filters.from_query(search).to_query(**{erasmus.CALL_KEY: call})
    return wanted if wanted != (search or "") else no_update


@callback(Output(CHECKS_GRID, "dashGridOptions"), Input(CHECKS_SEARCH, "value"))
def search_checks(text):
    """Type to filter the failed checks on any column."""
    return components.quick_filter(text)


# ---------- downloads: the frames behind the charts and the whole failed-check list


def _call_of(filters: Filters) -> int:
    present = (
        data.erasmus_call_years().filter(pl.col("count_mobilities") > 0)["call_year"].to_list()
    )
    return erasmus.call_year(filters, present) or 0


@downloadable("erasmus_by_activity_type")
def _download_by_activity_type(filters: Filters) -> pl.DataFrame:
    return data.erasmus_by_activity_type(filters, _call_of(filters))


@downloadable("erasmus_by_distance_band")
def _download_by_distance_band(filters: Filters) -> pl.DataFrame:
    return data.erasmus_by_distance_band(filters, _call_of(filters))


@downloadable("erasmus_grant_by_school")
def _download_grant_by_school(filters: Filters) -> pl.DataFrame:
    return data.erasmus_grant_by_school(filters, _call_of(filters))


@downloadable("erasmus_failed_checks")
def _download_failed_checks(filters: Filters) -> pl.DataFrame:
    return data.erasmus_failed_checks(filters, _call_of(filters), None).rows
