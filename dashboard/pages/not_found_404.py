"""An address the dashboard has no page for: said inside the dashboard's frame, with its menu
and a way back to the overview (Dash pages shows this module for any unknown path)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import components
from dashboard.i18n import translator

# last in the registry; Dash shows it for any path no page has (its own path is not linked)
dash.register_page(__name__, name="Page not found", order=99, title="mobility: page not found")

NOT_FOUND = "not-found"


def layout(**query):
    filters, years = components.resolve(query)
    t = translator(filters.lang)
    return components.page_shell(
        "",
        filters,
        years,
        html.Div(
            [
                html.H1(t("Page not found")),
                html.P(t("The dashboard has no page at this address: it may have moved.")),
                html.P(
                    [
                        dcc.Link(t("Back to the overview"), href="/" + filters.to_query()),
                        " · ",
                        dcc.Link(t("Help"), href="/help" + filters.to_query()),
                    ]
                ),
            ],
            id=NOT_FOUND,
            className="not-found",
        ),
    )
