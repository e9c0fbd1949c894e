"""One mobility under the Erasmus+ rules: who and when, its classification, its distance, its
grant estimate part by part, and every check with its result; linked from the Erasmus+ page's
list of failed checks."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import dcc, html

from dashboard import components, data, erasmus
from dashboard.i18n import t

dash.register_page(
    __name__,
    path_template="/erasmus/mobility/<mobility_id>",
    name="Erasmus+ mobility",
    order=6,
    title="mobility: Erasmus+ mobility",
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
    if not data.sees_rows():  # one mobility, its dates and pseudonym: not for a viewer
        return components.page_shell(
            "/erasmus",
            filters,
            years,
            html.H1(t("erasmus.mobility.title", lang, mobility_id=mobility_id)),
            html.Div(components.rows_hidden(lang), id=NOT_FOUND),
        )
    detail = data.erasmus_mobility_detail(mobility_id)
    if detail.is_empty():
        return components.page_shell(
            "/erasmus",
            filters,
            years,
            html.H1(t("erasmus.mobility.title", lang, mobility_id=mobility_id)),
            html.Div(
                [
                    components.empty_state(
                        t("erasmus.mobility.not_found", lang, mobility_id=mobility_id)
                    ),
                    dcc.Link(t("erasmus.title", lang), href="/erasmus" + filters.to_query()),
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
            t("erasmus.mobility.back", lang, year=call), href="/erasmus" + back.to_query(), id=BACK
        ),
        html.H1(t("erasmus.mobility.title", lang, mobility_id=mobility_id), id=TITLE),
        None
        if row["is_reported"]
        else html.P(t("erasmus.mobility.not_reported", lang), id=NOT_REPORTED, className="muted"),
        None
        if row["has_rules"]
        else html.P(
            t("erasmus.mobility.no_rules", lang, year=call, rules_year=row["rules_call_year"]),
            id=RULES_NOTE,
            className="muted",
        ),
        dmc.SimpleGrid(
            [
                panel("erasmus.mobility.who", WHO, who(row, filters), lang),
                panel(
                    "erasmus.mobility.classification",
                    CLASSIFICATION,
                    classification(row, lang),
                    lang,
                ),
                panel("erasmus.mobility.distance", DISTANCE, distance(row, lang), lang),
                panel("erasmus.mobility.grant", GRANT, grant(row, lang), lang),
            ],
            cols={"base": 1, "md": 2},
            spacing="sm",
        ),
        dmc.Paper(
            [html.H3(t("erasmus.mobility.checks", lang)), checks(row, lang)],
            withBorder=True,
            p="sm",
            mt="sm",
        ),
    )


def panel(title_key: str, list_id: str, rows: list[tuple[str, object]], lang: str) -> dmc.Paper:
    """A titled list of (label key, value) pairs; 'not known' where a value is missing."""
    unknown = html.Span(t("erasmus.unknown", lang), className="muted")
    return dmc.Paper(
        [
            html.H3(t(title_key, lang)),
            html.Dl(
                [
                    item
                    for key, value in rows
                    for item in (
                        html.Dt(t(key, lang), className="muted"),
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
    return None if value is None else t("erasmus.yes" if value else "erasmus.no", lang)


def _place(city: str | None, country: str | None) -> str | None:
    return ", ".join(part for part in (city, country) if part) or None


def who(row: dict, filters) -> list[tuple[str, object]]:
    lang = filters.lang
    partner_href = components.partner_path(row["partner_id"]) + filters.to_query(
        **{erasmus.CALL_KEY: None}
    )
    dates = " → ".join(
        str(d) if d is not None else "?" for d in (row["start_date"], row["end_date"])
    )
    duration = (
        t(
            "erasmus.field.duration.value",
            lang,
            days=row["physical_days"],
            months=erasmus.number(row["physical_months"], lang, 2),
        )
        if row["physical_days"] is not None
        else None
    )
    return [
        ("erasmus.field.school", row["school"]),
        ("erasmus.field.participant", row["participant_id"]),
        (
            "erasmus.field.partner",
            dcc.Link(row["partner_name"] or row["partner_id"], href=partner_href),
        ),
        ("erasmus.field.direction", t(f"direction.{row['direction']}", lang)),
        ("erasmus.field.academic_year", f"{row['academic_year']}, {row['call_year']}"),
        ("erasmus.field.dates", dates),
        ("erasmus.field.duration", duration),
        ("erasmus.field.activity", t(f"activity.{row['activity']}", lang)),
        ("erasmus.field.level", ", ".join(p for p in (row["level"], row["field"]) if p) or None),
    ]


def classification(row: dict, lang: str) -> list[tuple[str, object]]:
    term = (
        None
        if row["is_long_term"] is None
        else t(
            "erasmus.field.term.long" if row["is_long_term"] else "erasmus.field.term.short", lang
        )
    )
    return [
        ("erasmus.field.action", row["action"]),
        ("erasmus.field.activity_type", row["activity_type"]),
        ("erasmus.field.term", term),
        ("erasmus.field.blended", _yes_no(row["is_blended"], lang)),
        ("erasmus.field.fewer", _yes_no(row["has_fewer_opportunities"], lang)),
        ("erasmus.field.third_country", _yes_no(row["is_third_country_mobility"], lang)),
        ("erasmus.field.funded", _yes_no(row["is_erasmus_funded"], lang)),
        ("erasmus.field.reported", _yes_no(row["is_reported"], lang)),
    ]


def distance(row: dict, lang: str) -> list[tuple[str, object]]:
    def organisation(end: str) -> str | None:
        place = _place(row[f"{end}_city"], row[f"{end}_country_iso2"])
        code = row[f"{end}_erasmus_code"]
        parts = [row[f"{end}_organisation"], f"({place})" if place else None, code]
        return " ".join(p for p in parts if p) or None

    band = erasmus.band_label(row["distance_band"], lang)
    if band is None and row["distance_km"] is not None:
        band = t("erasmus.band.under_10", lang)
    return [
        ("erasmus.field.from", organisation("sending")),
        ("erasmus.field.to", organisation("receiving")),
        (
            "erasmus.field.distance",
            None
            if row["distance_km"] is None
            else erasmus.number(row["distance_km"], lang, 1) + " km",
        ),
        ("erasmus.field.band", band),
        ("erasmus.field.green", _yes_no(row["is_green_travel"], lang)),
        ("erasmus.field.travel_days", row["funded_travel_days"]),
    ]


def grant(row: dict, lang: str) -> list[tuple[str, object]]:
    def amount(column: str) -> str | None:
        return None if row[column] is None else erasmus.euros(row[column], lang, 2)

    return [
        ("erasmus.field.travel_grant", amount("travel_grant_eur")),
        ("erasmus.field.individual_support", amount("individual_support_eur")),
        ("erasmus.field.fewer_top_up", amount("fewer_opportunities_top_up_eur")),
        ("erasmus.field.traineeship_top_up", amount("traineeship_top_up_eur")),
        ("erasmus.field.green_top_up", amount("green_travel_top_up_eur")),
        (
            "erasmus.field.total",
            html.B(amount("total_grant_eur")) if amount("total_grant_eur") else None,
        ),
    ]


def checks(row: dict, lang: str) -> html.Table:
    """Every check the warehouse runs, passed or failed with its reason."""
    reasons = {reason.split(":", 1)[0]: reason for reason in row["failed_checks"] or []}
    # a check code the warehouse adds later still shows, after the known ones
    codes = [*erasmus.CHECK_CODES, *(c for c in reasons if c not in erasmus.CHECK_CODES)]
    return html.Table(
        html.Tbody(
            [
                html.Tr(
                    [
                        html.Td("✗" if code in reasons else "✓", className="check-mark"),
                        html.Td(t(f"erasmus.check.{code}", lang)),
                        html.Td(
                            t("erasmus.mobility.failed", lang)
                            if code in reasons
                            else t("erasmus.mobility.passed", lang),
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
