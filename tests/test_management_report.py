"""The management report (`mobility report management`, the overview's "Report (PDF)"): a PDF
whose text carries the figures the warehouse holds, in English and French, refused cleanly when
the school or the year has nothing, and served by the dashboard as the user may see it."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pypdf
import pytest
from click.testing import CliRunner

from warehouse import audit, db
from warehouse.cli import cli

A, B = "imt-mines-albi", "imt-mines-ales"
YEAR, PREVIOUS = "2024-2025", "2023-2024"
PASSWORD = "correct horse battery staple"


def pdf_text(data: bytes) -> str:
    """The PDF's text layer, spaces and line ends made single spaces."""
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def counted(warehouse: Path, school: str, year: str) -> dict:
    """Outgoing and incoming mobilities of a school in a year, counted from the public view."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select direction, count(*) from mobilities where school_id = ? and academic_year = ?"
            " group by direction",
            [school, year],
        ).fetchall()
    return dict(rows)


def run(*args: str):
    return CliRunner().invoke(cli, ["report", "management", *args])


def test_the_report_of_a_school_carries_its_figures_in_english(demo_warehouse, tmp_path):
    out = tmp_path / "albi.pdf"
    result = run("--school", "IMT Mines Albi", "--year", YEAR, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"{out}: IMT Mines Albi, {YEAR}, en, 3 pages, includes synthetic data" in result.output
    text = pdf_text(out.read_bytes())
    now, before = counted(demo_warehouse, A, YEAR), counted(demo_warehouse, A, PREVIOUS)
    assert now["outgoing"] and now["incoming"]
    # each headline figure, then its change against the year before
    out_change = now["outgoing"] - before["outgoing"]
    assert f"Outgoing students {now['outgoing']} {out_change:+d} (" in text
    assert f"vs {before['outgoing']}" in text
    assert f"Incoming students {now['incoming']} " in text
    balance = now["incoming"] - now["outgoing"]
    assert f"Balance (in − out) {balance} " in text
    params = {"schools": [A], "regions": []}
    agreements = db.query("agreement_kpis", **params, year=YEAR).rows_by_key(
        "academic_year", named=True, unique=True
    )[YEAR]
    assert f"Active agreements {agreements['count_active_agreements']} " in text
    assert f"Partners {agreements['count_partners']} " in text
    assert f"Countries {agreements['count_countries']} " in text
    # title, school, year, date, source and the synthetic flag
    for words in ("Management report", "IMT Mines Albi", f"Academic year {YEAR}",
                  "generated on", "Source: mobility, warehouse warehouse.duckdb, last import",
                  "includes synthetic data", "Synthetic data: this warehouse includes",
                  "Partners and flows by country", "Management indicators",
                  "Partners most out of balance", "Double degrees", "EU benchmark"):  # fmt: skip
        assert words in text, words
    assert "Mines Alès" not in text


def test_the_report_in_french_writes_french_words_and_numbers(demo_warehouse, tmp_path):
    out = tmp_path / "tout.pdf"
    result = run("--year", YEAR, "--out", str(out), "--lang", "fr")
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    now = counted(demo_warehouse, A, YEAR)
    for school in (B, "imt-nord-europe", "moroccan-engineering-school-2019-2020-list"):
        for direction, count in counted(demo_warehouse, school, YEAR).items():
            now[direction] = now.get(direction, 0) + count
    assert f"Étudiants sortants {now['outgoing']} " in text
    assert f"Étudiants entrants {now['incoming']} " in text
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (months,) = con.execute(
            "select round(sum(duration_months), 1) from mobilities where academic_year = ?",
            [YEAR],
        ).fetchone()
    french_months = f"{months:,.1f}".replace(",", " ").replace(".", ",")
    assert f"Mois de mobilité {french_months} " in text
    for words in ("Rapport de direction", "Toutes les écoles", "Année universitaire 2024-2025",
                  "Source : mobility", "contient des données synthétiques",
                  "Indicateurs de pilotage", "Partenaires les plus déséquilibrés"):  # fmt: skip
        assert words in text, words
    assert "Outgoing students" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--school", "Nowhere"], "error: unknown school 'Nowhere'"),
        (["--school", "Télécom Paris"],
         f"error: Télécom Paris: no agreement and no mobility in {YEAR}"),
        (["--year", "2031-2032"],
         "error: no mobilities in 2031-2032 (years with data: 2014-2015 to"),
        (["--year", "2024"], "error: '2024' is not an academic year: write it like 2024-2025"),
    ],
)  # fmt: skip
def test_a_school_or_a_year_without_data_is_one_line_and_exit_1(
    demo_warehouse, tmp_path, args, message
):
    out = tmp_path / "none.pdf"
    options = {"--year": YEAR, **dict(zip(args[::2], args[1::2], strict=True))}
    result = run(*[part for pair in options.items() for part in pair], "--out", str(out))
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not out.exists()


# ---------- the dashboard's button


@pytest.fixture(scope="module")
def app():
    from dashboard.app import create_app

    return create_app()


def client_as(app, warehouse: Path, name: str, role: str, *schools: str):
    (warehouse.parent / "mobility.toml").write_text("[sign_in]\nlocal = true\n")
    options = [arg for school in schools for arg in ("--school", school)]
    result = CliRunner().invoke(
        cli, ["users", "add", name, "--role", role, *options], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    client = app.server.test_client()
    response = client.post("/login", data={"username": name, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_overview_links_to_the_report_of_its_filters(app, demo_warehouse):
    import sys

    import dash

    from dashboard.filters import Filters

    overview = sys.modules[dash.page_registry["pages.overview"]["module"]]

    def find(component, wanted: str):
        if getattr(component, "id", None) == wanted:
            return component
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str):
                found = find(child, wanted)
                if found is not None:
                    return found
        return None

    link = find(overview.layout(schools=A, to=YEAR, lang="fr"), overview.REPORT)
    assert link.children == "Rapport (PDF)"
    path, _, query = link.href.partition("?")
    assert path == "/report/management.pdf"
    assert Filters.from_query(query) == Filters(
        schools=(A,), year_from="2014-2015", year_to=YEAR, lang="fr"
    )


def test_an_officer_of_one_school_gets_its_report_and_nothing_of_another(app, demo_warehouse):
    admin = client_as(app, demo_warehouse, "root", "admin")
    officer = client_as(app, demo_warehouse, "alice", "officer", "IMT Mines Albi")
    # asking for another school, or for all, gives the officer's own school
    for search in (f"schools={B}&to={YEAR}", f"to={YEAR}", f"schools={A}&to={YEAR}"):
        response = officer.get(f"/report/management.pdf?{search}")
        assert response.status_code == 200, search
        assert response.mimetype == "application/pdf"
        text = pdf_text(response.data)
        assert "IMT Mines Albi" in text and "Mines Alès" not in text, search
    theirs = admin.get(f"/report/management.pdf?schools={A}&to={YEAR}")
    assert pdf_text(theirs.data) == text
    assert "mobility-report-imt-mines-albi-2024-2025.pdf" in theirs.headers["Content-Disposition"]
    everything = pdf_text(admin.get(f"/report/management.pdf?to={YEAR}").data)
    assert "All schools" in everything
    downloads = [
        (event.user, event.what) for event in audit.read(action="download")
        if event.what.startswith("mobility-report")
    ]  # fmt: skip
    assert ("alice", "mobility-report-imt-mines-albi-2024-2025.pdf") in downloads
    assert ("root", "mobility-report-all-schools-2024-2025.pdf") in downloads


def test_a_viewer_reads_small_counts_per_partner_as_less_than_5(app, demo_warehouse):
    viewer = client_as(app, demo_warehouse, "vera", "viewer")
    admin = client_as(app, demo_warehouse, "root", "admin")
    hidden = pdf_text(viewer.get(f"/report/management.pdf?schools={A}&to={YEAR}").data)
    shown = pdf_text(admin.get(f"/report/management.pdf?schools={A}&to={YEAR}").data)
    assert "Counts below 5 per partner or per country are shown as “< 5”." in hidden
    assert "< 5" in hidden and "< 5" not in shown
    # the headline figures are not per partner: the same for both
    now = counted(demo_warehouse, A, YEAR)
    assert f"Outgoing students {now['outgoing']} " in hidden


def test_a_year_without_data_is_a_404_not_a_report(app, demo_warehouse):
    client = app.server.test_client()
    response = client.get("/report/management.pdf?schools=telecom-paris&to=2024-2025")
    assert response.status_code == 404
    assert b"no agreement and no mobility" in response.data
