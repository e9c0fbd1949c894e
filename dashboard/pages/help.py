"""Help: what the codes and terms the dashboard shows mean (dashboard/glossary.py)."""

from __future__ import annotations

import dash
from dash import html

from dashboard import components, glossary
from dashboard.i18n import translator

dash.register_page(__name__, path="/help", name="Help", order=7, title="mobility: help")

GLOSSARY = "help-glossary"


def layout(**query):
    filters, years = components.resolve(query)
    t = translator(filters.lang)
    sections = []
    for section, terms in glossary.SECTIONS:
        sections.append(html.H2(t(section)))
        entries = []
        for term, name, meaning in terms:
            # a code is written alike in every language; a term in words is translated
            entries += [
                html.Dt([html.Span(t(term), className="term"), html.Small(t(name))], id=_id(term)),
                html.Dd(t(meaning)),
            ]
        sections.append(html.Dl(entries, className="glossary"))
    return components.page_shell(
        "/help",
        filters,
        years,
        html.H1(t("Help: the codes and terms of the dashboard")),
        html.P(
            t(
                "What the codes shown on the pages mean. A label that names one of them "
                "explains it when the pointer rests on it."
            ),
            className="muted",
        ),
        html.Div(sections, id=GLOSSARY),
    )


def _id(term: str) -> str:
    """The anchor of a term (/help#term-ka131)."""
    return "term-" + "".join(c if c.isalnum() else "-" for c in term.lower()).strip("-")
