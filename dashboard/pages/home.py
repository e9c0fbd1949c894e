"""Home page (placeholder until the overview of step 3): what the warehouse holds per school."""

import dash
from dash import html

from dashboard import data

dash.register_page(__name__, path="/", name="Overview", order=0, title="mobility: overview")

SUMMARY_TABLE = "home-summary-table"

COLUMNS = (
    ("school", "School"),
    ("count_partners", "Partners"),
    ("count_agreements", "Agreements"),
    ("count_active_agreements", "Active"),
    ("count_group_agreements", "Group-level"),
    ("count_outgoing", "Outgoing students"),
    ("count_incoming", "Incoming students"),
    ("count_academic_years", "Academic years"),
)


def layout(**_query):
    status = data.warehouse_status().row(0, named=True)
    overview = data.school_overview()
    children = [html.H1("What the warehouse holds")]
    if status["count_synthetic_mobilities"] or status["count_synthetic_agreements"]:
        children.append(
            html.Div(
                "Demo data: some figures here are SYNTHETIC — "
                f"{status['count_synthetic_mobilities']} of {status['count_mobilities']} "
                f"mobilities and {status['count_synthetic_agreements']} of "
                f"{status['count_agreements']} agreements were generated, not imported.",
                className="synthetic-banner",
                role="alert",
            )
        )
    if overview.is_empty():
        children.append(
            html.P(
                "The warehouse is empty. Import a partner list with "
                "`mobility import agreements FILE --school NAME`, or run `mobility demo`.",
                className="empty-state",
            )
        )
    else:
        children.append(
            html.Table(
                [
                    html.Thead(html.Tr([html.Th(label) for _, label in COLUMNS])),
                    html.Tbody(
                        [
                            html.Tr([html.Td(row[key]) for key, _ in COLUMNS])
                            for row in overview.iter_rows(named=True)
                        ]
                    ),
                ],
                id=SUMMARY_TABLE,
                className="summary-table",
            )
        )
    last = status["last_import_at"]
    children.append(
        html.P(
            f"Last import: {last:%Y-%m-%d %H:%M}" if last else "No import yet.", className="muted"
        )
    )
    return html.Div(children)
