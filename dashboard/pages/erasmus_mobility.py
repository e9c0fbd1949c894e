"""One mobility under the Erasmus+ rules: who and when, its classification, its distance, its
grant estimate part by part, and every check with its result; linked from the Erasmus+ page's
list of failed checks."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import dcc, html

from dashboard import components, data, erasmus
from dashboard.i18n import N_, field_label, page_title, translator

dash.register_page(
    __name__,
    path_template="/erasmus/mobility/<mobility_id>",
    name="Erasmus+ mobility",
    order=6,
    title=page_title(N_("Erasmus+ mobility")),
)

TITLE = "erasmus-mobility-title"
NOT_FOUND = "erasmus-mobility-not-found"
BACK = "erasmus-mobility-back"
NOT_REPORTED = "erasmus-mobility-not-reported"
RULES_NOTE = "erasmus-mobility-rules-note"
WHO = "erasmus-mobility-who"
CLASSIFICATION = "erasmus-mobility-classification"
DISTANCE = "erasmus-mobility-distance"
GRANT = "erasmus-mobility-grant"
CHECKS = "erasmus-mobility-checks"


def layout(mobility_id: str | None = None, **query):
    filters, years = components.resolve(query)
    lang = filters.lang
    mobility_id = mobility_id or ""
    t = translator(lang)
    if not data.sees_rows():  # one mobility, its dates and pseudonym: not for a viewer
        return components.page_shell(
            "/erasmus",
            filters,
            years,
            html.H1(t("Erasmus+ mobility {mobility_id}", mobility_id=mobility_id)),
            html.Div(components.rows_hidden(lang), id=NOT_FOUND),
        )
    detail = data.erasmus_mobility_detail(mobility_id)
    if detail.is_empty():
        return components.page_shell(
            "/erasmus",
            filters,
            years,
            html.H1(t("Erasmus+ mobility {mobility_id}", mobility_id=mobility_id)),
            html.Div(
                [
                    components.empty_state(
                        t(
                            "No mobility {mobility_id} in the warehouse (an import may have "
                            "replaced it).",
                            mobility_id=mobility_id,
                        )
                    ),
                    dcc.Link(t("Erasmus+ report"), href="/erasmus" + filters.to_query()),
                ],
                id=NOT_FOUND,
            ),
        )
    row = detail.row(0, named=True)
    call = row["call_year"]
    back = erasmus.with_call(filters, call)
    return components.page_shell(
        "/erasmus",
        filters,
        years,
        dcc.Link(
            t("← Erasmus+ report, call {year}", year=call),
            href="/erasmus" + back.to_query(),
            id=BACK,
        ),
        html.H1(t("Erasmus+ mobility {mobility_id}", mobility_id=mobility_id), id=TITLE),
        None
        if row["is_reported"]
        else html.P(
            t(
                "The school does not report this mobility in its own project (it "
                "reports its outgoing mobility and KA171 both ways, funded by Erasmus+ "
                "or of unknown funding)."
            ),
            id=NOT_REPORTED,
            className="muted",
        ),
        None
        if row["has_rules"]
        else html.P(
            t(
                "No Erasmus+ rules for call {year}: amounts are not estimated; the "
                "checks use the limits of call {rules_year}.",
                year=call,
                rules_year=row["rules_call_year"],
            ),
            id=RULES_NOTE,
            className="muted",
        ),
        dmc.SimpleGrid(
            [
                panel(N_("Mobility"), WHO, who(row, filters), lang),
                panel(
                    N_("Classification"),
                    CLASSIFICATION,
                    classification(row, lang),
                    lang,
                ),
                panel(N_("Distance and travel"), DISTANCE, distance(row, lang), lang),
                panel(N_("Grant estimate"), GRANT, grant(row, lang), lang),
            ],
            cols={"base": 1, "md": 2},
            spacing="sm",
        ),
        dmc.Paper(
            [html.H3(t("Checks")), checks(row, lang)],
            withBorder=True,
            p="sm",
            mt="sm",
        ),
    )


def panel(title: str, list_id: str, rows: list[tuple[str, object]], lang: str) -> dmc.Paper:
    """A titled list of (label, value) pairs, title and labels messages to translate; 'not
    known' where a value is missing."""
    t = translator(lang)
    unknown = html.Span(t("not known"), className="muted")
    return dmc.Paper(
        [
            html.H3(t(title)),
            html.Dl(
                [
                    item
                    for key, value in rows
                    for item in (
                        html.Dt(t(key), className="muted"),
                        html.Dd(unknown if value in (None, "") else value, style={"margin": 0}),
                    )
                ],
                id=list_id,
                style={
                    "display": "grid",
                    "gridTemplateColumns": "max-content 1fr",
                    "gap": "4px 16px",
                    "margin": 0,
                },
            ),
        ],
        withBorder=True,
        p="sm",
    )


def _yes_no(value: bool | None, lang: str) -> str | None:
    t = translator(lang)
    return None if value is None else t("yes") if value else t("no")


def _place(city: str | None, country: str | None) -> str | None:
    return ", ".join(part for part in (city, country) if part) or None


def who(row: dict, filters) -> list[tuple[str, object]]:
    lang = filters.lang
    partner_href = components.partner_path(row["partner_id"]) + filters.to_query(
        **{erasmus.CALL_KEY: None}
    )
    dates = " → ".join(
        erasmus.date(day, lang) if day is not None else "?"
        for day in (row["start_date"], row["end_date"])
    )
    t = translator(lang)
    # English shows the codes as the warehouse writes them, other languages their labels
    level = row["level"] if lang == "en" or not row["level"] else t.label("level", row["level"])
    field = field_label(row["field"], lang)
    duration = (
        t(
            "{days} days, {months} months",
            days=row["physical_days"],
            months=erasmus.number(row["physical_months"], lang, 2),
        )
        if row["physical_days"] is not None
        else None
    )
    return [
        (N_("Home school"), row["school"]),
        (N_("Participant (pseudonym)"), row["participant_id"]),
        (
            N_("Partner"),
            dcc.Link(row["partner_name"] or row["partner_id"], href=partner_href),
        ),
        (N_("Direction"), t.label("direction", row["direction"])),
        (N_("Academic year, call"), f"{row['academic_year']}, {row['call_year']}"),
        (N_("Dates"), dates),
        (N_("Physical duration"), duration),
        (N_("Activity as imported"), t.label("activity", row["activity"])),
        (N_("Level, field"), ", ".join(p for p in (level, field) if p) or None),
    ]


def classification(row: dict, lang: str) -> list[tuple[str, object]]:
    t = translator(lang)
    term = (
        None
        if row["is_long_term"] is None
        else t("long-term")
        if row["is_long_term"]
        else t("short-term")
    )
    return [
        (N_("Action"), row["action"]),
        (N_("Activity type"), erasmus.activity_type_label(row["activity_type"], lang)),
        (N_("Long or short term"), term),
        (N_("Blended"), _yes_no(row["is_blended"], lang)),
        (N_("Fewer opportunities"), _yes_no(row["has_fewer_opportunities"], lang)),
        (N_("Third country not associated"), _yes_no(row["is_third_country_mobility"], lang)),
        (N_("Funded by Erasmus+ (or unknown)"), _yes_no(row["is_erasmus_funded"], lang)),
        (N_("Reported by the school"), _yes_no(row["is_reported"], lang)),
    ]


def distance(row: dict, lang: str) -> list[tuple[str, object]]:
    def organisation(end: str) -> str | None:
        place = _place(row[f"{end}_city"], row[f"{end}_country_iso2"])
        code = row[f"{end}_erasmus_code"]
        parts = [row[f"{end}_organisation"], f"({place})" if place else None, code]
        return " ".join(p for p in parts if p) or None

    band = erasmus.band_label(row["distance_band"], lang)
    t = translator(lang)
    if band is None and row["distance_km"] is not None:
        band = t("Under 10 km")
    return [
        (N_("From"), organisation("sending")),
        (N_("To"), organisation("receiving")),
        (
            N_("Distance (one way)"),
            None
            if row["distance_km"] is None
            else erasmus.number(row["distance_km"], lang, 1) + " km",
        ),
        (N_("Distance band"), band),
        (N_("Green travel"), _yes_no(row["is_green_travel"], lang)),
        (N_("Funded travel days"), row["funded_travel_days"]),
    ]


def grant(row: dict, lang: str) -> list[tuple[str, object]]:
    def amount(column: str) -> str | None:
        return None if row[column] is None else erasmus.euros(row[column], lang, 2)

    return [
        (N_("Travel"), amount("travel_grant_eur")),
        (N_("Individual support"), amount("individual_support_eur")),
        (N_("Fewer-opportunities top-up"), amount("fewer_opportunities_top_up_eur")),
        (N_("Traineeship top-up"), amount("traineeship_top_up_eur")),
        (N_("Green-travel top-up"), amount("green_travel_top_up_eur")),
        (
            N_("Total"),
            html.B(amount("total_grant_eur")) if amount("total_grant_eur") else None,
        ),
    ]


def checks(row: dict, lang: str) -> html.Table:
    """Every check the warehouse runs, passed or failed with its reason."""
    reasons = {reason.split(":", 1)[0]: reason for reason in row["failed_checks"] or []}
    if lang != "en":  # the warehouse writes its reasons in English: the page writes its own
        t = translator(lang)
        reasons = {
            code.split(".", 1)[0]: erasmus.check_reason(code, row["check_values"], t)
            for code in row["failed_check_codes"] or []
        }
    # a check code the warehouse adds later still shows, after the known ones
    codes = [*erasmus.CHECK_CODES, *(c for c in reasons if c not in erasmus.CHECK_CODES)]
    t = translator(lang)
    return html.Table(
        html.Tbody(
            [
                html.Tr(
                    [
                        html.Td("✗" if code in reasons else "✓", className="check-mark"),
                        html.Td(t.label("check", code)),
                        html.Td(
                            t("failed") if code in reasons else t("passed"),
                            className="check-failed" if code in reasons else "muted",
                        ),
                        html.Td(reasons.get(code, "")),
                    ],
                    **{"data-check": code},
                )
                for code in codes
            ]
        ),
        className="summary-table check-table",
        id=CHECKS,
    )
